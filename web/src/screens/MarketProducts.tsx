// A merchant's products (merchant; the market's manager and admins name the merchant): add a
// product to sell in the market, and its photos. A merchant sees its own products with their
// numbers, which the manager needs, newest first; a manager sees the ones added in this visit.
import { useEffect, useState } from 'preact/hooks';
import {
  createMarketProduct,
  deleteProductPhoto,
  isProblem,
  kPhotoBytesMax,
  listMarketProducts,
  type MarketPhoto,
  type MarketProduct,
  type NewMarketProduct,
  uploadProductPhoto,
} from '../api/client';
import { problemMessage, ProblemNotice } from '../components/ProblemNotice';
import { ProductPhoto } from '../components/ProductPhoto';
import { usePageTitle } from '../components/usePageTitle';
import { type MessageKey, useI18n } from '../i18n';
import { hasRole } from '../nav';
import { useSession } from '../session';
import { type FieldErrors, FormField, parseWhole, serverFieldErrors } from './MarketForm';

const kFields = ['merchant_org_id', 'name', 'description', 'origin', 'unit_label', 'price_won', 'market_price_won'] as const;
type Field = (typeof kFields)[number];

const kLabels: Record<Field, MessageKey> = {
  merchant_org_id: 'market.products.merchant_org_id',
  name: 'market.products.name',
  description: 'market.products.description',
  origin: 'market.products.origin',
  unit_label: 'market.products.unit_label',
  price_won: 'market.products.price_won',
  market_price_won: 'market.products.market_price_won',
};

const kEmpty: Record<Field, string> = {
  merchant_org_id: '',
  name: '',
  description: '',
  origin: '',
  unit_label: '',
  price_won: '',
  market_price_won: '',
};

/** The sentence for a photo the server refused (or the page refused before sending it). */
export function photoProblemKey(error: unknown): MessageKey | null {
  if (isProblem(error, 'unsupported-media-type')) return 'market.photos.wrong_type';
  if (isProblem(error, 'body-too-large') || isProblem(error, 'too-large')) return 'market.photos.too_large';
  if (isProblem(error, 'bad-image')) return 'market.photos.bad_image';
  if (isProblem(error, 'too-many-photos')) return 'market.photos.too_many';
  return null;
}

