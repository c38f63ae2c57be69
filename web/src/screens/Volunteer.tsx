// 내 봉사활동 (an employee): hours this year, upcoming activities I signed up for, the
// activities of the teams I lead (to record attendance), and my certificate of hours.
import { useEffect, useState } from 'preact/hooks';
import { isProblem, listVolunteerActivities, myVolunteerPage, type VolunteerActivity, type VolunteerPage } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const kLookBackMs = 45 * 24 * 3600 * 1000;

function ActivityItem(props: { activity: VolunteerActivity; leader?: boolean }) {
  const i18n = useI18n();
  const a = props.activity;
  return (
    <li class="card" data-testid={props.leader ? 'led-activity' : 'upcoming-activity'}>
      <h3 class="card-title">
        <a href={`/volunteer/activities/${a.id}`}>{a.title}</a>
      </h3>
      <p class="card-meta">
        {i18n.kst(a.starts_at)}
        {a.facility_name ? ` · ${a.facility_name}` : ''}
      </p>
      <p class="card-meta">{i18n.t('volunteer.slots', { taken: a.taken, slots: a.slots })}</p>
    </li>
  );
}

export function VolunteerScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [page, setPage] = useState<VolunteerPage | null>(null);
  const [led, setLed] = useState<VolunteerActivity[]>([]);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('volunteer.title'));

  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      try {
        const mine = await myVolunteerPage({ signal: controller.signal });
        setPage(mine);
        const from = new Date(Date.now() - kLookBackMs).toISOString();
        const lists = await Promise.all(
          mine.leads.map((team) => listVolunteerActivities({ team, from, signal: controller.signal })),
        );
        setLed(lists.flatMap((l) => l.items).sort((a, b) => b.starts_at.localeCompare(a.starts_at)));
      } catch (e) {
        if (isProblem(e, 'unauthenticated')) session.expire();
        if (!controller.signal.aborted) setError(e);
      }
    })();
    return () => controller.abort();
  }, []);

  const year = new Date().getFullYear();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('volunteer.title')}
      </h1>
      {error !== null && <ProblemNotice error={error} />}
      {page && (
        <>
          <dl class="facts">
            <dt>{t('volunteer.hours_this_year')}</dt>
            <dd data-testid="hours-this-year">{t('volunteer.hours', { hours: page.hours_this_year })}</dd>
            <dt>{t('volunteer.activities_this_year')}</dt>
            <dd>{t('volunteer.count', { count: page.activities_this_year })}</dd>
            <dt>{t('volunteer.teams')}</dt>
            <dd>{page.teams.map((tm) => tm.name).join(', ') || t('volunteer.no_team')}</dd>
          </dl>
          <p>
            <a class="button button-secondary" href={`/api/v1/volunteer/me/certificate?year=${year}`} target="_blank" rel="noopener">
              {t('volunteer.certificate')}
            </a>{' '}
            <a class="button button-secondary" href={`/api/v1/volunteer/me/certificate.csv?year=${year}`} download>
              {t('volunteer.certificate_csv')}
            </a>
          </p>
          <h2>{t('volunteer.upcoming')}</h2>
          {page.upcoming.length === 0 ? (
            <p>{t('volunteer.upcoming_empty')}</p>
          ) : (
            <ul class="cards">
              {page.upcoming.map((a) => (
                <ActivityItem key={a.id} activity={a} />
              ))}
            </ul>
          )}
          {page.leads.length > 0 && (
            <>
              <h2>{t('volunteer.led')}</h2>
              <ul class="cards">
                {led.map((a) => (
                  <ActivityItem key={a.id} activity={a} leader />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
