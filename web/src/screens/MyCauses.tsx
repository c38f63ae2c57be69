// 내 기부처 (customer): where the credit goes at year end. Either the program's default split,
// or the customer's own shares of the causes (whole percents adding up to 100). The server
// checks again; its answer is what the page then shows.
import { useEffect, useState } from 'preact/hooks';
import { isProblem } from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type CauseShare, type CreditCause, listCauses, type MyCauses, myCauses, setMyCauses } from '../giving/client';
import { draftShares, sharesProblem, sharesToSend, sharesTotal } from '../giving/logic';
import { useI18n } from '../i18n';
import { useSession } from '../session';

function percentText(p: number): string {
  return `${Number(p.toFixed(1))}%`;
}

export function MyCausesScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [causes, setCauses] = useState<CreditCause[]>([]);
  const [mine, setMine] = useState<MyCauses | null>(null);
  const [own, setOwn] = useState(false);
  const [draft, setDraft] = useState<CauseShare[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(t('giving.causes.title'));

  function show(c: CreditCause[], m: MyCauses) {
    setCauses(c);
    setMine(m);
    setOwn(!m.default);
    setDraft(draftShares(c, m.shares));
  }

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    Promise.all([listCauses({ signal: abort.signal }), myCauses({ signal: abort.signal })])
      .then(([c, m]) => show(c.items, m))
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
    setSaved(false);
    setFormError(null);
    const problem = own ? sharesProblem(draft) : null;
    if (problem) {
      setFormError(t(problem, { total: sharesTotal(draft) }));
      return;
    }
    setBusy(true);
    try {
      show(causes, await setMyCauses(own ? sharesToSend(draft) : []));
      setSaved(true);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setFormError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  const total = sharesTotal(draft);
  return (
    <section aria-labelledby="causes-heading">
      <h1 id="causes-heading" tabIndex={-1}>
        {t('giving.causes.title')}
      </h1>
      <p class="muted">{t('giving.causes.intro')}</p>
      <p>
        <a href="/credit">{t('giving.causes.back')}</a>
      </p>
      {error !== null && <ProblemNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {mine && (
        <>
          <h2>{t('giving.causes.applying')}</h2>
          <p data-testid="causes-mode">{mine.default ? t('giving.causes.mode_default') : t('giving.causes.mode_own')}</p>
          <ul data-testid="causes-applying">
            {mine.shares.map((s) => (
              <li key={s.cause_id}>
                {s.name} {percentText(s.percent)}
              </li>
            ))}
          </ul>
          <form class="form panel" onSubmit={(e) => void onSubmit(e)} noValidate>
            <fieldset>
              <legend>{t('giving.causes.how')}</legend>
              <div class="field field-check">
                <input id="causes-default" type="radio" name="mode" checked={!own} onChange={() => setOwn(false)} />
                <label for="causes-default">
                  {t('giving.causes.use_default', {
                    split: mine.default_split.map((s) => `${s.name} ${percentText(s.percent)}`).join(', '),
                  })}
                </label>
              </div>
              <div class="field field-check">
                <input id="causes-own" type="radio" name="mode" checked={own} onChange={() => setOwn(true)} />
                <label for="causes-own">{t('giving.causes.use_own')}</label>
              </div>
            </fieldset>
            {own && (
              <fieldset data-testid="causes-shares">
                <legend>{t('giving.causes.shares')}</legend>
                {draft.map((s, i) => {
                  const cause = causes.find((c) => c.id === s.cause_id);
                  return (
                    <div class="field" key={s.cause_id}>
                      <label for={`share-${s.cause_id}`}>{t('giving.causes.share_label', { name: s.name ?? '' })}</label>
                      {cause?.description && (
                        <p class="hint" id={`share-${s.cause_id}-hint`}>
                          {cause.description}
                        </p>
                      )}
                      <input
                        id={`share-${s.cause_id}`}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={100}
                        step={1}
                        value={s.percent}
                        aria-describedby={cause?.description ? `share-${s.cause_id}-hint` : undefined}
                        onInput={(e) => {
                          const next = [...draft];
                          const v = Number(e.currentTarget.value);
                          next[i] = { ...s, percent: Number.isFinite(v) ? v : 0 };
                          setDraft(next);
                        }}
                      />
                    </div>
                  );
                })}
                <p aria-live="polite" data-testid="causes-total" class={total === 100 ? '' : 'field-error'}>
                  {t('giving.causes.total', { total })}
                </p>
              </fieldset>
            )}
            {formError && (
              <p class="notice notice-error" role="alert" data-testid="causes-error">
                {formError}
              </p>
            )}
            {saved && (
              <p class="notice notice-success" role="status" data-testid="causes-saved">
                {t('giving.causes.saved')}
              </p>
            )}
            <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
              {t('giving.causes.save')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
