// 청각 지원 신청 (signed in): a guardian applies for their child (the audiologist's report uploaded
// first, then the application) and follows their applications' status here.
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, applyForGrant, type GrantSummary, isProblem, myGrants, uploadGrantReport } from '../api/client';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type MessageKey, useI18n } from '../i18n';
import { useSession } from '../session';

const kFields = [
  ['child_name', 'grants.form.child_name', 'text'],
  ['child_birth_date', 'grants.form.child_birth_date', 'date'],
  ['guardian_name', 'grants.form.guardian_name', 'text'],
  ['guardian_relation', 'grants.form.guardian_relation', 'text'],
  ['guardian_phone', 'grants.form.guardian_phone', 'tel'],
  ['hospital', 'grants.form.hospital', 'text'],
  ['requested_won', 'grants.form.requested_won', 'number'],
  ['consent_on', 'grants.form.consent_on', 'date'],
] as const;
type Field = (typeof kFields)[number][0];

export function MyGrantsScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [items, setItems] = useState<GrantSummary[] | null>(null);
  const [values, setValues] = useState<Record<Field, string>>({
    child_name: '',
    child_birth_date: '',
    guardian_name: '',
    guardian_relation: '',
    guardian_phone: '',
    hospital: '',
    requested_won: '',
    consent_on: '',
  });
  const [consent, setConsent] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  usePageTitle(t('grants.mine.title'));

  async function load() {
    try {
      setItems((await myGrants()).items);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(problemMessage(e, t));
    }
  }
  useEffect(() => {
    void load();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!file) return setFieldErrors({ report_id: t('grants.form.report_missing') });
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const report = await uploadGrantReport(file);
      await applyForGrant({ ...values, requested_won: Number(values.requested_won), consent, report_id: report.id });
      setDone(true);
      await load();
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      const errors: Record<string, string> = {};
      if (e instanceof ApiProblem) for (const f of e.errors) errors[f.field] = f.message;
      setFieldErrors(errors);
      setError(isProblem(e, 'unsupported-media-type') ? t('grants.form.report_type') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="grants-heading">
      <h1 id="grants-heading" tabIndex={-1}>
        {t('grants.mine.title')}
      </h1>
      <p class="notice notice-info">{t('grants.mine.intro')}</p>
      <p>
        <a href="/funds/art-hall">{t('nav.grant_fund')}</a>
      </p>
      <h2>{t('grants.mine.list')}</h2>
      {items && items.length === 0 && <p class="muted">{t('grants.mine.empty')}</p>}
      <ul class="cards">
        {items?.map((a) => (
          <li key={a.id} class="card" data-testid="my-grant">
            <h3 class="card-title">
              <a href={`/grants/${a.id}`}>{t('grants.case.heading', { child: a.child_name, hospital: a.hospital })}</a>
            </h3>
            <p data-testid="my-grant-status">{t(`grants.status.${a.status}` as MessageKey)}</p>
            {a.reason && <p class="muted">{a.reason}</p>}
          </li>
        ))}
      </ul>
      <h2 id="apply-heading">{t('grants.form.title')}</h2>
      {done && (
        <p class="notice notice-success" role="status">
          {t('grants.form.done')}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} aria-labelledby="apply-heading" noValidate>
        {kFields.map(([name, label, type]) => (
          <div class="field" key={name}>
            <label for={`g-${name}`}>{t(label)}</label>
            <input
              id={`g-${name}`}
              name={name}
              type={type}
              inputMode={type === 'number' ? 'numeric' : undefined}
              value={values[name]}
              aria-invalid={fieldErrors[name] ? true : undefined}
              aria-describedby={fieldErrors[name] ? `g-${name}-error` : undefined}
              onInput={(e) => setValues({ ...values, [name]: (e.target as HTMLInputElement).value })}
            />
            {fieldErrors[name] && (
              <p id={`g-${name}-error`} class="field-error" role="alert">
                {fieldErrors[name]}
              </p>
            )}
          </div>
        ))}
        <div class="field">
          <label for="g-report">{t('grants.form.report')}</label>
          <input
            id="g-report"
            type="file"
            accept="application/pdf,image/jpeg,image/png,image/webp"
            aria-describedby={fieldErrors.report_id ? 'g-report-error' : undefined}
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
          />
          {fieldErrors.report_id && (
            <p id="g-report-error" class="field-error" role="alert">
              {fieldErrors.report_id}
            </p>
          )}
        </div>
        <div class="field">
          <label>
            <input type="checkbox" checked={consent} onChange={(e) => setConsent((e.target as HTMLInputElement).checked)} />{' '}
            {t('grants.form.consent')}
          </label>
          {fieldErrors.consent && (
            <p class="field-error" role="alert">
              {fieldErrors.consent}
            </p>
          )}
        </div>
        {error && (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('grants.form.sending') : t('grants.form.submit')}
        </button>
      </form>
    </section>
  );
}
