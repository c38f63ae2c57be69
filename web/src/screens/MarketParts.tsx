// Pieces the market screens share: a drop's state badge, its price, its benefits, an order's
// status, and the text of a countdown.
import type { DropState, MarketDrop, OrderStatus } from '../api/client';
import { type I18n, useI18n } from '../i18n';
import { countdown, discountPercent } from '../market/logic';

type Translate = I18n['t'];

const kDropStates: readonly DropState[] = ['scheduled', 'open', 'sold_out', 'closed'];
const kOrderStatuses: readonly OrderStatus[] = [
  'held',
  'paid',
  'cancelled',
  'expired',
  'packed',
  'shipped',
  'delivered',
  'refunded',
];

/** A drop's state in words; a state this page does not know (a newer server) as sent. */
export function dropStateLabel(t: Translate, state: string): string {
  return (kDropStates as readonly string[]).includes(state) ? t(`market.state.${state as DropState}`) : state;
}

/** An order's status in words; an unknown one as sent. */
export function orderStatusLabel(t: Translate, status: string): string {
  return (kOrderStatuses as readonly string[]).includes(status)
    ? t(`market.order.status.${status as OrderStatus}`)
    : status;
}

/** "오픈까지 2일 03:04:05" / "Opens in 03:04:05"; null once the time has come. */
export function countdownText(t: Translate, msLeft: number): string | null {
  const c = countdown(msLeft);
  if (!c) return null;
  const time = c.days > 0 ? t('market.countdown_days', { days: c.days, hms: c.hms }) : c.hms;
  return t('market.countdown', { time });
}

export function DropStateBadge(props: { state: string }) {
  const { t } = useI18n();
  return <span class={`badge badge-drop-${props.state}`}>{dropStateLabel(t, props.state)}</span>;
}

/** The price with the discount and the struck-through market price beside it. */
export function DropPrice(props: { drop: Pick<MarketDrop, 'price_won' | 'market_price_won'>; large?: boolean }) {
  const { t, krw } = useI18n();
  const { price_won: price, market_price_won: market } = props.drop;
  const percent = discountPercent(price, market);
  return (
    <p class={props.large ? 'price price-large' : 'price'}>
      {percent > 0 && <span class="price-discount">{t('market.discount', { percent })}</span>}
      <strong class="price-now">
        <span class="visually-hidden">{t('market.price')} </span>
        {krw(price)}
      </strong>
      {percent > 0 && (
        <span class="price-was">
          {t('market.market_price_label')} <del>{krw(market)}</del>
        </span>
      )}
    </p>
  );
}

/** Free shipping, the sponsor's gift and the donation, as short chips. */
export function DropBenefits(props: {
  drop: Pick<MarketDrop, 'free_shipping' | 'gift' | 'donation_percent' | 'charity_name'>;
}) {
  const { t } = useI18n();
  const { drop } = props;
  if (!drop.free_shipping && !drop.gift && drop.donation_percent <= 0) return null;
  return (
    <ul class="chips">
      {drop.free_shipping && <li class="chip chip-shipping">{t('market.free_shipping')}</li>}
      {drop.gift && <li class="chip chip-gift">{t('market.gift', { gift: drop.gift })}</li>}
      {drop.donation_percent > 0 && (
        <li class="chip chip-donation">
          {drop.charity_name
            ? t('market.donation_to', { percent: drop.donation_percent, charity: drop.charity_name })
            : t('market.donation', { percent: drop.donation_percent })}
        </li>
      )}
    </ul>
  );
}
