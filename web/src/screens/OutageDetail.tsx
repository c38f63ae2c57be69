// One outage (its manager, admin, auditor): what happened, the totals, each line's
// compensation (paged); for the manager and admins a correction form (end an ongoing outage,
// fix its start or end: the difference is settled) and "다시 정산" with what it posted.
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import {
  correctOutage,
  getOutage,
  isProblem,
  listOutageCompensations,
  listOutageTerms,
  type OutageCompensation,
  type OutageCorrection,
  type OutageEvent,
  type OutageSettlement,
  settleOutage,
} from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { kstInputToRfc3339, kstInputValue } from '../market/logic';
import { formatHours } from '../outage/logic';
import { useSession } from '../session';
import { type FieldErrors, FormField } from './MarketForm';
import {
  OutageStatusBadge,
  OutageTotalsList,
  canManageOutages,
  durationText,
  outageFieldErrors,
  periodText,
  targetsText,
} from './OutageParts';

const kCorrectionFields = ['started_at', 'ended_at'] as const;
type CorrectionField = (typeof kCorrectionFields)[number];

function CorrectionForm(props: { event: OutageEvent; onSaved: (e: OutageEvent) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const e = props.event;
  const initial = () => ({
    started_at: kstInputValue(new Date(Date.parse(e.started_at))),
    ended_at: e.ended_at ? kstInputValue(new Date(Date.parse(e.ended_at))) : '',
  });
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<CorrectionField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValues(initial()), [e.revision]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    setSaved(null);
    const local: FieldErrors<CorrectionField> = {};
    const body: OutageCorrection = {};
    const before = initial();
    for (const f of kCorrectionFields) {
      if (values[f] === before[f]) continue;
      if (!values[f].trim()) {
        local[f] = t('outage.form.required');
        continue;
      }
      const time = kstInputToRfc3339(values[f]);
      if (!time) local[f] = t('outage.form.bad_time');
      else body[f] = time;
    }
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setFormError(t('outage.form.fix_fields'));
      return;
    }
    if (Object.keys(body).length === 0) {
      setSaved(t('outage.correct.nothing'));
      return;
    }
    setBusy(true);
    try {
      const changed = await correctOutage(e.id, body);
      props.onSaved(changed);
      setSaved(
        t('outage.correct.saved', {
          lines: changed.totals.lines.toLocaleString('en-US'),
          compensated: changed.totals.compensated_lines.toLocaleString('en-US'),
        }),
      );
    } catch (err) {
      if (isProblem(err, 'unauthenticated')) session.expire();
      if (isProblem(err, 'validation')) {
        const { fields, rest } = outageFieldErrors(err, kCorrectionFields, t);
        setErrors(fields);
        setFormError([t('outage.form.fix_fields'), ...rest].join(' '));
      } else {
        setFormError(problemMessage(err, t));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="correct-heading" class="panel">
      <h2 id="correct-heading">{t('outage.correct.title')}</h2>
      <p class="muted">{t('outage.correct.intro')}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        {kCorrectionFields.map((f) => (
          <FormField
            key={f}
            id={`correct-${f}`}
            label={t(`outage.field.${f}`)}
            hint={f === 'ended_at' && !e.ended_at ? t('outage.correct.end_now_hint') : undefined}
            error={errors[f]}
          >
            {(a11y) => (
              <input
                {...a11y}
                name={f}
                type="datetime-local"
                value={values[f]}
                onInput={(ev) => setValues({ ...values, [f]: ev.currentTarget.value })}
              />
            )}
          </FormField>
        ))}
        {formError && (
          <p class="notice notice-error" role="alert">
            {formError}
          </p>
        )}
        {saved && (
          <p class="notice notice-success" role="status">
            {saved}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('outage.correct.submitting') : t('outage.correct.submit')}
        </button>
      </form>
    </section>
  );
}

function SettleButton(props: { event: OutageEvent; onSettled: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<OutageSettlement | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function settle() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await settleOutage(props.event.id));
      props.onSettled();
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(isProblem(e, 'outage-ongoing') ? t('outage.settle.ongoing') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="settle">
      <button
        type="button"
        class="button button-secondary"
        disabled={busy || !props.event.ended_at}
        aria-busy={busy}
        onClick={() => void settle()}
      >
        {busy ? t('outage.settle.busy') : t('outage.settle.button')}
      </button>
      {!props.event.ended_at && <p class="hint">{t('outage.settle.ongoing')}</p>}
      {result && (
        <p class="notice notice-success" role="status" data-testid="settlement">
          {result.postings === 0
            ? t('outage.settle.nothing')
            : t('outage.settle.result', {
                lines: result.lines.toLocaleString('en-US'),
                postings: result.postings.toLocaleString('en-US'),
                refund: i18n.krw(result.refund_won),
                voluntary: i18n.krw(result.voluntary_won),
                damages: i18n.krw(result.damages_won),
              })}
        </p>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function CompensationTable(props: { eventId: string; revision: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [rows, setRows] = useState<OutageCompensation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);

  async function load(next: string | null) {
    try {
      const page = await listOutageCompensations(props.eventId, { cursor: next });
      setRows((old) => (next ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  }
  useEffect(() => {
    void load(null);
  }, [props.eventId, props.revision]);

  return (
    <section aria-labelledby="lines-heading">
      <h2 id="lines-heading">{t('outage.lines_title')}</h2>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(null)} />}
      {loaded && rows.length === 0 && !error && <p class="muted">{t('outage.lines_empty')}</p>}
      {rows.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="lines-heading">
          <table class="table" data-testid="compensations">
            <thead>
              <tr>
                <th scope="col">{t('outage.col.line')}</th>
                <th scope="col">{t('outage.col.area')}</th>
                <th scope="col">{t('outage.col.hours')}</th>
                <th scope="col">{t('outage.col.compensated_hours')}</th>
                <th scope="col">{t('outage.col.refund')}</th>
                <th scope="col">{t('outage.col.voluntary')}</th>
                <th scope="col">{t('outage.col.damages_claimable')}</th>
                <th scope="col">{t('outage.col.damages_paid')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.line_id}>
                  <th scope="row">{c.line_ref ?? c.line_id}</th>
                  <td>{c.area ?? ''}</td>
                  <td>{formatHours(c.hours, i18n.locale)}</td>
                  <td>{formatHours(c.compensated_hours, i18n.locale)}</td>
                  <td>{i18n.krw(c.refund_won)}</td>
                  <td>{i18n.krw(c.voluntary_won)}</td>
                  <td>{i18n.krw(c.damages_claimable_won)}</td>
                  <td>{i18n.krw(c.damages_paid_won)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          {t('outage.more')}
        </button>
      )}
    </section>
  );
}

export function OutageDetailScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const { params } = useRoute();
  const id = params.id;
  const [event, setEvent] = useState<OutageEvent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [termsNames, setTermsNames] = useState<ReadonlyMap<string, string>>(new Map());
  // Bumped after a settlement so the line table reloads even when the revision did not move.
  const [generation, setGeneration] = useState(0);
  usePageTitle(event ? event.cause : t('outage.detail_title'));

  async function load() {
    try {
      setEvent(await getOutage(id));
      setError(null);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, [id]);
  // The named terms version by its name (an id otherwise, while the list loads or fails).
  useEffect(() => {
    const abort = new AbortController();
    listOutageTerms({ signal: abort.signal }).then(
      (r) => setTermsNames(new Map(r.items.map((x) => [x.id, x.name]))),
      () => {},
    );
    return () => abort.abort();
  }, []);

  if (error !== null && !event) {
    return (
      <section class="narrow">
        <h1 tabIndex={-1}>{t('outage.detail_title')}</h1>
        <ProblemNotice error={error} onRetry={() => void load()} />
        <p>
          <a href="/outages">{t('outage.back')}</a>
        </p>
      </section>
    );
  }
  if (!event) return <p class="muted" role="status">{t('app.loading')}</p>;

  const manage = canManageOutages(session.user);
  return (
    <section aria-labelledby="outage-heading">
      <p>
        <a href="/outages">{t('outage.back')}</a>
      </p>
      <div class="card-head">
        <h1 id="outage-heading" tabIndex={-1}>
          {event.cause}
        </h1>
        <OutageStatusBadge event={event} />
      </div>
      <dl class="facts">
        <dt>{t('outage.period')}</dt>
        <dd data-testid="outage-period">{periodText(i18n, event)}</dd>
        <dt>{t('outage.duration')}</dt>
        <dd>{durationText(i18n, event, new Date())}</dd>
        <dt>{t('outage.areas')}</dt>
        <dd>{targetsText(t, event)}</dd>
        <dt>{t('outage.gross_negligence')}</dt>
        <dd>{event.gross_negligence ? t('outage.yes') : t('outage.no')}</dd>
        <dt>{t('outage.terms_used')}</dt>
        <dd>{event.terms_id ? <a href="/outages/terms">{termsNames.get(event.terms_id) ?? event.terms_id}</a> : t('outage.terms_default')}</dd>
      </dl>
      <OutageTotalsList totals={event.totals} />
      {manage && (
        <SettleButton
          event={event}
          onSettled={() => {
            setGeneration((g) => g + 1);
            void load();
          }}
        />
      )}
      <CompensationTable eventId={event.id} revision={event.revision * 1000 + generation} />
      {manage && <CorrectionForm event={event} onSaved={setEvent} />}
    </section>
  );
}
