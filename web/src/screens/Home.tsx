// Home: the programs and their status, from GET /programs (public).
import { useEffect, useState } from 'preact/hooks';
import { listPrograms, type Program } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type I18n, type MessageKey, useI18n } from '../i18n';

const kStatusLabels: Record<string, MessageKey> = {
  active: 'status.active',
  preparing: 'status.preparing',
  paused: 'status.paused',
  ended: 'status.ended',
};

function safeDate(i18n: I18n, date: string): string {
  try {
    return i18n.date(date);
  } catch {
    return date; // show what the server sent rather than break the page
  }
}

function period(i18n: I18n, program: Program): string | null {
  const start = program.starts_on ? safeDate(i18n, program.starts_on) : null;
  const end = program.ends_on ? safeDate(i18n, program.ends_on) : null;
  if (start && end) return `${start} ~ ${end}`;
  if (start) return i18n.t('home.period_from', { start });
  if (end) return i18n.t('home.period_until', { end });
  return null;
}

export function StatusBadge(props: { status: string }) {
  const { t } = useI18n();
  const key = kStatusLabels[props.status];
  return (
    <span class={`badge badge-${key ? props.status : 'unknown'}`} data-status={props.status}>
      {key ? t(key) : props.status}
    </span>
  );
}

function ProgramCard(props: { program: Program }) {
  const i18n = useI18n();
  const p = props.program;
  const name = i18n.locale === 'ko' ? p.name_ko : p.name_en;
  const summary = i18n.locale === 'ko' ? p.summary_ko : p.summary_en;
  const when = period(i18n, p);
  return (
    <li class="card" data-program={p.slug}>
      <div class="card-head">
        <h2 class="card-title">{name}</h2>
        <StatusBadge status={p.status} />
      </div>
      {summary && <p class="card-summary">{summary}</p>}
      {when && (
        <p class="card-meta">
          <span class="visually-hidden">{i18n.t('home.period')}: </span>
          {when}
        </p>
      )}
      <p class="card-meta">
        <a href={`/transparency/programs/${encodeURIComponent(p.slug)}`} data-testid="figures-link">
          {i18n.t('home.figures_link', { name })}
        </a>
      </p>
    </li>
  );
}

type Load = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; programs: Program[] };

export function HomeScreen() {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  usePageTitle(t('home.title'));

  useEffect(() => {
    const abort = new AbortController();
    setLoad({ state: 'loading' });
    listPrograms({ signal: abort.signal })
      .then((page) => setLoad({ state: 'ready', programs: page.items }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setLoad({ state: 'error', error });
      });
    return () => abort.abort();
  }, [attempt]);

  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title" tabIndex={-1}>
        {t('home.title')}
      </h1>
      <p class="muted">{t('home.intro')}</p>
      {load.state === 'loading' && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {load.state === 'error' && <ProblemNotice error={load.error} onRetry={() => setAttempt((n) => n + 1)} />}
      {load.state === 'ready' &&
        (load.programs.length === 0 ? (
          <p class="muted">{t('home.empty')}</p>
        ) : (
          <ul class="cards" aria-label={t('home.title')}>
            {load.programs.map((program) => (
              <ProgramCard key={program.slug} program={program} />
            ))}
          </ul>
        ))}
    </section>
  );
}
