// Plan a drop or a season of weekly drops (the market's manager, admin): product, opening and
// closing in Korea time (or weekday, time and weeks, the dates shown before sending), quantity,
// limit, prices, gift, zones, donation and fair start. Mistakes the page can see are shown
// before sending; the server's 422 field errors are shown next to their fields.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  createMarketDrop,
  getMarketProduct,
  isProblem,
  listMarketCharities,
  listMarketProducts,
  type MarketCharity,
  type MarketDrop,
  type MarketProduct,
  type NewMarketDrop,
  type NewMarketSeason,
  planMarketSeason,
} from '../api/client';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { kstInputToRfc3339, kstInputValue, nextDropOpening } from '../market/logic';
import { kSeasonWeeksMax, parseTimeOfDay, weeklyOpenings } from '../market/season';
import { useSession } from '../session';
import { type FieldErrors, FormField, parseWhole, serverFieldErrors } from './MarketForm';

const kFields = [
  'product_id',
  'title',
  'opens_at',
  'closes_at',
  'quantity',
  'per_buyer_limit',
  'price_won',
  'market_price_won',
  'gift',
  'zones',
  'donation_percent',
  'charity_org_id',
  'fair_start_seconds',
  'weeks',
  'weekday',
  'time',
  'open_hours',
] as const;
type Field = (typeof kFields)[number];
/** One drop, or a season of weekly drops. */
export type PlanMode = 'once' | 'season';
export type Values = Record<Field, string> & { free_shipping: boolean; mode: PlanMode };

const kLabels: Record<Field, MessageKey> = {
  product_id: 'market.plan.product_id',
  title: 'market.plan.title_field',
  opens_at: 'market.plan.opens_at',
  closes_at: 'market.plan.closes_at',
  quantity: 'market.plan.quantity',
  per_buyer_limit: 'market.plan.per_buyer_limit',
  price_won: 'market.plan.price_won',
  market_price_won: 'market.plan.market_price_won',
  gift: 'market.plan.gift',
  zones: 'market.plan.zones',
  donation_percent: 'market.plan.donation_percent',
  charity_org_id: 'market.plan.charity_org_id',
  fair_start_seconds: 'market.plan.fair_start_seconds',
  weeks: 'market.season.weeks',
  weekday: 'market.season.weekday',
  time: 'market.season.time',
  open_hours: 'market.season.open_hours',
};

const kHints: Partial<Record<Field, MessageKey>> = {
  product_id: 'market.plan.product_id_hint',
  title: 'market.plan.title_hint',
  zones: 'market.plan.zones_hint',
  charity_org_id: 'market.plan.charity_hint',
  fair_start_seconds: 'market.plan.fair_start_hint',
  open_hours: 'market.season.open_hours_hint',
};

const kWholeFields: readonly Field[] = [
  'quantity',
  'per_buyer_limit',
  'price_won',
  'market_price_won',
  'donation_percent',
  'fair_start_seconds',
  'weeks',
  'open_hours',
];
const kTermsRequired: readonly Field[] = ['product_id', 'quantity', 'per_buyer_limit', 'price_won', 'market_price_won'];
const kRequired: Record<PlanMode, readonly Field[]> = {
  once: [...kTermsRequired, 'opens_at', 'closes_at'],
  season: [...kTermsRequired, 'weeks', 'time', 'open_hours'],
};
const kWeekdays: readonly MessageKey[] = [
  'market.season.sun',
  'market.season.mon',
  'market.season.tue',
  'market.season.wed',
  'market.season.thu',
  'market.season.fri',
  'market.season.sat',
];

export function initialValues(now: Date): Values {
  const opens = nextDropOpening(now);
  const closes = new Date(opens.getTime() + 8 * 3600 * 1000); // the same day, 18:00 KST
  return {
    product_id: '',
    title: '',
    opens_at: kstInputValue(opens),
    closes_at: kstInputValue(closes),
    quantity: '',
    per_buyer_limit: '2',
    price_won: '',
    market_price_won: '',
    gift: '',
    zones: '',
    donation_percent: '0',
    charity_org_id: '',
    fair_start_seconds: '0',
    free_shipping: true,
    mode: 'once',
    weeks: '8',
    weekday: '3',
    time: '10:00',
    open_hours: '8', // 10:00 to 18:00, as a single drop by default
  };
}

