// Pieces the live pages share: the state badge, the counters, the pinned item, the stream hook.
import { useEffect } from 'preact/hooks';
import { liveStreamUrl, type LiveCounters, type LiveEvent, type LiveMessage, type LivePin, type LiveSnapshot, type User } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { hasRole } from '../nav';
import { clockText } from '../live/logic';

const kStateKeys: Record<LiveEvent['state'], MessageKey> = {
  scheduled: 'live.state.scheduled',
  live: 'live.state.live',
  ended: 'live.state.ended',
  replay_available: 'live.state.replay_available',
};
const kKindKeys: Record<LiveEvent['kind'], MessageKey> = {
  market_show: 'live.kind.market_show',
  ceremony: 'live.kind.ceremony',
  performance: 'live.kind.performance',
};

export function LiveStateBadge(props: { state: LiveEvent['state'] }) {
  const { t } = useI18n();
  const cls = props.state === 'live' ? 'badge-active' : props.state === 'scheduled' ? 'badge-preparing' : 'badge-ended';
  return (
    <span class={`badge ${cls}`} data-testid="live-state">
      {t(kStateKeys[props.state])}
    </span>
  );
}

export function LiveKindLabel(props: { kind: LiveEvent['kind'] }) {
  const { t } = useI18n();
  return <span class="muted">{t(kKindKeys[props.kind])}</span>;
}

export function LiveCountersList(props: { counters: LiveCounters; market: boolean }) {
  const { t, krw } = useI18n();
  const c = props.counters;
  return (
    <dl class="facts" data-testid="live-counters">
      <dt>{t('live.viewers')}</dt>
      <dd data-testid="live-viewers">{c.viewers}</dd>
      {props.market && (
        <>
          <dt>{t('live.orders')}</dt>
          <dd data-testid="live-orders">{c.orders}</dd>
          <dt>{t('live.sold')}</dt>
          <dd data-testid="live-sold">{c.sold}</dd>
          <dt>{t('live.donation')}</dt>
          <dd>{krw(c.donation_won)}</dd>
        </>
      )}
    </dl>
  );
}

export function PinnedCard(props: { pin: LivePin | null }) {
  const { t } = useI18n();
  if (!props.pin) return null;
  const p = props.pin;
  return (
    <div class="card" data-testid="live-pin" aria-live="polite">
      <p class="muted">{p.kind === 'product' ? t('live.pinned_product') : t('live.pinned_moment')}</p>
      <p class="card-title" data-testid="live-pin-title">
        {p.title}
      </p>
      <p class="muted">{t('live.at', { time: clockText(p.at_s) })}</p>
    </div>
  );
}

/** Whether the user runs events of this kind: admin, or a manager of its program. */
export function runsLive(user: User | null, kind: LiveEvent['kind']): boolean {
  const program = kind === 'market_show' ? 'live' : kind === 'ceremony' ? 'events' : 'performances';
  return hasRole(user, 'admin') || user?.roles.some((g) => g.role === 'manager' && g.program === program) === true;
}

/** Follows the event's stream while the page is open (the browser reconnects by itself). */
export function useLiveStream(
  id: string | undefined,
  on: { snapshot: (s: LiveSnapshot) => void; message: (m: LiveMessage) => void; hidden: (id: string) => void },
): void {
  useEffect(() => {
    if (!id || typeof EventSource === 'undefined') return;
    const source = new EventSource(liveStreamUrl(id));
    source.addEventListener('snapshot', (e) => on.snapshot(JSON.parse((e as MessageEvent<string>).data) as LiveSnapshot));
    source.addEventListener('message', (e) => on.message(JSON.parse((e as MessageEvent<string>).data) as LiveMessage));
    source.addEventListener('hidden', (e) => on.hidden((JSON.parse((e as MessageEvent<string>).data) as { id: string }).id));
    return () => source.close();
  }, [id]);
}
