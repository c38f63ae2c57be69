// What a paid order gave (docs/decisions.md, "Giving"): the company's donation for it, and when
// the drop's matching campaign had run out of budget, that less (or nothing) was given; the
// happiness credit the buyer earned, and what a refund took back.
import type { MarketOrderView } from '../api/client';
import { givingKind } from '../campaigns/logic';
import { useI18n } from '../i18n';

export function OrderGivingNote(props: { order: MarketOrderView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const g = props.order.giving;
  if (!g) return null;
  const kind = givingKind(g);
  return (
    <div class="card-meta" data-testid="order-giving">
      {kind === 'full' && <p>{t('campaigns.order.donated', { amount: i18n.krw(g.donation_won) })}</p>}
      {kind === 'capped' && (
        <p class="notice notice-info" data-testid="order-giving-capped">
          {t('campaigns.order.capped', { amount: i18n.krw(g.donation_won), share: i18n.krw(g.donation_share_won) })}
        </p>
      )}
      {g.credit_earned > 0 && (
        <p data-testid="order-credit">
          {g.credit_reversed > 0
            ? t('campaigns.order.credit_reversed', { points: g.credit_earned, reversed: g.credit_reversed })
            : t('campaigns.order.credit', { points: g.credit_earned })}
        </p>
      )}
    </div>
  );
}
