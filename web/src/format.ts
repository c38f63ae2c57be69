// Formatting helpers for money (KRW) and times (Asia/Seoul).
//
// Amounts arrive from the API as JSON numbers or as strings of integers (64-bit values do not
// fit a double exactly, so the server may send them as strings). KRW has no minor unit: a
// fraction is a bug upstream, so these helpers throw RangeError rather than round.
//
// Times arrive as RFC 3339 with an offset; calendars are Asia/Seoul whatever the browser's
// own zone is.

export type Locale = 'ko' | 'en';

const kIntegerPattern = /^[+-]?\d+$/;

/** Splits an integer amount into sign and digit string; throws RangeError if not an integer. */
function integerParts(amount: number | string | bigint): { negative: boolean; digits: string } {
  let text: string;
  if (typeof amount === 'bigint') {
    text = amount.toString();
  } else if (typeof amount === 'number') {
    if (!Number.isInteger(amount)) throw new RangeError(`not an integer amount: ${amount}`);
    text = BigInt(amount).toString();
  } else if (typeof amount === 'string') {
    const trimmed = amount.trim();
    if (!kIntegerPattern.test(trimmed)) throw new RangeError(`not an integer amount: "${amount}"`);
    text = trimmed;
  } else {
    throw new RangeError(`not an integer amount: ${String(amount)}`);
  }
  let negative = false;
  if (text.startsWith('-') || text.startsWith('+')) {
    negative = text.startsWith('-');
    text = text.slice(1);
  }
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits === '0') negative = false; // no "-0원"
  return { negative, digits };
}

/** Groups a string of digits by thousands: "1234000" -> "1,234,000". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Formats a KRW amount: ko "1,234,000원", en "₩1,234,000"; negatives "-1,000원" / "-₩1,000".
 * Throws RangeError for anything that is not an integer (number, bigint or string of digits).
 */
export function formatKrw(amount: number | string | bigint, locale: Locale): string {
  const { negative, digits } = integerParts(amount);
  const grouped = groupThousands(digits);
  const sign = negative ? '-' : '';
  return locale === 'ko' ? `${sign}${grouped}원` : `${sign}₩${grouped}`;
}

/** Formats a plain count with thousands separators ("2,000"); same input rules as formatKrw. */
export function formatCount(amount: number | string | bigint): string {
  const { negative, digits } = integerParts(amount);
  return (negative ? '-' : '') + groupThousands(digits);
}

// RFC 3339 date-time with a mandatory offset ("Z" or "+09:00"), optional fraction of any length.
const kRfc3339Pattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp with offset; throws RangeError when it is not one. */
export function parseRfc3339(text: string): Date {
  const m = kRfc3339Pattern.exec(text);
  if (!m) throw new RangeError(`not an RFC 3339 time with offset: "${text}"`);
  // Date.parse keeps milliseconds only; cut the fraction to 3 digits so every engine accepts it.
  const fraction = m[7] ? m[7].slice(0, 4) : '';
  const offset = m[8].toUpperCase();
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${fraction}${offset}`);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid time: "${text}"`);
  return new Date(ms);
}

const kSeoul = 'Asia/Seoul';

type Parts = Record<'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute', string>;

function seoulParts(instant: Date, locale: Locale): Parts {
  const format = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', {
    timeZone: kSeoul,
    year: 'numeric',
    month: locale === 'ko' ? 'numeric' : 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts: Partial<Parts> = {};
  for (const p of format.formatToParts(instant)) {
    if (p.type in { year: 1, month: 1, day: 1, weekday: 1, hour: 1, minute: 1 }) {
      parts[p.type as keyof Parts] = p.value;
    }
  }
  return parts as Parts;
}

/**
 * Formats an RFC 3339 time in Asia/Seoul: ko "2026년 11월 25일 (수) 10:00",
 * en "Wed, Nov 25, 2026, 10:00 KST". Throws RangeError for a malformed time.
 */
export function formatKst(time: string | Date, locale: Locale): string {
  const instant = typeof time === 'string' ? parseRfc3339(time) : time;
  const p = seoulParts(instant, locale);
  const month = p.month.replace(/월$/, '');
  return locale === 'ko'
    ? `${p.year}년 ${month}월 ${p.day}일 (${p.weekday}) ${p.hour}:${p.minute}`
    : `${p.weekday}, ${p.month} ${p.day}, ${p.year}, ${p.hour}:${p.minute} KST`;
}

const kDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a calendar date "2026-12-02" (already a Seoul calendar day, no time):
 * ko "2026년 12월 2일 (수)", en "Wed, Dec 2, 2026". Throws RangeError for a malformed date.
 */
export function formatDate(date: string, locale: Locale): string {
  const m = kDatePattern.exec(date);
  if (!m) throw new RangeError(`not a calendar date: "${date}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: "${date}"`);
  }
  const weekday = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', {
    timeZone: 'UTC',
    weekday: 'short',
  }).format(utc);
  if (locale === 'ko') return `${year}년 ${month}월 ${day}일 (${weekday})`;
  const monthName = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short' }).format(utc);
  return `${weekday}, ${monthName} ${day}, ${year}`;
}

/** The Asia/Seoul wall-clock time of an instant, hours and minutes: ko "10:10", en "10:10 KST". */
export function formatKstTime(time: string | Date, locale: Locale): string {
  const instant = typeof time === 'string' ? parseRfc3339(time) : time;
  const p = seoulParts(instant, locale);
  return locale === 'ko' ? `${p.hour}:${p.minute}` : `${p.hour}:${p.minute} KST`;
}
