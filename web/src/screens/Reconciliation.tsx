// The auditor's reconciliation: every public figure computed from the program records and from
// the books; the figures that do not tie to the won are listed (none on clean books).
import { useEffect, useState } from 'preact/hooks';
import { getReconciliation, type Reconciliation } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { monthLabel } from '../figures/logic';
import { formatCount } from '../format';
import { type MessageKey, useI18n } from '../i18n';

const kMeasureLabels: Record<string, MessageKey> = {
  raised: 'figures.raised',
  matched: 'figures.matched',
  donated: 'figures.donated',
  granted: 'figures.granted',
};

export function ReconciliationScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const [report, setReport] = useState<Reconciliation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(t('figures.reconciliation.title'));

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    getReconciliation({ signal: abort.signal })
      .then(setReport)
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e);
      });
    return () => abort.abort();
  }, [attempt]);

  return (
    <section aria-labelledby="reconciliation-heading">
      <h1 id="reconciliation-heading" tabIndex={-1}>
        {t('figures.reconciliation.title')}
      </h1>
      <p class="muted">{t('figures.reconciliation.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!report && error === null && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {report && (
        <>
          <p class="muted">
            {t('figures.reconciliation.checked', {
              count: formatCount(report.figures_checked),
              at: i18n.kst(report.computed_at),
              seq: formatCount(report.books.seq),
            })}
          </p>
          {report.mismatches.length === 0 ? (
            <p role="status" data-testid="reconciliation-clean">
              {t('figures.reconciliation.clean')}
            </p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="reconciliation-heading">
              <table class="table figures-table" data-testid="reconciliation-mismatches">
                <thead>
                  <tr>
                    <th scope="col">{t('figures.reconciliation.program')}</th>
                    <th scope="col">{t('figures.reconciliation.cause')}</th>
                    <th scope="col">{t('figures.month')}</th>
                    <th scope="col">{t('figures.reconciliation.measure')}</th>
                    <th scope="col" class="num">
                      {t('figures.reconciliation.ledger')}
                    </th>
                    <th scope="col" class="num">
                      {t('figures.reconciliation.records')}
                    </th>
                    <th scope="col" class="num">
                      {t('figures.reconciliation.difference')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.mismatches.map((m) => (
                    <tr key={`${m.program}/${m.cause ?? ''}/${m.month}/${m.measure}`}>
                      <th scope="row">{m.program}</th>
                      <td>{m.cause ?? '—'}</td>
                      <td>{monthLabel(m.month, i18n.locale)}</td>
                      <td>{kMeasureLabels[m.measure] ? t(kMeasureLabels[m.measure]) : m.measure}</td>
                      <td class="num">{i18n.krw(m.ledger_won)}</td>
                      <td class="num">{i18n.krw(m.records_won)}</td>
                      <td class="num">{i18n.krw(m.difference_won)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
