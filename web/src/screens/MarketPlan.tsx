// Plan a drop (the market's manager, admin): product, opening and closing in Korea time,
// quantity, limit, prices, gift, zones, donation and fair start. Mistakes the page can see are
// shown before sending; the server's 422 field errors are shown next to their fields.
import { useRef, useState } from 'preact/hooks';
import {
  createMarketDrop,
  getMarketProduct,
  isProblem,
  type MarketDrop,
  type MarketProduct,
  type NewMarketDrop,
} from '../api/client';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { kstInputToRfc3339, kstInputValue, nextDropOpening } from '../market/logic';
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
] as const;
type Field = (typeof kFields)[number];
type Values = Record<Field, string> & { free_shipping: boolean };

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
};

const kHints: Partial<Record<Field, MessageKey>> = {
  product_id: 'market.plan.product_id_hint',
  title: 'market.plan.title_hint',
  zones: 'market.plan.zones_hint',
  charity_org_id: 'market.plan.charity_hint',
  fair_start_seconds: 'market.plan.fair_start_hint',
};

const kWholeFields: readonly Field[] = [
  'quantity',
  'per_buyer_limit',
  'price_won',
  'market_price_won',
  'donation_percent',
  'fair_start_seconds',
];
const kRequired: readonly Field[] = ['product_id', 'opens_at', 'closes_at', 'quantity', 'per_buyer_limit', 'price_won', 'market_price_won'];

function initialValues(now: Date): Values {
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
  };
}

/** The request for the form's values, or the field errors the page can see by itself. */
export function planRequest(v: Values, t: I18n['t']): { body?: NewMarketDrop; errors: FieldErrors<Field> } {
  const errors: FieldErrors<Field> = {};
  for (const f of kRequired) if (!v[f].trim()) errors[f] = t('market.plan.required');
  const whole: Partial<Record<Field, number>> = {};
  for (const f of kWholeFields) {
    if (!v[f].trim()) continue;
    const n = parseWhole(v[f]);
    if (n === null) errors[f] = t('market.plan.whole_number');
    else whole[f] = n;
  }
  const opens = v.opens_at ? kstInputToRfc3339(v.opens_at) : null;
  const closes = v.closes_at ? kstInputToRfc3339(v.closes_at) : null;
  if (v.opens_at && !opens) errors.opens_at = t('market.plan.bad_time');
  if (v.closes_at && !closes) errors.closes_at = t('market.plan.bad_time');
  if (opens && closes && Date.parse(closes) <= Date.parse(opens)) errors.closes_at = t('market.plan.closes_before_opens');
  if (whole.quantity !== undefined && whole.per_buyer_limit !== undefined && whole.per_buyer_limit > whole.quantity) {
    errors.per_buyer_limit = t('market.plan.limit_over_quantity');
  }
  const zones = v.zones
    .split(/[,\s]+/)
    .map((z) => z.trim())
    .filter(Boolean);
  if (zones.some((z) => !/^\d{1,5}$/.test(z))) errors.zones = t('market.plan.bad_zones');
  if (Object.keys(errors).length > 0) return { errors };
  const body: NewMarketDrop = {
    product_id: v.product_id.trim(),
    opens_at: opens!,
    closes_at: closes!,
    quantity: whole.quantity!,
    per_buyer_limit: whole.per_buyer_limit!,
    price_won: whole.price_won!,
    market_price_won: whole.market_price_won!,
    free_shipping: v.free_shipping,
    zones,
    donation_percent: whole.donation_percent ?? 0,
    fair_start_seconds: whole.fair_start_seconds ?? 0,
  };
  if (v.title.trim()) body.title = v.title.trim();
  if (v.gift.trim()) body.gift = v.gift.trim();
  if (v.charity_org_id.trim()) body.charity_org_id = v.charity_org_id.trim();
  return { body, errors };
}

export function MarketPlanScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [values, setValues] = useState<Values>(() => initialValues(new Date()));
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [product, setProduct] = useState<MarketProduct | null>(null);
  const [created, setCreated] = useState<MarketDrop | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  usePageTitle(t('market.plan.title'));

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
    setCreated(null);
    const { body, errors: local } = planRequest(values, t);
    setErrors(local);
    if (!body) {
      setFormError(t('market.plan.fix_fields'));
      focusFirst(local);
      return;
    }
    setBusy(true);
    try {
      setCreated(await createMarketDrop(body));
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

  function input(field: Field, type: 'text' | 'datetime-local' | 'number' = 'text') {
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
            required={kRequired.includes(field)}
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
        {input('product_id')}
        {product && (
          <p class="hint" data-testid="plan-product">
            {t('market.plan.product_found', { name: product.name, price: i18n.krw(product.price_won) })}
          </p>
        )}
        {input('title')}
        <div class="form-pair">
          {input('opens_at', 'datetime-local')}
          {input('closes_at', 'datetime-local')}
        </div>
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
          {input('charity_org_id')}
        </div>
        {input('fair_start_seconds', 'number')}
        {formError && (
          <p class="notice notice-error" role="alert">
            {formError}
          </p>
        )}
        {created && (
          <div class="notice notice-success" role="status">
            <p>{t('market.plan.created', { title: created.title })}</p>
            <p>
              <a href={`/market/drops/${created.id}`}>{t('market.view', { title: created.title })}</a>
              {' · '}
              <a href={`/market/drops/${created.id}/live`}>{t('market.live_link')}</a>
            </p>
          </div>
        )}
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('market.plan.submitting') : t('market.plan.submit')}
        </button>
      </form>
    </section>
  );
}