/** What the form sends: one drop, or a season's weekly drops. */
export type PlanBody = { mode: 'once'; drop: NewMarketDrop } | { mode: 'season'; season: NewMarketSeason };

/** The season's weekly slot and length from the form, or null while they are not valid. */
function seasonSlot(v: Values): { weekday: number; hour: number; minute: number; weeks: number } | null {
  const weeks = parseWhole(v.weeks);
  const time = parseTimeOfDay(v.time);
  const weekday = Number(v.weekday);
  if (weeks === null || weeks < 1 || weeks > kSeasonWeeksMax || !time || !(weekday >= 0 && weekday <= 6)) return null;
  return { weekday, ...time, weeks };
}

/** The openings (and closings) the season would get after `now`, as the server computes them. */
export function seasonPreview(v: Values, now: Date): Array<{ opens: Date; closes: Date }> {
  const slot = seasonSlot(v);
  const hours = parseWhole(v.open_hours);
  if (!slot || hours === null || hours < 1 || hours > 168) return [];
  return weeklyOpenings(now, slot, slot.weeks).map((opens) => ({
    opens,
    closes: new Date(opens.getTime() + hours * 3_600_000),
  }));
}

/** The request for the form's values, or the field errors the page can see by itself. */
export function planRequest(v: Values, t: I18n['t']): { body?: PlanBody; errors: FieldErrors<Field> } {
  const errors: FieldErrors<Field> = {};
  for (const f of kRequired[v.mode]) if (!v[f].trim()) errors[f] = t('market.plan.required');
  const whole: Partial<Record<Field, number>> = {};
  for (const f of kWholeFields) {
    if (!v[f].trim()) continue;
    const n = parseWhole(v[f]);
    if (n === null) errors[f] = t('market.plan.whole_number');
    else whole[f] = n;
  }
  let opens: string | null = null;
  let closes: string | null = null;
  if (v.mode === 'once') {
    opens = v.opens_at ? kstInputToRfc3339(v.opens_at) : null;
    closes = v.closes_at ? kstInputToRfc3339(v.closes_at) : null;
    if (v.opens_at && !opens) errors.opens_at = t('market.plan.bad_time');
    if (v.closes_at && !closes) errors.closes_at = t('market.plan.bad_time');
    if (opens && closes && Date.parse(closes) <= Date.parse(opens)) errors.closes_at = t('market.plan.closes_before_opens');
  } else {
    if (whole.weeks !== undefined && (whole.weeks < 1 || whole.weeks > kSeasonWeeksMax)) errors.weeks = t('market.season.bad_weeks');
    if (v.time.trim() && !parseTimeOfDay(v.time)) errors.time = t('market.plan.bad_time');
    if (whole.open_hours !== undefined && (whole.open_hours < 1 || whole.open_hours > 168)) {
      errors.open_hours = t('market.season.bad_open_hours');
    }
  }
  if (whole.quantity !== undefined && whole.per_buyer_limit !== undefined && whole.per_buyer_limit > whole.quantity) {
    errors.per_buyer_limit = t('market.plan.limit_over_quantity');
  }
  const zones = v.zones
    .split(/[,\s]+/)
    .map((z) => z.trim())
    .filter(Boolean);
  if (zones.some((z) => !/^\d{1,5}$/.test(z))) errors.zones = t('market.plan.bad_zones');
  if (Object.keys(errors).length > 0) return { errors };
  const terms: Omit<NewMarketDrop, 'opens_at' | 'closes_at'> = {
    product_id: v.product_id.trim(),
    quantity: whole.quantity!,
    per_buyer_limit: whole.per_buyer_limit!,
    price_won: whole.price_won!,
    market_price_won: whole.market_price_won!,
    free_shipping: v.free_shipping,
    zones,
    donation_percent: whole.donation_percent ?? 0,
    fair_start_seconds: whole.fair_start_seconds ?? 0,
  };
  if (v.title.trim()) terms.title = v.title.trim();
  if (v.gift.trim()) terms.gift = v.gift.trim();
  if (v.charity_org_id.trim()) terms.charity_org_id = v.charity_org_id.trim();
  if (v.mode === 'once') return { body: { mode: 'once', drop: { ...terms, opens_at: opens!, closes_at: closes! } }, errors };
  const slot = seasonSlot(v)!;
  return {
    body: {
      mode: 'season',
      season: {
        ...terms,
        weeks: slot.weeks,
        weekday: slot.weekday,
        hour: slot.hour,
        minute: slot.minute,
        open_hours: whole.open_hours!,
      },
    },
    errors,
  };
}

