// Report an outage (the outage program's manager, admin): areas or line ids, start and an
// optional end in Korea time, cause, gross negligence, and optionally a terms version to settle
// under. With an end it is settled at once; the server's field errors show next to the fields.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  isProblem,
  listOutageTerms,
  type NewOutageEvent,
  type OutageEvent,
  type OutageTerms,
  reportOutage,
} from '../api/client';
import { problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { kstInputToRfc3339 } from '../market/logic';
import { splitList } from '../outage/logic';
import { useSession } from '../session';
import { type FieldErrors, FormField } from './MarketForm';
import { outageFieldErrors } from './OutageParts';

const kFields = ['areas', 'line_ids', 'started_at', 'ended_at', 'cause', 'terms_id'] as const;
type Field = (typeof kFields)[number];
export type ReportValues = Record<Field, string> & { gross_negligence: boolean };

const kHints: Partial<Record<Field, MessageKey>> = {
  areas: 'outage.field.areas_hint',
  line_ids: 'outage.field.line_ids_hint',
  ended_at: 'outage.field.ended_at_hint',
  terms_id: 'outage.field.terms_hint',
};

export const kEmptyReport: ReportValues = {
  areas: '',
  line_ids: '',
  started_at: '',
  ended_at: '',
  cause: '',
  terms_id: '',
  gross_negligence: false,
};

/** The request for the form, or the errors the page sees by itself (order of times is the server's). */
export function reportRequest(v: ReportValues, t: I18n['t']): { body?: NewOutageEvent; errors: FieldErrors<Field> } {
  const errors: FieldErrors<Field> = {};
  const areas = splitList(v.areas);
  const lineIds = splitList(v.line_ids);
  if (areas.length === 0 && lineIds.length === 0) errors.areas = t('outage.form.targets');
  if (!v.started_at.trim()) errors.started_at = t('outage.form.required');
  const started = v.started_at.trim() ? kstInputToRfc3339(v.started_at) : null;
  if (v.started_at.trim() && !started) errors.started_at = t('outage.form.bad_time');
  const ended = v.ended_at.trim() ? kstInputToRfc3339(v.ended_at) : null;
  if (v.ended_at.trim() && !ended) errors.ended_at = t('outage.form.bad_time');
  if (!v.cause.trim()) errors.cause = t('outage.form.required');
  if (Object.keys(errors).length > 0) return { errors };
  const body: NewOutageEvent = { started_at: started!, cause: v.cause.trim(), gross_negligence: v.gross_negligence };
  if (ended) body.ended_at = ended;
  if (areas.length > 0) body.areas = areas;
  if (lineIds.length > 0) body.line_ids = lineIds;
  if (v.terms_id) body.terms_id = v.terms_id;
  return { body, errors };
}

export function OutageReportScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [values, setValues] = useState<ReportValues>(kEmptyReport);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<OutageEvent | null>(null);
  const [terms, setTerms] = useState<OutageTerms[]>([]);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  usePageTitle(t('outage.report.title'));

  useEffect(() => {
    const abort = new AbortController();
    listOutageTerms({ signal: abort.signal }).then((r) => setTerms(r.items), () => {});
    return () => abort.abort();
  }, []);

  function focusFirst(errs: FieldErrors<Field>) {
    const first = kFields.find((f) => errs[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#report-${first}`)?.focus();
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    setCreated(null);
    const { body, errors: local } = reportRequest(values, t);
    setErrors(local);
    if (!body) {
      setFormError(t('outage.form.fix_fields'));
      focusFirst(local);
      return;
    }
    setBusy(true);
    try {
      setCreated(await reportOutage(body));
      setValues(kEmptyReport);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      if (isProblem(e, 'validation')) {
        const { fields, rest } = outageFieldErrors(e, kFields, t);
        setErrors(fields);
        setFormError([t('outage.form.fix_fields'), ...rest].join(' '));
        focusFirst(fields);
      } else {
        setFormError(problemMessage(e, t));
      }
    } finally {
      setBusy(false);
    }
  }

  function field(f: Field, control: 'text' | 'textarea' | 'datetime-local') {
    return (
      <FormField id={`report-${f}`} label={t(`outage.field.${f}`)} hint={kHints[f] ? t(kHints[f]!) : undefined} error={errors[f]}>
        {(a11y) =>
          control === 'textarea' ? (
            <textarea
              {...a11y}
              name={f}
              rows={2}
              value={values[f]}
              onInput={(e) => setValues({ ...values, [f]: e.currentTarget.value })}
            />
          ) : (
            <input
              {...a11y}
              name={f}
              type={control}
              autoComplete="off"
              value={values[f]}
              onInput={(e) => setValues({ ...values, [f]: e.currentTarget.value })}
            />
          )
        }
      </FormField>
    );
  }

  return (
    <section aria-labelledby="report-heading" class="narrow-wide">
      <p>
        <a href="/outages">{t('outage.back')}</a>
      </p>
      <h1 id="report-heading" tabIndex={-1}>
        {t('outage.report.title')}
      </h1>
      <p class="muted">{t('outage.report.intro')}</p>
      <form ref={formRef} class="form panel" onSubmit={onSubmit} noValidate>
        {field('areas', 'textarea')}
        {field('line_ids', 'textarea')}
        <div class="form-pair">
          {field('started_at', 'datetime-local')}
          {field('ended_at', 'datetime-local')}
        </div>
        {field('cause', 'text')}
        <div class="field field-check">
          <input
            id="report-gross_negligence"
            type="checkbox"
            checked={values.gross_negligence}
            onChange={(e) => setValues({ ...values, gross_negligence: e.currentTarget.checked })}
          />
          <label for="report-gross_negligence">{t('outage.field.gross_negligence')}</label>
        </div>
        <FormField id="report-terms_id" label={t('outage.field.terms_id')} hint={t('outage.field.terms_hint')} error={errors.terms_id}>
          {(a11y) => (
            <select
              {...a11y}
              name="terms_id"
              value={values.terms_id}
              onChange={(e) => setValues({ ...values, terms_id: e.currentTarget.value })}
            >
              <option value="">{t('outage.field.terms_default')}</option>
              {terms.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.named_only ? `${x.name} (${t('outage.terms.named_only')})` : x.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {formError && (
          <p class="notice notice-error" role="alert">
            {formError}
          </p>
        )}
        {created && (
          <div class="notice notice-success" role="status" data-testid="report-created">
            <p>
              {t('outage.report.created', {
                lines: created.totals.lines.toLocaleString('en-US'),
                compensated: created.totals.compensated_lines.toLocaleString('en-US'),
              })}
            </p>
            <p>
              <a href={`/outages/${created.id}`}>{t('outage.report.view')}</a>
            </p>
          </div>
        )}
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('outage.report.submitting') : t('outage.report.submit')}
        </button>
      </form>
    </section>
  );
}
