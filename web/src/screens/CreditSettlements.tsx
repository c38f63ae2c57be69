// 행복 크레딧 정산 (the program's manager, admin; auditors read): runs a settlement of every
// credit balance up to an instant (the year-end job does it on 31 December; a manager runs a
// pilot period here) and shows what it did: customers, points, won, and each cause's share.
// Past settlements are listed newest first. A large settlement answers "running" and the job
// finishes it; the page can ask again.
import { useEffect, useState } from 'preact/hooks';
import { isProblem } from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount } from '../format';
import { type CreditSettlement, getSettlement, listSettlements, runSettlement } from '../giving/client';
import { kstInstant, kstLocalNow } from '../giving/logic';
import { useI18n } from '../i18n';
import { hasRole } from '../nav';
import { useSession } from '../session';
import { FormField } from './MarketForm';

function SettlementResult(props: { settlement: CreditSettlement; onRefresh?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const s = props.settlement;
  return (
    <article class="card" data-testid="settlement" data-status={s.status}>
      <h3 class="card-title">{t('giving.settle.period', { at: i18n.kst(s.period_end) })}</h3>
      <dl class="facts">
        <dt>{t('giving.settle.status')}</dt>
        <dd data-testid="settlement-status">{t(s.status === 'done' ? 'giving.settle.done' : 'giving.settle.running')}</dd>
        <dt>{t('giving.settle.customers')}</dt>
        <dd data-testid="settlement-customers">{formatCount(s.customers)}</dd>
        <dt>{t('giving.settle.points')}</dt>
        <dd data-testid="settlement-points">{t('giving.points', { points: formatCount(s.points) })}</dd>
        <dt>{t('giving.settle.won')}</dt>
        <dd data-testid="settlement-won">{i18n.krw(s.won)}</dd>
      </dl>
      {s.causes.length > 0 && (
        <table class="table">
          <caption>{t('giving.settle.by_cause')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('giving.settle.cause')}</th>
              <th scope="col" class="num">
                {t('giving.settle.won')}
              </th>
            </tr>
          </thead>
          <tbody>
            {s.causes.map((c) => (
              <tr key={c.cause_id} data-cause={c.name}>
                <td>{c.name}</td>
                <td class="num">{i18n.krw(c.won)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.status === 'running' && props.onRefresh && (
        <button type="button" class="button button-secondary" onClick={props.onRefresh}>
          {t('giving.settle.refresh')}
        </button>
      )}
    </article>
  );
}

export function CreditSettlementsScreen() {
  const { t } = useI18n();
  const session = useSession();
  const mayRun = hasRole(session.user, 'admin') || hasRole(session.user, 'manager', 'credit');
  const [periodEnd, setPeriodEnd] = useState(() => kstLocalNow(new Date()));
  const [result, setResult] = useState<CreditSettlement | null>(null);
  const [past, setPast] = useState<CreditSettlement[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(t('giving.settle.title'));

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    listSettlements({ signal: abort.signal })
      .then((r) => setPast(r.items))
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        if (isProblem(e, 'unauthenticated')) session.expire();
        setError(e);
      });
    return () => abort.abort();
  }, [attempt]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const at = kstInstant(periodEnd);
    if (!at) {
      setFormError(t('giving.settle.bad_time'));
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      setResult(await runSettlement(at, `settle-${at}`));
      setAttempt((n) => n + 1);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      if (isProblem(e, 'no-default-causes')) setFormError(t('giving.settle.no_default'));
      else if (isProblem(e, 'validation')) setFormError(t('giving.settle.future'));
      else setFormError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  async function refresh() {
    if (!result) return;
    try {
      setResult(await getSettlement(result.id));
    } catch (e) {
      setFormError(problemMessage(e, t));
    }
  }

  return (
    <section aria-labelledby="settle-heading">
      <h1 id="settle-heading" tabIndex={-1}>
        {t('giving.settle.title')}
      </h1>
      <p class="muted">{t('giving.settle.intro')}</p>
      {mayRun && (
        <form class="form panel" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="settle-form-heading">
          <h2 id="settle-form-heading">{t('giving.settle.run_title')}</h2>
          <FormField id="settle-period-end" label={t('giving.settle.period_end')} hint={t('giving.settle.period_end_hint')}>
            {(a11y) => <input {...a11y} type="datetime-local" value={periodEnd} onInput={(e) => setPeriodEnd(e.currentTarget.value)} />}
          </FormField>
          {formError && (
            <p class="notice notice-error" role="alert" data-testid="settle-error">
              {formError}
            </p>
          )}
          <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
            {t('giving.settle.run')}
          </button>
        </form>
      )}
      {result && (
        <section aria-labelledby="settle-result-heading" data-testid="settle-result">
          <h2 id="settle-result-heading">{t('giving.settle.result')}</h2>
          <SettlementResult settlement={result} onRefresh={() => void refresh()} />
        </section>
      )}
      {error !== null && <ProblemNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      <h2>{t('giving.settle.past')}</h2>
      {past.length === 0 ? (
        <p class="muted">{t('giving.settle.none')}</p>
      ) : (
        <div data-testid="settlements">
          {past.map((s) => (
            <SettlementResult key={s.id} settlement={s} />
          ))}
        </div>
      )}
    </section>
  );
}
