// The free performances (public): what can be watched now, and this month's line-up, each with
// its partner, running time, age rating and where to watch (IPTV channel, mobile link).
import { useEffect, useState } from 'preact/hooks';
import { countPerformanceView, listPerformances, type Performance } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';

function kstMonth(now: Date): string {
  return new Date(now.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 7);
}

function PerformanceCard(props: { title: Performance; available: boolean }) {
  const { t, kst } = useI18n();
  const p = props.title;
  const [views, setViews] = useState(p.views);
  async function watch() {
    try {
      setViews((await countPerformanceView(p.id)).views);
    } catch {
      // The count is best effort; the link opens regardless.
    }
  }
  return (
    <li class="card" data-testid="performance">
      <h3 class="card-title">{p.title}</h3>
      <p class="muted">{p.partner_name}</p>
      <p>{p.description}</p>
      <dl class="facts">
        <dt>{t('perf.duration')}</dt>
        <dd>{t('perf.minutes', { n: p.duration_min })}</dd>
        <dt>{t('perf.age')}</dt>
        <dd>{p.age_rating === 'all' ? t('perf.all_ages') : t('perf.age_over', { n: p.age_rating })}</dd>
        <dt>{t('perf.window')}</dt>
        <dd>
          {kst(p.available_from)} – {kst(p.available_until)}
        </dd>
        {p.iptv_channel && (
          <>
            <dt>IPTV</dt>
            <dd>{p.iptv_channel}</dd>
          </>
        )}
        <dt>{t('perf.views')}</dt>
        <dd>{views}</dd>
      </dl>
      {props.available && p.mobile_url && (
        <a class="button button-primary" href={p.mobile_url} target="_blank" rel="noopener noreferrer" onClick={() => void watch()}>
          {t('perf.watch_mobile')}
        </a>
      )}
    </li>
  );
}

export function PerformancesScreen() {
  const { t } = useI18n();
  const [now, setNow] = useState<Performance[] | null>(null);
  const [lineup, setLineup] = useState<Performance[]>([]);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('nav.performances'));
  async function load() {
    try {
      const [available, month] = await Promise.all([listPerformances(), listPerformances({ month: kstMonth(new Date()) })]);
      setNow(available.items);
      setLineup(month.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, []);
  const availableIds = new Set((now ?? []).map((p) => p.id));
  return (
    <section aria-labelledby="perf-title">
      <h1 id="perf-title" tabIndex={-1}>
        {t('nav.performances')}
      </h1>
      <p class="muted">{t('perf.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      <h2>{t('perf.now')}</h2>
      {now !== null && now.length === 0 && <p class="muted">{t('perf.none_now')}</p>}
      <ul class="cards">
        {(now ?? []).map((p) => (
          <PerformanceCard key={p.id} title={p} available />
        ))}
      </ul>
      <h2>{t('perf.lineup')}</h2>
      <ul class="cards">
        {lineup.map((p) => (
          <PerformanceCard key={p.id} title={p} available={availableIds.has(p.id)} />
        ))}
      </ul>
    </section>
  );
}
