// The outage program's outages (its manager, admin, auditor): status, period in Korea time,
// duration, areas, cause and the totals by kind, newest first.
import { useEffect, useState } from 'preact/hooks';
import { isProblem, listOutages, type OutageEvent } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { OutageStatusBadge, OutageTotalsList, canManageOutages, durationText, periodText, targetsText } from './OutageParts';

function OutageCard(props: { event: OutageEvent; now: Date }) {
  const i18n = useI18n();
  const { t } = i18n;
  const e = props.event;
  return (
    <li class="card outage-card" data-testid="outage">
      <div class="card-head">
        <h2 class="card-title">
          <a href={`/outages/${e.id}`}>{e.cause}</a>
        </h2>
        <OutageStatusBadge event={e} />
      </div>
      <dl class="facts">
        <dt>{t('outage.period')}</dt>
        <dd>{periodText(i18n, e)}</dd>
        <dt>{t('outage.duration')}</dt>
        <dd>{durationText(i18n, e, props.now)}</dd>
        <dt>{t('outage.areas')}</dt>
        <dd>{targetsText(t, e)}</dd>
      </dl>
      <OutageTotalsList totals={e.totals} />
    </li>
  );
}

export function OutagesScreen() {
  const { t } = useI18n();
  const session = useSession();
  const [events, setEvents] = useState<OutageEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  usePageTitle(t('outage.title'));

  async function load(next: string | null) {
    try {
      const page = await listOutages({ cursor: next, limit: 20 });
      setEvents((old) => (next ? [...old, ...page.items] : page.items));
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

  const now = new Date();
  return (
    <section aria-labelledby="outages-title">
      <h1 id="outages-title" tabIndex={-1}>
        {t('outage.title')}
      </h1>
      <p class="muted">{t('outage.intro')}</p>
      <p class="actions">
        {canManageOutages(session.user) && (
          <a class="button button-primary" href="/outages/new">
            {t('outage.report_link')}
          </a>
        )}{' '}
        <a class="button button-secondary" href="/outages/terms">
          {t('outage.terms_link')}
        </a>
      </p>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(null)} />}
      {loaded && events.length === 0 && !error && <p class="muted">{t('outage.empty')}</p>}
      {events.length > 0 && (
        <ul class="cards">
          {events.map((e) => (
            <OutageCard key={e.id} event={e} now={now} />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          {t('outage.more')}
        </button>
      )}
    </section>
  );
}