export function MarketPlanScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [values, setValues] = useState<Values>(() => initialValues(new Date()));
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [product, setProduct] = useState<MarketProduct | null>(null);
  const [created, setCreated] = useState<MarketDrop[]>([]);
  const [busy, setBusy] = useState(false);
  const [products, setProducts] = useState<MarketProduct[]>([]);
  const [charities, setCharities] = useState<MarketCharity[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  usePageTitle(t('market.plan.title'));

  // Suggestions for the product and charity fields (the newest 200 of each); typing an id works too.
  useEffect(() => {
    const abort = new AbortController();
    listMarketProducts({ limit: 200, signal: abort.signal }).then((p) => setProducts(p.items), () => {});
    listMarketCharities({ limit: 200, signal: abort.signal }).then((c) => setCharities(c.items), () => {});
    return () => abort.abort();
  }, []);
  const charity = charities.find((c) => c.id === values.charity_org_id.trim());
  const preview = values.mode === 'season' ? seasonPreview(values, new Date()) : [];

  function focusFirst(errs: FieldErrors<Field>) {
    const first = kFields.find((f) => errs[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#plan-${first}`)?.focus();
  }

  async function lookUpProduct(id: string) {
    setProduct(null);
    if (!id.trim()) return;
    try {
      const p = await getMarketProduct(id.trim());
      setProduct(p);
      // The product's prices are the starting point; the manager may set the drop's own.
      setValues((v) => ({
        ...v,
        price_won: v.price_won || String(p.price_won),
        market_price_won: v.market_price_won || String(p.market_price_won),
      }));
      setErrors((e) => ({ ...e, product_id: undefined }));
    } catch (e) {
      if (isProblem(e) && e.status === 404) setErrors((old) => ({ ...old, product_id: t('market.plan.unknown_product') }));
    }
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    setCreated([]);
    const { body, errors: local } = planRequest(values, t);
    setErrors(local);
    if (!body) {
      setFormError(t('market.plan.fix_fields'));
      focusFirst(local);
      return;
    }
    setBusy(true);
    try {
      if (body.mode === 'once') setCreated([await createMarketDrop(body.drop)]);
      else setCreated((await planMarketSeason(body.season)).items);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      if (isProblem(e, 'validation')) {
        const { fields, rest } = serverFieldErrors(e, kFields, {
          product_id: t('market.plan.unknown_product'),
          per_buyer_limit: t('market.plan.limit_over_quantity'),
          charity_org_id: t('market.plan.charity_needed'),
          zones: t('market.plan.bad_zones'),
        });
        setErrors(fields);
        setFormError([t('market.plan.fix_fields'), ...rest].join(' '));
        focusFirst(fields);
      } else {
        setFormError(problemMessage(e, t));
      }
    } finally {
      setBusy(false);
    }
  }

  function input(field: Field, type: 'text' | 'datetime-local' | 'number' | 'time' = 'text', list?: string) {
    return (
      <FormField
        id={`plan-${field}`}
        label={t(kLabels[field])}
        hint={kHints[field] ? t(kHints[field]!) : undefined}
        error={errors[field]}
      >
        {(a11y) => (
          <input
            {...a11y}
            name={field}
            type={type === 'number' ? 'text' : type}
            inputMode={type === 'number' ? 'numeric' : undefined}
            autoComplete="off"
            list={list}
            required={kRequired[values.mode].includes(field)}
            value={values[field]}
            onInput={(e) => setValues({ ...values, [field]: e.currentTarget.value })}
            onBlur={field === 'product_id' ? (e) => void lookUpProduct(e.currentTarget.value) : undefined}
          />
        )}
      </FormField>
    );
  }

  return (
    <section aria-labelledby="plan-heading" class="narrow-wide">
      <h1 id="plan-heading" tabIndex={-1}>
        {t('market.plan.title')}
      </h1>
      <p class="muted">{t('market.plan.intro')}</p>
      <form ref={formRef} class="form panel" onSubmit={onSubmit} noValidate>
        <fieldset class="field choice-row">
          <legend>{t('market.season.mode')}</legend>
          {(['once', 'season'] as const).map((mode) => (
            <label key={mode} class="choice">
              <input
                type="radio"
                name="mode"
                value={mode}
                checked={values.mode === mode}
                onChange={() => {
                  setValues({ ...values, mode });
                  setErrors({});
                }}
              />{' '}
              {t(mode === 'once' ? 'market.season.mode_once' : 'market.season.mode_season')}
            </label>
          ))}
        </fieldset>
        {input('product_id', 'text', 'plan-products')}
        <datalist id="plan-products">
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.merchant_name ? `${p.name} · ${p.merchant_name}` : p.name}
            </option>
          ))}
        </datalist>
        {product && (
          <p class="hint" data-testid="plan-product">
            {t('market.plan.product_found', { name: product.name, price: i18n.krw(product.price_won) })}
            {product.merchant_name ? ` · ${product.merchant_name}` : ''}
          </p>
        )}
        {input('title')}
        {values.mode === 'once' ? (
          <div class="form-pair">
            {input('opens_at', 'datetime-local')}
            {input('closes_at', 'datetime-local')}
          </div>
        ) : (
          <>
            <div class="form-pair">
              {input('weeks', 'number')}
              <FormField id="plan-weekday" label={t(kLabels.weekday)} error={errors.weekday}>
                {(a11y) => (
                  <select
                    {...a11y}
                    name="weekday"
                    value={values.weekday}
                    onChange={(e) => setValues({ ...values, weekday: e.currentTarget.value })}
                  >
                    {kWeekdays.map((key, day) => (
                      <option key={key} value={String(day)}>
                        {t(key)}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
            </div>
            <div class="form-pair">
              {input('time', 'time')}
              {input('open_hours', 'number')}
            </div>
            {preview.length > 0 && (
              <section class="season-preview" aria-labelledby="plan-preview-heading">
                <h2 id="plan-preview-heading">{t('market.season.preview', { weeks: preview.length })}</h2>
                <ol data-testid="season-preview">
                  {preview.map(({ opens, closes }) => (
                    <li key={opens.toISOString()}>
                      <time dateTime={opens.toISOString()}>{i18n.kst(opens.toISOString())}</time>
                      {' – '}
                      <time dateTime={closes.toISOString()}>{i18n.kst(closes.toISOString())}</time>
                    </li>
                  ))}
                </ol>
              </section>
            )}
          </>
        )}
        <div class="form-pair">
          {input('quantity', 'number')}
          {input('per_buyer_limit', 'number')}
        </div>
        <div class="form-pair">
          {input('price_won', 'number')}
          {input('market_price_won', 'number')}
        </div>
        {input('gift')}
        <div class="field field-check">
          <input
            id="plan-free_shipping"
            type="checkbox"
            checked={values.free_shipping}
            onChange={(e) => setValues({ ...values, free_shipping: e.currentTarget.checked })}
          />
          <label for="plan-free_shipping">{t('market.plan.free_shipping')}</label>
        </div>
        {input('zones')}
        <div class="form-pair">
          {input('donation_percent', 'number')}
          {input('charity_org_id', 'text', 'plan-charities')}
        </div>
        <datalist id="plan-charities">
          {charities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </datalist>
        {charity && (
          <p class="hint" data-testid="plan-charity">
            {charity.name}
          </p>
        )}
        {input('fair_start_seconds', 'number')}
        {formError && (
          <p class="notice notice-error" role="alert">
            {formError}
          </p>
        )}
        {created.length > 0 && (
          <div class="notice notice-success" role="status">
            {created.length === 1 ? (
              <p>{t('market.plan.created', { title: created[0].title })}</p>
            ) : (
              <p>{t('market.season.created', { weeks: created.length })}</p>
            )}
            <ul class="plain-list" data-testid="plan-created">
              {created.map((d) => (
                <li key={d.id}>
                  <a href={`/market/drops/${d.id}`}>{t('market.view', { title: d.title })}</a>
                  {created.length > 1 && (
                    <>
                      {' · '}
                      <time dateTime={d.opens_at}>{i18n.kst(d.opens_at)}</time>
                    </>
                  )}
                  {' · '}
                  <a href={`/market/drops/${d.id}/live`}>{t('market.live_link')}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy
            ? t('market.plan.submitting')
            : values.mode === 'season'
              ? t('market.season.submit', { weeks: preview.length || values.weeks })
              : t('market.plan.submit')}
        </button>
      </form>
    </section>
  );
}
