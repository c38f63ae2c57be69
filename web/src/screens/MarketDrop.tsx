// A drop's page (public): price next to the market price, benefits, a countdown to the
// opening (KST), live stock, and the buy panel (customers). Buying sends one Idempotency-Key
// per attempt and reuses it on a retry, so a double tap or a lost answer is one order.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import {
  buyDrop,
  type DropState,
  getMarketDraw,
  getMarketProduct,
  isProblem,
  type MarketDraw,
  type MarketDrop,
  type MarketOrder,
  type MarketProduct,
} from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { ProductPhoto } from '../components/ProductPhoto';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount, formatKstTime } from '../format';
import { useI18n } from '../i18n';
import { redraw, type RedrawResult } from '../market/draw';
import { useLiveDrop, useNow } from '../market/live';
import { buyProblemKey, maxUnits, PurchaseAttempts } from '../market/logic';
import { hasRole } from '../nav';
import { useSession } from '../session';
import { countdownText, DropBenefits, DropPrice, DropStateBadge } from './MarketParts';

function Stock(props: { drop: MarketDrop }) {
  const { t } = useI18n();
  const d = props.drop;
  const soldShare = d.quantity > 0 ? Math.round(((d.quantity - d.remaining) * 100) / d.quantity) : 0;
  return (
    <div class="stock">
      <p class="stock-line" aria-live="polite" data-testid="remaining">
        <span>{t('market.remaining')}</span>{' '}
        <strong>
          {t('market.remaining_count', { remaining: formatCount(d.remaining), quantity: formatCount(d.quantity) })}
        </strong>
      </p>
      <div
        class="stock-bar"
        role="meter"
        aria-label={t('market.stock_label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={soldShare}
        aria-valuetext={`${soldShare}%`}
      >
        <span style={{ width: `${soldShare}%` }} />
      </div>
      <p class="hint">{t('market.live_note')}</p>
    </div>
  );
}

function UnitsPicker(props: { value: number; max: number; onChange: (n: number) => void; disabled: boolean }) {
  const { t } = useI18n();
  const { value, max } = props;
  const set = (n: number) => props.onChange(Math.min(max, Math.max(1, Math.floor(n) || 1)));
  return (
    <div class="field">
      <label for="buy-units">{t('market.units')}</label>
      <div class="stepper">
        <button
          type="button"
          class="button button-secondary"
          aria-label={t('market.units_less')}
          aria-controls="buy-units"
          disabled={props.disabled || value <= 1}
          onClick={() => set(value - 1)}
        >
          −
        </button>
        <input
          id="buy-units"
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          value={value}
          disabled={props.disabled}
          aria-describedby="buy-limit"
          onInput={(e) => set(Number(e.currentTarget.value))}
        />
        <button
          type="button"
          class="button button-secondary"
          aria-label={t('market.units_more')}
          aria-controls="buy-units"
          disabled={props.disabled || value >= max}
          onClick={() => set(value + 1)}
        >
          +
        </button>
      </div>
    </div>
  );
}

function BuyPanel(props: { drop: MarketDrop; onBought: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const d = props.drop;
  const [units, setUnits] = useState(1);
  const [busy, setBusy] = useState(false);
  const [order, setOrder] = useState<MarketOrder | null>(null);
  const [error, setError] = useState<unknown>(null);
  const attempts = useRef(new PurchaseAttempts());
  const max = maxUnits(d.per_buyer_limit, d.remaining);
  useEffect(() => {
    if (units > max) setUnits(max);
  }, [max]);

  const next = `/market/drops/${d.id}`;
  if (!session.user) {
    return (
      <div class="buy-panel">
        <a class="button button-primary button-block" href={`/login?reason=required&next=${encodeURIComponent(next)}`}>
          {t('market.login_to_buy')}
        </a>
      </div>
    );
  }
  if (!hasRole(session.user, 'customer')) {
    return <p class="notice notice-info">{t('market.customers_only')}</p>;
  }

  async function buy() {
    if (busy) return; // a double tap while the first is in flight sends nothing more
    setBusy(true);
    setError(null);
    setOrder(null);
    const key = attempts.current.keyFor(units);
    try {
      const placed = await buyDrop(d.id, units, key);
      attempts.current.settle();
      setOrder(placed);
    } catch (e) {
      attempts.current.settle(e);
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    } finally {
      setBusy(false);
      props.onBought();
    }
  }

  const canBuy = d.state === 'open';
  const errorKey = error === null ? null : buyProblemKey(error);
  return (
    <form
      class="buy-panel"
      aria-label={t('market.buy')}
      onSubmit={(e) => {
        e.preventDefault();
        void buy();
      }}
    >
      {canBuy && (
        <>
          <UnitsPicker value={units} max={max} onChange={setUnits} disabled={busy} />
          <p class="buy-total">
            <span>{t('market.total')}</span> <strong>{i18n.krw(d.price_won * units)}</strong>
          </p>
        </>
      )}
      {!canBuy && <p class="notice notice-info">{t(`market.not_buyable.${d.state as Exclude<DropState, 'open'>}`)}</p>}
      <button
        type="submit"
        class="button button-primary button-block button-buy"
        disabled={!canBuy || busy}
        aria-busy={busy}
      >
        {busy ? t('market.buying') : t('market.buy')}
      </button>
      <div aria-live="polite">
        {order && (
          <div class="notice notice-success" role="status">
            <p>{t('market.held', { units: formatCount(order.units), time: formatKstTime(order.pay_by, i18n.locale) })}</p>
            <p>
              <a href="/market/orders">{t('market.see_orders')}</a>
            </p>
          </div>
        )}
      </div>
      {error !== null &&
        (errorKey ? (
          <p class="notice notice-error" role="alert">
            {t(errorKey, { seconds: isProblem(error) ? (error.retryAfterSeconds ?? 1) : 1 })}
          </p>
        ) : (
          <p class="notice notice-error" role="alert">
            {problemMessage(error, t)}
          </p>
        ))}
    </form>
  );
}

function ProductFacts(props: { drop: MarketDrop; product: MarketProduct | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { drop: d, product: p } = props;
  return (
    <section class="panel" aria-labelledby="drop-facts">
      <h2 id="drop-facts">{t('market.product_facts')}</h2>
      <dl class="facts">
        {p?.origin && (
          <>
            <dt>{t('market.origin')}</dt>
            <dd>{p.origin}</dd>
          </>
        )}
        {p?.unit_label && (
          <>
            <dt>{t('market.unit')}</dt>
            <dd>{p.unit_label}</dd>
          </>
        )}
        <dt>{t('market.period')}</dt>
        <dd>{t('market.period_value', { opens: i18n.kst(d.opens_at), closes: i18n.kst(d.closes_at) })}</dd>
        <dt>{t('market.zones')}</dt>
        <dd>{d.zones.length === 0 ? t('market.zones_all') : t('market.zones_list', { zones: d.zones.join(', ') })}</dd>
      </dl>
      {p?.description && <p class="product-description">{p.description}</p>}
      {d.fair_start_seconds > 0 && (
        <p class="hint">
          {t('market.fair_start', { seconds: d.fair_start_seconds })}
          {d.seed_commitment && (
            <>
              {' '}
              <code class="break">{t('market.seed_commitment', { hash: d.seed_commitment })}</code>
            </>
          )}
        </p>
      )}
    </section>
  );
}

// After a fair-start draw: the seed, its published hash, the order recomputed in the browser
// (market/draw.ts) and how anyone checks it with `sangsaeng market redraw`.
function DrawResult(props: { drop: MarketDrop }) {
  const { t } = useI18n();
  const d = props.drop;
  const [draw, setDraw] = useState<MarketDraw | null>(null);
  const [check, setCheck] = useState<RedrawResult | null>(null);
  useEffect(() => {
    if (!d.drawn || d.fair_start_seconds === 0) return;
    const abort = new AbortController();
    getMarketDraw(d.id, { signal: abort.signal })
      .then(async (published) => {
        setDraw(published);
        setCheck(await redraw(published));
      })
      .catch(() => {}); // the page stands without it; the JSON link still works
    return () => abort.abort();
  }, [d.id, d.drawn]);
  if (!d.drawn || d.fair_start_seconds === 0) return null;
  const url = `/api/v1/market/drops/${encodeURIComponent(d.id)}/draw`;
  return (
    <section class="panel" aria-labelledby="draw-check" data-testid="draw-check">
      <h2 id="draw-check">{t('market.draw.title')}</h2>
      <p>{t('market.draw.intro', { seconds: d.fair_start_seconds, entries: formatCount(draw?.entries.length ?? 0) })}</p>
      <dl class="facts">
        <dt>{t('market.draw.seed')}</dt>
        <dd>
          <code class="break" data-testid="draw-seed">
            {draw?.seed ?? d.seed ?? ''}
          </code>
        </dd>
        <dt>{t('market.draw.commitment')}</dt>
        <dd>
          <code class="break">{d.seed_commitment}</code>
        </dd>
      </dl>
      {draw && (
        <p role="status" data-testid="draw-verdict">
          {check === null
            ? t('market.draw.checking')
            : check.commitmentMatches && check.orderMatches
              ? t('market.draw.verified')
              : t('market.draw.mismatch')}
        </p>
      )}
      <p class="hint">{t('market.draw.how')}</p>
      <pre class="command">
        <code>{`curl -s ${location.origin}${url} > draw.json\nsangsaeng market redraw draw.json`}</code>
      </pre>
      <p>
        <a href={url}>{t('market.draw.json')}</a>
      </p>
    </section>
  );
}

export function MarketDropScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const { params } = useRoute();
  const id = params.id ?? '';
  const { drop, error, refresh } = useLiveDrop(id);
  const [product, setProduct] = useState<MarketProduct | null>(null);
  const now = useNow();
  usePageTitle(drop?.title ?? t('market.title'));

  useEffect(() => {
    if (!drop?.product_id) return;
    const abort = new AbortController();
    getMarketProduct(drop.product_id, { signal: abort.signal })
      .then(setProduct)
      .catch(() => {}); // the drop stands on its own; the product adds details
    return () => abort.abort();
  }, [drop?.product_id]);

  const msLeft = drop ? Date.parse(drop.opens_at) - now : 0;
  const opening = drop?.state === 'scheduled' ? countdownText(t, msLeft) : null;
  // The countdown reached zero: ask the server for the new state now rather than at the next poll.
  useEffect(() => {
    if (drop?.state === 'scheduled' && msLeft <= 0) refresh();
  }, [drop?.state, msLeft <= 0]);

  if (!drop) {
    return (
      <section>
        <p>
          <a href="/market">← {t('market.back')}</a>
        </p>
        {error !== null ? (
          isProblem(error, 'not-found') || (isProblem(error) && error.status === 404) ? (
            <h1 tabIndex={-1}>{t('market.problem.not_found')}</h1>
          ) : (
            <ProblemNotice error={error} onRetry={refresh} />
          )
        ) : (
          <p class="muted" role="status">
            {t('app.loading')}
          </p>
        )}
      </section>
    );
  }

  const manages = hasRole(session.user, 'manager', 'market') || hasRole(session.user, 'admin') || hasRole(session.user, 'auditor');
  return (
    <article class="drop" aria-labelledby="drop-title">
      <p class="drop-back">
        <a href="/market">← {t('market.back')}</a>
      </p>
      <header class="drop-head">
        <DropStateBadge state={drop.state} />
        <h1 id="drop-title" tabIndex={-1}>
          {drop.title}
        </h1>
        {product?.unit_label && <p class="muted drop-unit">{product.unit_label}</p>}
      </header>
      {product && <ProductPhoto photo={product.photos?.[0]} alt={product.name} size="page" />}
      <DropPrice drop={drop} large />
      <DropBenefits drop={drop} />
      {opening && (
        <div class="countdown" role="timer" aria-live="off">
          <p class="countdown-time">{opening}</p>
          <p class="countdown-when">{t('market.opens_at', { time: i18n.kst(drop.opens_at) })}</p>
        </div>
      )}
      {drop.state !== 'scheduled' && <Stock drop={drop} />}
      <p class="drop-limit" id="buy-limit">
        {t('market.limit', { limit: formatCount(drop.per_buyer_limit) })}
      </p>
      <BuyPanel drop={drop} onBought={refresh} />
      {error !== null && <ProblemNotice error={error} onRetry={refresh} />}
      <ProductFacts drop={drop} product={product} />
      <DrawResult drop={drop} />
      {manages && (
        <p>
          <a href={`/market/drops/${drop.id}/live`}>{t('market.live_link')}</a>
        </p>
      )}
    </article>
  );
}