/** A product's photos with a button to add one (the first is the main photo) and to remove each. */
function ProductPhotos(props: { product: MarketProduct; onChange: (photos: MarketPhoto[]) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const { product: p } = props;
  const photos = p.photos ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(work: () => Promise<MarketPhoto[]>) {
    setBusy(true);
    setError(null);
    try {
      props.onChange(await work());
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      const key = photoProblemKey(e);
      setError(key ? t(key) : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  function onFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same file may be chosen again
    if (!file || busy) return;
    if (file.size > kPhotoBytesMax) {
      setError(t('market.photos.too_large'));
      return;
    }
    void run(async () => [...photos, await uploadProductPhoto(p.id, file)]);
  }

  return (
    <div class="product-photos">
      {photos.length > 0 && (
        <ul class="photo-strip">
          {photos.map((photo, i) => (
            <li key={photo.id}>
              <ProductPhoto photo={photo} alt={i === 0 ? p.name : `${p.name} (${i + 1})`} size="card" />
              <button
                type="button"
                class="button button-secondary button-small"
                disabled={busy}
                aria-label={t('market.photos.remove', { n: i + 1 })}
                onClick={() =>
                  void run(async () => {
                    await deleteProductPhoto(p.id, photo.id);
                    return photos.filter((x) => x.id !== photo.id);
                  })
                }
              >
                {t('market.photos.remove_short')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="button button-secondary file-button" aria-busy={busy}>
        {busy ? t('market.photos.uploading') : t('market.photos.add')}
        <input
          type="file"
          class="visually-hidden"
          accept="image/jpeg,image/png,image/webp"
          disabled={busy}
          onChange={onFile}
        />
      </label>
      <p class="hint">{t('market.photos.hint')}</p>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function MarketProductsScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [values, setValues] = useState(kEmpty);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<MarketProduct[]>([]);
  const [mine, setMine] = useState<{ items: MarketProduct[]; cursor: string | null } | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('market.products.title'));
  // A merchant adds its own products; managers and admins say whose.
  const namesMerchant = !hasRole(session.user, 'merchant');
  const ownOrg = namesMerchant ? null : (session.user?.org?.id ?? null);

  async function loadMine(cursor: string | null) {
    if (!ownOrg) return;
    try {
      const page = await listMarketProducts({ merchantOrgId: ownOrg, cursor, limit: 50 });
      setMine((old) => ({ items: cursor && old ? [...old.items, ...page.items] : page.items, cursor: page.next_cursor }));
      setListError(null);
    } catch (e) {
      setListError(e);
    }
  }
  useEffect(() => {
    void loadMine(null);
  }, [ownOrg]);
  // The merchant's list: what was just added, then what the server holds (without repeats).
  const shown = mine ? [...added, ...mine.items.filter((p) => !added.some((a) => a.id === p.id))] : added;

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const local: FieldErrors<Field> = {};
    if (!values.name.trim()) local.name = t('market.plan.required');
    const price = parseWhole(values.price_won);
    const market = parseWhole(values.market_price_won);
    if (price === null) local.price_won = values.price_won.trim() ? t('market.plan.whole_number') : t('market.plan.required');
    if (market === null)
      local.market_price_won = values.market_price_won.trim() ? t('market.plan.whole_number') : t('market.plan.required');
    if (namesMerchant && !values.merchant_org_id.trim()) local.merchant_org_id = t('market.plan.required');
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      setFormError(t('market.plan.fix_fields'));
      document.getElementById(`product-${kFields.find((f) => local[f])}`)?.focus();
      return;
    }
    const body: NewMarketProduct = { name: values.name.trim(), price_won: price!, market_price_won: market! };
    for (const f of ['description', 'origin', 'unit_label', 'merchant_org_id'] as const) {
      if (values[f].trim()) body[f] = values[f].trim();
    }
    setBusy(true);
    try {
      const product = await createMarketProduct(body);
      setAdded((old) => [product, ...old]);
      setValues({ ...kEmpty, merchant_org_id: values.merchant_org_id });
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      if (isProblem(e, 'validation')) {
        const { fields, rest } = serverFieldErrors(e, kFields, {});
        setErrors(fields);
        setFormError([t('market.plan.fix_fields'), ...rest].join(' '));
      } else {
        setFormError(problemMessage(e, t));
      }
    } finally {
      setBusy(false);
    }
  }

  function input(field: Field, hint?: MessageKey) {
    return (
      <FormField id={`product-${field}`} label={t(kLabels[field])} hint={hint ? t(hint) : undefined} error={errors[field]}>
        {(a11y) =>
          field === 'description' ? (
            <textarea
              {...a11y}
              name={field}
              rows={4}
              maxLength={2000}
              value={values[field]}
              onInput={(e) => setValues({ ...values, [field]: e.currentTarget.value })}
            />
          ) : (
            <input
              {...a11y}
              name={field}
              inputMode={field.endsWith('_won') || field === 'merchant_org_id' ? 'numeric' : undefined}
              autoComplete="off"
              maxLength={100}
              value={values[field]}
              onInput={(e) => setValues({ ...values, [field]: e.currentTarget.value })}
            />
          )
        }
      </FormField>
    );
  }

  return (
    <section aria-labelledby="products-title" class="narrow-wide">
      <h1 id="products-title" tabIndex={-1}>
        {t('market.products.title')}
      </h1>
      <p class="muted">{t('market.products.intro')}</p>
      <form class="form panel" onSubmit={onSubmit} noValidate>
        {namesMerchant && input('merchant_org_id', 'market.products.merchant_hint')}
        {input('name')}
        {input('unit_label', 'market.products.unit_label_hint')}
        {input('origin')}
        <div class="form-pair">
          {input('price_won')}
          {input('market_price_won')}
        </div>
        {input('description')}
        {formError && (
          <p class="notice notice-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('market.products.submitting') : t('market.products.submit')}
        </button>
      </form>
      <div aria-live="polite">
        {added.length > 0 && (
          <p class="notice notice-success" role="status">
            {t('market.products.created', { name: added[0].name, id: added[0].id })}
          </p>
        )}
      </div>
      {listError !== null && <ProblemNotice error={listError} onRetry={() => void loadMine(null)} />}
      {shown.length > 0 && (
        <section aria-labelledby="products-added">
          <h2 id="products-added">{ownOrg ? t('market.products.mine') : t('market.products.added')}</h2>
          <ul class="cards">
            {shown.map((p) => (
              <li key={p.id} class="card" data-testid="product">
                <h3 class="card-title">{p.name}</h3>
                <p class="card-meta">
                  {t('market.products.number')} <strong>{p.id}</strong>
                  {p.unit_label && ` · ${p.unit_label}`}
                  {p.origin && ` · ${p.origin}`}
                </p>
                <p class="card-summary">
                  {i18n.krw(p.price_won)} <del class="price-was">{i18n.krw(p.market_price_won)}</del>
                </p>
                <ProductPhotos
                  product={p}
                  onChange={(photos) => {
                    const withPhotos = (x: MarketProduct) => (x.id === p.id ? { ...x, photos } : x);
                    setAdded((old) => old.map(withPhotos));
                    setMine((old) => old && { ...old, items: old.items.map(withPhotos) });
                  }}
                />
              </li>
            ))}
          </ul>
          {mine?.cursor && (
            <button type="button" class="button button-secondary" onClick={() => void loadMine(mine.cursor)}>
              {t('market.more')}
            </button>
          )}
        </section>
      )}
    </section>
  );
}
