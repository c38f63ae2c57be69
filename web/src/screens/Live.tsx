// The live schedule (public): shows on air now, coming up, and replays, with a link to the free
// performances.
import { useEffect, useState } from 'preact/hooks';
import { listLiveEvents, type LiveEvent } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n, type MessageKey } from '../i18n';
import { LiveKindLabel, LiveStateBadge } from './LiveParts';

function EventCard(props: { event: LiveEvent }) {
  const { kst } = useI18n();
  const e = props.event;
  return (
    <li class="card" data-testid="live-event">
      <div class="card-head">
        <h3 class="card-title">
          <a href={`/live/${e.id}`}>{e.title}</a>
        </h3>
        <LiveStateBadge state={e.state} />
      </div>
      <p>
        <LiveKindLabel kind={e.kind} /> · {kst(e.starts_at)}
      </p>
      <p class="muted">{e.hosts.join(', ')}</p>
    </li>
  );
}

export function LiveScreen() {
  const { t } = useI18n();
  const [events, setEvents] = useState<LiveEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('live.title'));
  async function load() {
    try {
      setEvents((await listLiveEvents()).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, []);
  const groups: Array<[MessageKey, LiveEvent[]]> = [
    ['live.on_air', (events ?? []).filter((e) => e.state === 'live')],
    ['live.upcoming', (events ?? []).filter((e) => e.state === 'scheduled')],
    ['live.replays', (events ?? []).filter((e) => e.state === 'ended' || e.state === 'replay_available').reverse()],
  ];
  return (
    <section aria-labelledby="live-title">
      <h1 id="live-title" tabIndex={-1}>
        {t('live.title')}
      </h1>
      <p class="muted">{t('live.intro')}</p>
      <p class="actions">
        <a class="button button-secondary" href="/performances">
          {t('nav.performances')}
        </a>
      </p>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      {events !== null && events.length === 0 && <p class="muted">{t('live.empty')}</p>}
      {groups.map(
        ([label, list]) =>
          list.length > 0 && (
            <div key={label}>
              <h2>{t(label)}</h2>
              <ul class="cards">
                {list.map((e) => (
                  <EventCard key={e.id} event={e} />
                ))}
              </ul>
            </div>
          ),
      )}
    </section>
  );
}
