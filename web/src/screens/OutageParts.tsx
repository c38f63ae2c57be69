// Pieces the outage screens share: an outage's status badge, its period and duration, its
// totals by kind, who may change outages, and the server's field messages in words.
import { Fragment } from 'preact';
import type { OutageEvent, OutageTotals, User } from '../api/client';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { hasRole } from '../nav';
import { durationMinutes, formatMinutes, outageFieldMessage, outageStatus } from '../outage/logic';
import { type FieldErrors, serverFieldErrors } from './MarketForm';

type Translate = I18n['t'];

/** The outage program's manager and admins change outages; auditors only read. */
export function canManageOutages(user: User | null): boolean {
  return hasRole(user, 'manager', 'outage') || hasRole(user, 'admin');
}

export function OutageStatusBadge(props: { event: Pick<OutageEvent, 'ended_at' | 'settled'> }) {
  const { t } = useI18n();
  const status = outageStatus(props.event);
  return <span class={`badge badge-outage-${status}`}>{t(`outage.status.${status}`)}</span>;
}

/** "2026년 11월 18일 (수) 14:10 – 2026년 11월 18일 (수) 17:40", or "… – 진행 중". */
export function periodText(i18n: I18n, e: Pick<OutageEvent, 'started_at' | 'ended_at'>): string {
  const start = i18n.kst(e.started_at);
  return e.ended_at ? `${start} – ${i18n.kst(e.ended_at)}` : i18n.t('outage.period_ongoing', { start });
}

export function durationText(i18n: I18n, e: Pick<OutageEvent, 'started_at' | 'ended_at'>, now: Date): string {
  const text = formatMinutes(durationMinutes(e.started_at, e.ended_at, now), i18n.locale);
  return e.ended_at ? text : i18n.t('outage.duration_ongoing', { duration: text });
}

/** Where the outage hit: its areas, and how many lines it names. */
export function targetsText(t: Translate, e: Pick<OutageEvent, 'areas' | 'line_ids'>): string {
  const parts = [...e.areas];
  if (e.line_ids.length > 0) parts.push(t('outage.lines_named', { count: e.line_ids.length }));
  return parts.join(', ');
}

const kTotals: ReadonlyArray<[keyof OutageTotals, MessageKey, 'count' | 'won']> = [
  ['lines', 'outage.totals.lines', 'count'],
  ['compensated_lines', 'outage.totals.compensated_lines', 'count'],
  ['refund_won', 'outage.totals.refund', 'won'],
  ['voluntary_won', 'outage.totals.voluntary', 'won'],
  ['damages_claimable_won', 'outage.totals.damages_claimable', 'won'],
  ['damages_paid_won', 'outage.totals.damages_paid', 'won'],
];

export function OutageTotalsList(props: { totals: OutageTotals }) {
  const i18n = useI18n();
  return (
    <dl class="facts outage-totals" data-testid="outage-totals">
      {kTotals.map(([key, label, kind]) => (
        <Fragment key={key}>
          <dt>{i18n.t(label)}</dt>
          <dd>
            {kind === 'won'
              ? i18n.krw(props.totals[key])
              : i18n.t('outage.count', { count: props.totals[key].toLocaleString('en-US') })}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** A 422's field errors for `fields`, in the page's language where the message is known. */
export function outageFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  t: Translate,
): { fields: FieldErrors<F>; rest: string[] } {
  const { fields: raw, rest } = serverFieldErrors(error, fields, {});
  const out: FieldErrors<F> = {};
  for (const f of fields) {
    const message = raw[f];
    if (message === undefined) continue;
    const known = outageFieldMessage(message);
    out[f] = known === 'unknown' ? message : known === 'targets' ? t('outage.form.targets') : t(`outage.msg.${known}`);
  }
  return { fields: out, rest };
}
