// The public figures of a program or a cause (no log-in): what was raised, matched, donated and
// granted, and how many people were helped, by month of the Seoul calendar, as a bar chart
// (Chart.js) and as a table with the same numbers; the CSV; and the books' hash-chain head with
// the steps to verify it from the published journal, without a copy of the database.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  figuresCsvUrl,
  getCauseFigures,
  getProgramFigures,
  type PublicFigureValues,
  type PublicFigures,
  type PublicNamed,
} from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { chartSeries, monthLabel, shownMeasures, type WonMeasure } from '../figures/logic';
import { formatCount } from '../format';
import { type MessageKey, useI18n } from '../i18n';
import { VolunteerPublicFigures } from './VolunteerPublic';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const kMeasureLabels: Record<WonMeasure, MessageKey> = {
  raised_won: 'figures.raised',
  matched_won: 'figures.matched',
  donated_won: 'figures.donated',
  granted_won: 'figures.granted',
};
// Dark enough on white for the bars' own contrast (WCAG 1.4.11, 3:1).
const kMeasureColours: Record<WonMeasure, string> = {
  raised_won: '#1d4ed8',
  matched_won: '#b45309',
  donated_won: '#047857',
  granted_won: '#7c3aed',
};

type Kind = 'program' | 'cause';

function FiguresChart(props: { figures: PublicFigures; measures: WonMeasure[] }) {
  const i18n = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const { labels, series } = chartSeries(props.figures.months, props.measures, i18n.locale);
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: i18n.t(kMeasureLabels[s.measure]),
          data: s.values,
          backgroundColor: kMeasureColours[s.measure],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { ticks: { callback: (v) => i18n.krw(Math.round(Number(v))) } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${i18n.krw(Number(c.raw))}` } } },
      },
    });
    return () => chart.destroy();
  }, [props.figures, props.measures, i18n.locale]);
  return (
    <div class="figures-chart">
      <canvas ref={canvas} role="img" aria-label={i18n.t('figures.chart_label')} data-testid="figures-chart" />
    </div>
  );
}

function FiguresTable(props: { figures: PublicFigures; measures: WonMeasure[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { months, total } = props.figures;
  const activity = total.visits !== undefined;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="figures-table-caption">
      <table class="table figures-table" data-testid="figures-table">
        <caption id="figures-table-caption">{t('figures.table_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('figures.month')}</th>
            {props.measures.map((m) => (
              <th scope="col" key={m} class="num">
                {t(kMeasureLabels[m])}
              </th>
            ))}
            <th scope="col" class="num">
              {t('figures.people_helped')}
            </th>
            {activity && <ActivityHeads />}
          </tr>
        </thead>
        <tbody>
          {months.map((row) => (
            <tr key={row.month} data-month={row.month}>
              <th scope="row">{monthLabel(row.month, i18n.locale)}</th>
              {props.measures.map((m) => (
                <td key={m} class="num" data-measure={m}>
                  {i18n.krw(row[m])}
                </td>
              ))}
              <td class="num" data-measure="people_helped">
                {formatCount(row.people_helped)}
              </td>
              {activity && <ActivityCells values={row} />}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-month="total">
            <th scope="row">{t('figures.total')}</th>
            {props.measures.map((m) => (
              <td key={m} class="num" data-measure={m}>
                {i18n.krw(total[m])}
              </td>
            ))}
            <td class="num" data-measure="people_helped">
              {formatCount(total.people_helped)}
            </td>
            {activity && <ActivityCells values={total} />}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

// A care program's activity (issue 16): visits, hours, learners and the average satisfaction.
function ActivityHeads() {
  const { t } = useI18n();
  return (
    <>
      {(['figures.visits', 'figures.hours', 'figures.learners', 'figures.satisfaction'] as const).map((k) => (
        <th scope="col" class="num" key={k}>
          {t(k)}
        </th>
      ))}
    </>
  );
}

function ActivityCells(props: { values: PublicFigureValues }) {
  const v = props.values;
  return (
    <>
      <td class="num" data-measure="visits">
        {formatCount(v.visits ?? 0)}
      </td>
      <td class="num" data-measure="hours">
        {(v.hours ?? 0).toFixed(1)}
      </td>
      <td class="num" data-measure="learners">
        {formatCount(v.learners ?? 0)}
      </td>
      <td class="num" data-measure="satisfaction_avg">
        {v.satisfaction_avg == null ? '–' : `${v.satisfaction_avg.toFixed(2)} / 5`}
      </td>
    </>
  );
}

function Verification(props: { figures: PublicFigures }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { books } = props.figures;
  return (
    <section aria-labelledby="verify-heading" class="figures-verify" data-testid="figures-verify">
      <h2 id="verify-heading">{t('figures.verify.title')}</h2>
      <p>{t('figures.verify.intro')}</p>
      <dl class="facts">
        <dt>{t('figures.verify.seq')}</dt>
        <dd data-testid="books-seq">{formatCount(books.seq)}</dd>
        <dt>{t('figures.verify.hash')}</dt>
        <dd>
          <code class="hash" data-testid="books-hash">
            {books.hash}
          </code>
        </dd>
        {books.at && (
          <>
            <dt>{t('figures.verify.at')}</dt>
            <dd>{i18n.kst(books.at)}</dd>
          </>
        )}
      </dl>
      <ol class="steps">
        <li>{t('figures.verify.step_note', { seq: formatCount(books.seq) })}</li>
        <li>
          {t('figures.verify.step_verify')}
          <pre>
            <code data-testid="verify-command">sangsaeng ledger verify --journal books.csv --head {books.hash}</code>
          </pre>
          {t('figures.verify.step_verify_result', { seq: books.seq, hash: books.hash })}
        </li>
        <li>
          {t('figures.verify.step_export')}
          <pre>
            <code>sangsaeng ledger verify</code>
          </pre>
        </li>
        <li>{t('figures.verify.step_differs')}</li>
      </ol>
    </section>
  );
}

function Related(props: { title: string; items: PublicNamed[]; kind: Kind }) {
  const { t, locale } = useI18n();
  if (props.items.length === 0) return null;
  const base = props.kind === 'program' ? '/transparency/programs/' : '/transparency/causes/';
  return (
    <section aria-label={props.title}>
      <h2>{props.title}</h2>
      <ul class="plain-list" data-testid={`related-${props.kind}`}>
        {props.items.map((x) => (
          <li key={x.id}>
            <a href={base + encodeURIComponent(x.id)}>
              {locale === 'ko' ? x.name_ko : x.name_en}
              <span class="visually-hidden"> — {t('figures.open_page')}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FiguresPage(props: { kind: Kind; id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [figures, setFigures] = useState<PublicFigures | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const name = figures ? (i18n.locale === 'ko' ? figures.subject.name_ko : figures.subject.name_en) : '';
  usePageTitle(name ? t('figures.title', { name }) : t('figures.title_loading'));

  useEffect(() => {
    const abort = new AbortController();
    const load = props.kind === 'program' ? getProgramFigures : getCauseFigures;
    setError(null);
    load(props.id, { signal: abort.signal })
      .then(setFigures)
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e);
      });
    return () => abort.abort();
  }, [props.kind, props.id, attempt]);

  const measures = figures ? shownMeasures(figures.total, figures.months) : [];
  return (
    <section aria-labelledby="figures-heading" class="figures-page">
      <h1 id="figures-heading" tabIndex={-1}>
        {name ? t('figures.title', { name }) : t('figures.title_loading')}
      </h1>
      <p class="muted">{t(props.kind === 'program' ? 'figures.intro_program' : 'figures.intro_cause')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!figures && error === null && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {figures && (
        <>
          <p class="muted">{t('figures.computed_at', { at: i18n.kst(figures.computed_at) })}</p>
          {figures.months.length === 0 ? (
            <p data-testid="figures-empty">{t('figures.empty')}</p>
          ) : (
            <>
              {measures.length > 0 && <FiguresChart figures={figures} measures={measures} />}
              <FiguresTable figures={figures} measures={measures} />
            </>
          )}
          <p>
            <a href={figuresCsvUrl(props.kind, props.id)} download data-testid="figures-csv">
              {t('figures.csv')}
            </a>
          </p>
          <p class="muted">{t('figures.definitions')}</p>
          <Related title={t('figures.causes')} items={figures.causes} kind="cause" />
          <Related title={t('figures.programs')} items={props.kind === 'cause' ? figures.programs : []} kind="program" />
          <Verification figures={figures} />
        </>
      )}
    </section>
  );
}

export function PublicProgramScreen() {
  const { params } = useRoute();
  const { t } = useI18n();
  const slug = params.slug ?? '';
  return (
    <>
      <FiguresPage kind="program" id={slug} />
      {slug === 'volunteer' && <VolunteerPublicFigures />}
      {slug === 'art-hall' && (
        <p>
          {/* The fund's balance today, its inflows and grants: the fund's own public page. */}
          <a href="/funds/art-hall" data-testid="fund-link">
            {t('figures.fund_link')}
          </a>
        </p>
      )}
    </>
  );
}

export function PublicCauseScreen() {
  const { params } = useRoute();
  return <FiguresPage kind="cause" id={params.id ?? ''} />;
}
