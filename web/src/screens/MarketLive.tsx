// A drop's live watch (the market's manager, admin, auditor): quantity, sold, held, remaining,
// units taken per second, revenue and donation so far, pushed by the server as they change; the
// manager closes the drop now or moves its closing; the drop's orders, newest first, page by page.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { isProblem, listDropOrders, type MarketOrder, setMarketDropClosesAt } from '../api/client';
import { problemMessage, ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount } from '../format';
import { useI18n } from '../i18n';
import { kstInputToRfc3339, kstInputValue } from '../market/logic';
import { type LiveDropData, TakeRate, useLiveDrop, useNow } from '../market/live';
import { hasRole } from '../nav';
import { useSession } from '../session';
import { FormField } from './MarketForm';
import { DropFlags } from './MarketFlags';
import { DropStateBadge, orderStatusLabel } from './MarketParts';

const kOrdersPerPage = 50;
/** The first page of orders is asked again at most this often while the counters move. */
export const kOrdersRefreshMs = 5_000;
/** The window orders/s is measured over. */
export const kRateWindowMs = 10_000;

/** Units per second as the page shows it: one decimal below 10, whole above. */
export function formatRate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : formatCount(Math.round(perSecond));
}

/** The counters, with units taken per second over the last kRateWindowMs. */
function LiveCounters(props: { drop: LiveDropData | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { drop } = props;
  const rate = useRef<{ id: string; rate: TakeRate } | null>(null);
  useNow(1_000); // re-render every second: the rate falls back to 0 when nothing moves
  if (drop && rate.current?.id !== drop.id) rate.current = { id: drop.id, rate: new TakeRate(kRateWindowMs) };
  if (drop) rate.current!.rate.add(Date.now(), drop.quantity - drop.remaining);
  const counters: Array<[string, string | null]> = [
    [t('market.live.quantity'), drop && formatCount(drop.quantity)],
    [t('market.live.sold'), drop && formatCount(drop.sold)],
    [t('market.live.held'), drop && formatCount(drop.held)],
    [t('market.live.remaining'), drop && formatCount(drop.remaining)],
    [t('market.watch.rate'), drop && formatRate(rate.current!.rate.perSecond(Date.now()))],
    [t('market.watch.revenue'), drop && i18n.krw(drop.revenue_won ?? drop.sold * drop.price_won)],
    [t('market.watch.donation'), drop && i18n.krw(drop.donation_won ?? 0)],
  ];
  // After payment (the manager's answer only): what the sponsor hands out and what went back.
  if (drop?.gifts !== undefined) {
    counters.push(
      [t('market.live.gifts'), formatCount(drop.gifts)],
      [t('market.live.shipped'), formatCount(drop.shipped_orders ?? 0)],
      [t('market.live.refunds'), formatCount(drop.refunds ?? 0)],
    );
  }
  return (
    <dl class="counters" aria-live="polite" data-testid="live-counters">
      {counters.map(([label, value]) => (
        <div key={label} class="counter">
          <dt>{label}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Close now, or move the closing (Korea time). `onChanged` gets the server's answer. */
function ClosingControls(props: { drop: LiveDropData; onChanged: (drop: LiveDropData) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const { drop } = props;
  const [closesAt, setClosesAt] = useState(() => kstInputValue(new Date(Date.parse(drop.closes_at) + 3_600_000)));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function send(rfc3339: string, message: (d: LiveDropData) => string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const changed = await setMarketDropClosesAt(drop.id, rfc3339);
      props.onChanged(changed);
      setDone(message(changed));
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(isProblem(e, 'validation') ? t('market.watch.closes_before_opens') : problemMessage(e, t));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  function extend(event: Event) {
    event.preventDefault();
    const at = kstInputToRfc3339(closesAt);
    if (!at) return setError(t('market.plan.bad_time'));
    if (Date.parse(at) <= Date.parse(drop.opens_at)) return setError(t('market.watch.closes_before_opens'));
    void send(at, (d) => t('market.watch.moved', { time: i18n.kst(d.closes_at) }));
  }

  return (
    <section class="panel drop-closing" aria-labelledby="closing-heading">
      <h2 id="closing-heading">{t('market.watch.closing')}</h2>
      <p>
        {t('market.watch.closes_at')} <time dateTime={drop.closes_at}>{i18n.kst(drop.closes_at)}</time>
      </p>
      {drop.state !== 'closed' &&
        (confirming ? (
          <div class="button-row">
            <span>{t('market.watch.close_confirm')}</span>
            <button
              type="button"
              class="button button-danger"
              disabled={busy}
              onClick={() => void send(new Date().toISOString(), () => t('market.watch.closed'))}
            >
              {t('market.watch.close_yes')}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setConfirming(false)}>
              {t('market.watch.close_no')}
            </button>
          </div>
        ) : (
          <button type="button" class="button button-secondary" disabled={busy} onClick={() => setConfirming(true)}>
            {t('market.watch.close_now')}
          </button>
        ))}
      <form class="form" onSubmit={extend} noValidate>
        <FormField id="watch-closes_at" label={t('market.watch.new_closes_at')}>
          {(a11y) => (
            <input
              {...a11y}
              type="datetime-local"
              value={closesAt}
              onInput={(e) => setClosesAt(e.currentTarget.value)}
            />
          )}
        </FormField>
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {t('market.watch.move')}
        </button>
      </form>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="notice notice-success" role="status">
          {done}
        </p>
      )}
    </section>
  );
}

export function MarketLiveScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const { params } = useRoute();
  const id = params.id ?? '';
  const { drop, error: dropError, refresh, replace, mode } = useLiveDrop(id);
  const [orders, setOrders] = useState<MarketOrder[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const [paged, setPaged] = useState(false);
  const lastLoadMs = useRef(0);
  const manages = hasRole(session.user, 'manager', 'market') || hasRole(session.user, 'admin');
  usePageTitle(drop ? t('market.live.title', { title: drop.title }) : t('market.live_link'));

  async function load(next: string | null) {
    lastLoadMs.current = Date.now();
    setPaged(next !== null);
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

  // New orders show up by themselves while the manager looks at the first page: asked again
  // when the counters move, at most every kOrdersRefreshMs (a rush is not a rush of reads).
  const taken = drop ? drop.sold + drop.held : null;
  useEffect(() => {
    if (taken === null || !loaded || paged) return;
    const timer = setTimeout(() => void load(null), Math.max(0, lastLoadMs.current + kOrdersRefreshMs - Date.now()));
    return () => clearTimeout(timer);
  }, [taken]);

  return (
    <section aria-labelledby="live-title">
      <p class="drop-back">
        <a href={`/market/drops/${id}`}>← {drop?.title ?? t('market.back')}</a>
      </p>
      <h1 id="live-title" tabIndex={-1}>
        {drop ? t('market.live.title', { title: drop.title }) : t('market.live_link')}
      </h1>
      {drop && <DropStateBadge state={drop.state} />}
      <p class="hint" data-testid="live-mode">
        {mode === 'live' ? t('market.watch.mode_live') : mode === 'polling' ? t('market.watch.mode_polling') : t('app.loading')}
      </p>
      {dropError !== null && <ProblemNotice error={dropError} onRetry={refresh} />}
      <LiveCounters drop={drop} />
      {drop && drop.donation_percent > 0 && (
        <p class="hint">
          {t('market.watch.giving', { percent: drop.donation_percent, charity: drop.charity_name ?? drop.charity_org_id ?? '' })}
        </p>
      )}
      {drop && manages && <ClosingControls drop={drop} onChanged={replace} />}
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
