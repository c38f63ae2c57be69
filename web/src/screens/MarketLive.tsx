// A drop's live view (the market's manager, admin, auditor): quantity, sold, held and
// remaining, refreshed every few seconds, and the drop's orders, newest first, page by page.
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { isProblem, listDropOrders, type MarketOrder } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount } from '../format';
import { useI18n } from '../i18n';
import { useLiveDrop } from '../market/live';
import { useSession } from '../session';
import { DropFlags } from './MarketFlags';
import { DropStateBadge, orderStatusLabel } from './MarketParts';

const kOrdersPerPage = 50;

export function MarketLiveScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const { params } = useRoute();
  const id = params.id ?? '';
  const { drop, error: dropError, refresh } = useLiveDrop(id);
  const [orders, setOrders] = useState<MarketOrder[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  usePageTitle(drop ? t('market.live.title', { title: drop.title }) : t('market.live_link'));

  async function load(next: string | null) {
    try {
      const page = await listDropOrders(id, { cursor: next, limit: kOrdersPerPage });
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
  }, [id]);

  const counters: Array<[string, number | undefined]> = [
    [t('market.live.quantity'), drop?.quantity],
    [t('market.live.sold'), drop?.sold],
    [t('market.live.held'), drop?.held],
    [t('market.live.remaining'), drop?.remaining],
  ];
  return (
    <section aria-labelledby="live-title">
      <p class="drop-back">
        <a href={`/market/drops/${id}`}>← {drop?.title ?? t('market.back')}</a>
      </p>
      <h1 id="live-title" tabIndex={-1}>
        {drop ? t('market.live.title', { title: drop.title }) : t('market.live_link')}
      </h1>
      {drop && <DropStateBadge state={drop.state} />}
      {dropError !== null && <ProblemNotice error={dropError} onRetry={refresh} />}
      <dl class="counters" aria-live="polite" data-testid="live-counters">
        {counters.map(([label, value]) => (
          <div key={label} class="counter">
            <dt>{label}</dt>
            <dd>{value === undefined ? '—' : formatCount(value)}</dd>
          </div>
        ))}
      </dl>
      <div class="section-head">
        <h2 id="live-orders">{t('market.live.orders')}</h2>
        <button type="button" class="button button-secondary" onClick={() => void load(null)}>
          {t('market.live.refresh')}
        </button>
      </div>
      {loaded && orders.length === 0 && !error && <p class="muted">{t('market.live.no_orders')}</p>}
      {orders.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="live-orders">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('market.live.order')}</th>
                <th scope="col">{t('market.live.buyer')}</th>
                <th scope="col">{t('market.live.units')}</th>
                <th scope="col">{t('market.live.amount')}</th>
                <th scope="col">{t('market.live.status')}</th>
                <th scope="col">{t('market.live.created_at')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>{o.id}</td>
                  <td>{o.buyer_id}</td>
                  <td class="nowrap">{formatCount(o.units)}</td>
                  <td class="nowrap">{i18n.krw(o.amount_won)}</td>
                  <td class="nowrap">{orderStatusLabel(t, o.status)}</td>
                  <td class="nowrap">{o.created_at ? <time dateTime={o.created_at}>{i18n.kst(o.created_at)}</time> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(null)} />}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          {t('market.more')}
        </button>
      )}
      <DropFlags dropId={id} />
    </section>
  );
}
