// A buyer's order after payment: where it goes, the courier and tracking number once shipped,
// the refund once asked, and the refund request while the order has not left.
import { useState } from 'preact/hooks';
import { isProblem, type MarketOrder, type MarketOrderView, refundMarketOrder } from '../api/client';
import { problemMessage } from '../components/ProblemNotice';
import { useI18n } from '../i18n';
import { refundable } from '../market/shipping';
import { useSession } from '../session';

/** Asks before refunding a paid order that has not shipped (its buyer, its merchant). */
export function RefundRequest(props: { order: MarketOrderView; onRefunded: (o: MarketOrderView) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const o = props.order;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function refund() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      props.onRefunded(await refundMarketOrder(o.id));
      setAsking(false);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(isProblem(e, 'illegal-transition') ? t('market.refund.too_late') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  if (!refundable(o)) return null;
  return (
    <>
      {!asking && (
        <button type="button" class="button button-secondary" onClick={() => setAsking(true)}>
          {t('market.refund.ask')}
        </button>
      )}
      {asking && (
        <div class="confirm" role="group" aria-label={t('market.refund.ask')}>
          <p>{t('market.refund.confirm')}</p>
          <button type="button" class="button button-primary" disabled={busy} aria-busy={busy} onClick={() => void refund()}>
            {busy ? t('market.refund.asking') : t('market.refund.yes')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => setAsking(false)}>
            {t('market.refund.no')}
          </button>
        </div>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function OrderAfterPayment(props: { order: MarketOrderView; onChanged: (o: MarketOrder) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const o = props.order;
  const shipping = o.shipping;
  return (
    <>
      {o.ship_to && (
        <p class="card-meta">
          {t('market.ship.to', { recipient: o.ship_to.recipient, address: `${o.ship_to.address1} ${o.ship_to.address2 ?? ''}`.trim() })}
        </p>
      )}
      {shipping && shipping.tracking_no && (
        <p class="order-tracking" data-testid="tracking">
          {t('market.ship.tracking', { carrier: shipping.carrier, number: shipping.tracking_no })}
        </p>
      )}
      {o.refund && (
        <p class="notice notice-success" role="status">
          {t(o.refund.returned ? 'market.refund.done' : 'market.refund.pending', { amount: i18n.krw(o.refund.amount_won) })}
        </p>
      )}
      <RefundRequest order={o} onRefunded={props.onChanged} />
    </>
  );
}
