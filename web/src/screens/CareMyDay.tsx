// 오늘의 방문 (helper, phone first): today's visits in order with the address, a map link and the
// phone number; check in on arrival, check out with the outcome (solved, follow-up needed,
// nobody home), notes, the time spent and the person's satisfaction.
import { useEffect, useState } from 'preact/hooks';
import {
  type CareOutcome,
  type CareVisitOfDay,
  checkInCareVisit,
  checkOutCareVisit,
  isProblem,
  myCareVisits,
} from '../api/client';
import { checkOutBody, clock, minutesSince, seoulMinutes } from '../care/logic';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { FormField } from './MarketForm';
import { RequestFacts } from './CareParts';

const kOutcomes: CareOutcome[] = ['solved', 'follow_up', 'not_home'];

function CheckOutForm(props: { visit: CareVisitOfDay; onDone: (v: CareVisitOfDay) => void }) {
  const { t } = useI18n();
  const v = props.visit;
  const [outcome, setOutcome] = useState<CareOutcome>('solved');
  const [notes, setNotes] = useState('');
  const [duration, setDuration] = useState(() => String(minutesSince(v.checked_in_at, new Date())));
  const [satisfaction, setSatisfaction] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `out-${v.id}`;

  async function submit(e: Event) {
    e.preventDefault();
    const built = checkOutBody({ outcome, notes, duration, satisfaction });
    if ('error' in built) {
      setFieldError(built.error);
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      const done = await checkOutCareVisit(v.id, built.body);
      props.onDone({ ...v, ...done });
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form panel" onSubmit={(e) => void submit(e)} noValidate aria-label={t('care.day.check_out')}>
      <fieldset>
        <legend>{t('care.day.outcome')}</legend>
        {kOutcomes.map((o) => (
          <div class="field field-check" key={o}>
            <input
              id={`${id}-${o}`}
              type="radio"
              name={`${id}-outcome`}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />
            <label for={`${id}-${o}`}>{t(`care.outcome.${o}`)}</label>
          </div>
        ))}
      </fieldset>
      <FormField id={`${id}-notes`} label={t('care.day.notes')} error={fieldError === 'notes' ? t('care.day.notes_error') : undefined}>
        {(a11y) => <textarea {...a11y} rows={3} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />}
      </FormField>
      <FormField
        id={`${id}-duration`}
        label={t('care.day.duration')}
        error={fieldError === 'duration' ? t('care.day.duration_error') : undefined}
      >
        {(a11y) => (
          <input {...a11y} type="number" inputMode="numeric" min={1} max={600} value={duration} onInput={(e) => setDuration(e.currentTarget.value)} />
        )}
      </FormField>
      {outcome !== 'not_home' && (
        <FormField id={`${id}-satisfaction`} label={t('care.day.satisfaction')} hint={t('care.day.satisfaction_hint')}>
          {(a11y) => (
            <select {...a11y} value={satisfaction} onChange={(e) => setSatisfaction(e.currentTarget.value)}>
              <option value="">{t('care.day.satisfaction_none')}</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={String(n)}>
                  {t(`care.satisfaction.${n as 1 | 2 | 3 | 4 | 5}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
        {busy ? t('care.day.checking_out') : t('care.day.check_out')}
      </button>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function VisitCard(props: { visit: CareVisitOfDay; onChange: (v: CareVisitOfDay) => void }) {
  const { t } = useI18n();
  const v = props.visit;
  const b = v.beneficiary;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = `visit-${v.id}`;

  async function checkIn() {
    setBusy(true);
    setError(null);
    try {
      props.onChange({ ...v, ...(await checkInCareVisit(v.id)) });
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card care-visit-card" aria-labelledby={heading} data-testid="my-visit">
      <h2 id={heading} class="card-title">
        {v.seq}. {clock(seoulMinutes(v.start_at))}–{clock(seoulMinutes(v.end_at))} · {b.name}
      </h2>
      <p class="card-meta">
        {t(`care.kind.${v.request.kind}`)} · {t(`care.visit_status.${v.status}`)}
      </p>
      <p>{b.address}</p>
      <p>
        <a href={v.map_url} target="_blank" rel="noopener noreferrer">
          {t('care.day.map')}
        </a>{' '}
        · <a href={`tel:${b.phone}`}>{b.phone}</a>
      </p>
      {(b.needs.length > 0 || b.female_helper_only) && (
        <p class="muted">
          {t('care.day.needs')}: {[...b.needs, ...(b.female_helper_only ? [t('care.day.female_only')] : [])].join(', ')}
        </p>
      )}
      <RequestFacts request={v.request} />
      {v.status === 'planned' && (
        <button type="button" class="button button-primary" disabled={busy} aria-busy={busy} aria-describedby={heading} onClick={() => void checkIn()}>
          {t('care.day.check_in')}
        </button>
      )}
      {v.status === 'visiting' && <CheckOutForm visit={v} onDone={props.onChange} />}
      {v.status === 'done' && (
        <p class="notice notice-success" role="status">
          {t('care.day.done', {
            outcome: v.outcome ? t(`care.outcome.${v.outcome}`) : '',
            minutes: v.duration_min ?? 0,
          })}
        </p>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function CareMyDayScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [visits, setVisits] = useState<CareVisitOfDay[] | null>(null);
  const [notHelper, setNotHelper] = useState(false);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('care.day.title'));

  async function load() {
    try {
      setVisits((await myCareVisits()).items);
      setError(null);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      if (isProblem(e, 'not-a-helper')) setNotHelper(true);
      else setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, []);

  function changed(v: CareVisitOfDay) {
    setVisits((old) => (old ?? []).map((x) => (x.id === v.id ? v : x)));
  }

  return (
    <section aria-labelledby="day-heading">
      <h1 id="day-heading" tabIndex={-1}>
        {t('care.day.title')}
      </h1>
      <p class="muted">{t('care.day.intro')}</p>
      {notHelper && <p class="notice notice-info">{t('care.day.not_helper')}</p>}
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      {visits && visits.length === 0 && <p class="muted">{t('care.day.empty')}</p>}
      {visits && visits.length > 0 && (
        <ol class="cards care-day">
          {visits.map((v) => (
            <VisitCard key={v.id} visit={v} onChange={changed} />
          ))}
        </ol>
      )}
    </section>
  );
}
