// The merchant's orders to ship (merchant; the market's manager and admins see every farm's):
// by status, each with its address; packed, shipped with the courier's tracking number,
// delivered, or refunded before it ships; and the courier's label file for the orders shown.
import { useEffect, useState } from 'preact/hooks';
import {
  advanceMarketOrder,
  isProblem,
  listMerchantOrders,
  type MarketOrderView,
  merchantLabelsUrl,
  type OrderStatus,
} from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount } from '../format';
import { useI18n } from '../i18n';
import { kCarriers, nextStep } from '../market/shipping';
import { useSession } from '../session';
import { FormField } from './MarketForm';
import { RefundRequest } from './MarketOrderShipping';
import { orderStatusLabel } from './MarketParts';

const kFilters: readonly OrderStatus[] = ['paid', 'packed', 'shipped', 'delivered', 'refunded'];

function ShipForm(props: { order: MarketOrderView; busy: boolean; onShip: (carrier: string, tracking: string) => void }) {
  const { t } = useI18n();
  const [carrier, setCarrier] = useState(kCarriers[0]);
  const [tracking, setTracking] = useState('');
  const id = `ship-${props.order.id}`;
  return (
    <form
      class="ship-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onShip(carrier, tracking.trim());
      }}
    >
      <FormField id={`${id}-carrier`} label={t('market.shipping.carrier')}>
        {(a11y) => (
          <select {...a11y} value={carrier} onChange={(e) => setCarrier((e.target as HTMLSelectElement).value)}>
            {kCarriers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id={`${id}-tracking`} label={t('market.shipping.tracking_no')}>
        {(a11y) => (
          <input
            {...a11y}
            inputMode="numeric"
            maxLength={30}
            required
            value={tracking}
            onInput={(e) => setTracking((e.target as HTMLInputElement).value)}
          />
        )}
      </FormField>
      <button type="submit" class="button button-primary" disabled={props.busy} aria-busy={props.busy}>
        {t('market.shipping.ship')}
      </button>
    </form>
  );
}

function ShippingCard(props: { order: MarketOrderView; onMoved: (o: MarketOrderView) => void; onStale: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const o = props.order;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const step = nextStep(o.status);

  async function move(carrier = '', tracking = '') {
    if (!step || busy) return;
    setBusy(true);
    setError(null);
    try {
      props.onMoved(await advanceMarketOrder(o.id, step, step === 'shipped' ? { carrier, tracking_no: tracking } : {}));
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      if (isProblem(e, 'illegal-transition')) {
        setError(t('market.shipping.illegal'));
        props.onStale();
      } else {
        setError(problemMessage(e, t));
      }
    } finally {
      setBusy(false);
    }
  }

  const to = o.ship_to;
  return (
    <li class="card order-card" data-testid="shipment">
      <div class="card-head">
        <h2 class="card-title">{to ? to.recipient : t('market.order.number', { id: o.id })}</h2>
        <span class={`badge badge-order-${o.status}`}>{orderStatusLabel(t, o.status)}</span>
      </div>
      <p class="order-line">
        {o.drop_title} · {t('market.order.units', { units: formatCount(o.units) })}
      </p>
      {to && (
        <address class="ship-address">
          ({to.postal_code}) {to.address1} {to.address2}
          <br />
          {to.phone}
          {to.memo && (
            <>
              <br />
              {t('market.shipping.memo', { memo: to.memo })}
            </>
          )}
        </address>
      )}
      {o.shipping && o.shipping.tracking_no && (
        <p class="order-tracking">{t('market.ship.tracking', { carrier: o.shipping.carrier, number: o.shipping.tracking_no })}</p>
      )}
      <p class="card-meta">{t('market.order.number', { id: o.id })}</p>
      {step === 'packed' && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void move()}>
          {t('market.shipping.pack')}
        </button>
      )}
      {step === 'shipped' && <ShipForm order={o} busy={busy} onShip={(c, n) => void move(c, n)} />}
      {step === 'delivered' && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void move()}>
          {t('market.shipping.deliver')}
        </button>
      )}
      <RefundRequest order={o} onRefunded={props.onMoved} />
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function MarketShippingScreen() {
  const { t } = useI18n();
  const session = useSession();
  const [status, setStatus] = useState<OrderStatus>('paid');
  const [orders, setOrders] = useState<MarketOrderView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const [moved, setMoved] = useState<string | null>(null);
  usePageTitle(t('market.shipping.title'));

  async function load(next: string | null, wanted = status) {
    try {
      const page = await listMerchantOrders({ status: wanted }, { cursor: next });
      setOrders((old) => (next ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    } finally {
      setLoaded(true);
    }
  }

  useEffect(() => {
    void load(null, status);
  }, [status]);

  return (
    <section aria-labelledby="shipping-title">
      <h1 id="shipping-title" tabIndex={-1}>
        {t('market.shipping.title')}
      </h1>
      <div class="toolbar">
        <FormField id="shipping-status" label={t('market.shipping.filter')}>
          {(a11y) => (
            <select
              {...a11y}
              value={status}
              onChange={(e) => {
                setMoved(null);
                setStatus((e.target as HTMLSelectElement).value as OrderStatus);
              }}
            >
              {kFilters.map((s) => (
                <option key={s} value={s}>
                  {orderStatusLabel(t, s)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <a class="button button-secondary" href={merchantLabelsUrl({ status })} download="labels.csv">
          {t('market.shipping.labels')}
        </a>
      </div>
      {moved && (
        <p class="notice notice-success" role="status">
          {moved}
        </p>
      )}
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(null)} />}
      {loaded && orders.length === 0 && !error && <p class="muted">{t('market.shipping.empty')}</p>}
      {orders.length > 0 && (
        <ul class="cards">
          {orders.map((o) => (
            <ShippingCard
              key={o.id}
              order={o}
              onStale={() => void load(null)}
              onMoved={(changed) => {
                setMoved(t('market.shipping.moved', { id: changed.id, status: orderStatusLabel(t, changed.status) }));
                // It leaves this status's list.
                setOrders((old) => old.filter((x) => x.id !== changed.id));
              }}
            />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          {t('market.more')}
        </button>
      )}
    </section>
  );
}
