// The buyer's orders (customer): status, amount, and for held orders the payment deadline,
// payment (with the delivery address) and cancel; for paid ones the shipping and a refund request.
import { useEffect, useState } from 'preact/hooks';
import {
  cancelMarketOrder,
  isProblem,
  listMyMarketOrders,
  type MarketOrder,
  type MarketOrderView,
  payMarketOrder,
  type ShipTo,
} from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount, formatKstTime } from '../format';
import { useI18n } from '../i18n';
import { kPaymentMethods, payProblemKey } from '../market/payment';
import { kEmptyShipTo, type ShipToField, shipToErrors, shipToFieldsOf } from '../market/shipping';
import { useSession } from '../session';
import { OrderGivingNote } from './MarketOrderGiving';
import { OrderAfterPayment } from './MarketOrderShipping';
import { orderStatusLabel } from './MarketParts';
import { ShipToFields } from './MarketShipTo';

function PayPanel(props: { order: MarketOrder; onPaid: (o: MarketOrder) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const o = props.order;
  const [token, setToken] = useState(kPaymentMethods[0].token);
  const [shipTo, setShipTo] = useState<ShipTo>(kEmptyShipTo);
  const [invalid, setInvalid] = useState<ShipToField[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pay(event: Event) {
    event.preventDefault();
    if (busy) return;
    const bad = shipToErrors(shipTo);
    setInvalid(bad);
    if (bad.length > 0) {
      setError(t('market.pay.fix_address'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onPaid(await payMarketOrder(o.id, token, shipTo));
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      if (isProblem(e, 'validation')) setInvalid(shipToFieldsOf(e.errors));
      if (isProblem(e, 'outside-delivery-zones')) setInvalid(['postal_code']);
      const key = isProblem(e) ? payProblemKey(e.slug) : null;
      setError(key ? t(key) : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  const name = `pay-${o.id}`;
  return (
    <form class="pay-panel" onSubmit={pay} noValidate>
      <ShipToFields idPrefix={`ship-${o.id}`} value={shipTo} invalid={invalid} onChange={setShipTo} />
      <fieldset>
        <legend>{t('market.pay.method')}</legend>
        <p class="hint">{t('market.pay.sandbox_note')}</p>
        {kPaymentMethods.map((m) => (
          <div key={m.token} class="field-check">
            <input
              id={`${name}-${m.token}`}
              type="radio"
              name={name}
              value={m.token}
              checked={token === m.token}
              onChange={() => setToken(m.token)}
            />
            <label for={`${name}-${m.token}`}>{t(m.label)}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" class="button button-primary button-block" disabled={busy} aria-busy={busy}>
        {busy ? t('market.pay.paying') : t('market.pay.submit', { amount: i18n.krw(o.amount_won) })}
      </button>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function OrderCard(props: { order: MarketOrderView; onChanged: (o: MarketOrder) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const o = props.order;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<'cancelled' | 'paid' | null>(null);
  const [paying, setPaying] = useState(false);

  async function cancel() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await cancelMarketOrder(o.id));
      setDone('cancelled');
      setPaying(false);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(isProblem(e, 'not-cancellable') ? t('market.orders.not_cancellable') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card order-card" data-testid="order">
      <div class="card-head">
        <h2 class="card-title">
          <a href={`/market/drops/${o.drop_id}`}>{o.drop_title || t('market.order.number', { id: o.drop_id })}</a>
        </h2>
        <span class={`badge badge-order-${o.status}`}>{orderStatusLabel(t, o.status)}</span>
      </div>
      <p class="order-line">
        {t('market.order.units', { units: formatCount(o.units) })} · <strong>{i18n.krw(o.amount_won)}</strong>
      </p>
      {o.status === 'held' && (
        <p class="order-pay-by">{t('market.order.pay_by', { time: formatKstTime(o.pay_by, i18n.locale) })}</p>
      )}
      <p class="card-meta">
        <span id={`order-${o.id}-number`}>{t('market.order.number', { id: o.id })}</span>
        {o.created_at && (
          <>
            {' · '}
            <time dateTime={o.created_at}>{i18n.kst(o.created_at)}</time>
          </>
        )}
      </p>
      {o.status === 'held' && !paying && (
        <button type="button" class="button button-primary" onClick={() => setPaying(true)}>
          {t('market.pay.open')}
        </button>
      )}
      {o.status === 'held' && paying && (
        <PayPanel
          order={o}
          onPaid={(paid) => {
            props.onChanged(paid);
            setDone('paid');
            setPaying(false);
          }}
        />
      )}
      {o.status === 'held' && (
        <button
          type="button"
          class="button button-secondary"
          disabled={busy}
          aria-busy={busy}
          aria-describedby={`order-${o.id}-number`}
          onClick={() => void cancel()}
        >
          {busy ? t('market.orders.cancelling') : t('market.orders.cancel')}
        </button>
      )}
      <OrderGivingNote order={o} />
      <OrderAfterPayment order={o} onChanged={props.onChanged} />
      {done && (
        <p class="notice notice-success" role="status">
          {done === 'paid' ? t('market.pay.paid') : t('market.orders.cancelled')}
        </p>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function MarketOrdersScreen() {
  const { t } = useI18n();
  const session = useSession();
  const [orders, setOrders] = useState<MarketOrderView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  usePageTitle(t('market.orders.title'));

  async function load(next: string | null) {
    try {
      const page = await listMyMarketOrders({ cursor: next });
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
    void load(null);
  }, []);

  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title" tabIndex={-1}>
        {t('market.orders.title')}
      </h1>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(null)} />}
      {loaded && orders.length === 0 && !error && (
        <p class="muted">
          {t('market.orders.empty')} <a href="/market">{t('market.back')}</a>
        </p>
      )}
      {orders.length > 0 && (
        <ul class="cards">
          {orders.map((o) => (
            <OrderCard
              key={o.id}
              order={o}
              onChanged={(changed) => setOrders((old) => old.map((x) => (x.id === changed.id ? { ...x, ...changed } : x)))}
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
