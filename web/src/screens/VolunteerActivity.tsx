// One volunteer activity: where and when, slots, sign-up and withdrawal for employees, and for
// its team's leader (or the program's manager) the attendance: a checklist of who came, sized
// for a phone, saved in one request (the whole list: the unchecked are absent).
import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import {
  getVolunteerActivity,
  isProblem,
  recordVolunteerAttendance,
  signUpVolunteer,
  type VolunteerActivityDetail,
  type VolunteerRecorded,
  withdrawVolunteer,
} from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { newIdempotencyKey } from '../market/logic';
import { useSession } from '../session';

function Attendance(props: { activity: VolunteerActivityDetail; onSaved: (r: VolunteerRecorded) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const a = props.activity;
  const people = new Map<string, string>();
  for (const s of a.signups ?? []) people.set(s.user_id, s.name);
  for (const m of a.members ?? []) people.set(m.user_id, m.name);
  for (const r of a.attendance ?? []) people.set(r.user_id, r.name);
  const [present, setPresent] = useState<Set<string>>(new Set((a.attendance ?? []).map((r) => r.user_id)));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VolunteerRecorded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const started = Date.parse(a.starts_at) <= Date.now();

  async function save() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await recordVolunteerAttendance(
        a.id,
        [...present].map((user_id) => ({ user_id })),
      );
      setResult(saved);
      props.onSaved(saved);
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="attendance-title" class="panel">
      <h2 id="attendance-title">{t('volunteer.attendance')}</h2>
      {!started && <p>{t('volunteer.attendance_later')}</p>}
      {people.size === 0 && <p>{t('volunteer.nobody')}</p>}
      <ul class="checklist">
        {[...people.entries()].map(([id, name]) => (
          <li key={id}>
            <label class="check">
              <input
                type="checkbox"
                data-testid="attendee"
                checked={present.has(id)}
                disabled={!started}
                onChange={(e) => {
                  const next = new Set(present);
                  if ((e.target as HTMLInputElement).checked) next.add(id);
                  else next.delete(id);
                  setPresent(next);
                }}
              />{' '}
              {name}
            </label>
          </li>
        ))}
      </ul>
      <button type="button" class="button button-primary" disabled={!started || busy} aria-busy={busy} onClick={() => void save()}>
        {busy ? t('volunteer.saving') : t('volunteer.save_attendance')}
      </button>
      {result && (
        <p class="notice notice-success" role="status" data-testid="attendance-saved">
          {t('volunteer.saved', { people: result.attendance.length, hours: result.hours })}{' '}
          {result.grant.status === 'posted' && t('volunteer.grant_posted', { amount: i18n.krw(result.grant.granted_won) })}
          {result.grant.status === 'refused' && t('volunteer.grant_refused')}
        </p>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

export function VolunteerActivityScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const { params } = useRoute();
  const [activity, setActivity] = useState<VolunteerActivityDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<string | null>(null);
  const [key, setKey] = useState<string>(() => newIdempotencyKey());
  usePageTitle(activity?.title ?? t('volunteer.activity'));

  async function load() {
    try {
      setActivity(await getVolunteerActivity(params.id));
      setError(null);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, [params.id]);

  async function signUp(join: boolean) {
    if (!activity) return;
    setAction(null);
    try {
      if (join) await signUpVolunteer(activity.id, key);
      else await withdrawVolunteer(activity.id);
      setKey(newIdempotencyKey());
      await load();
    } catch (e) {
      if (isProblem(e, 'activity-full')) setAction(t('volunteer.full'));
      else if (isProblem(e, 'activity-started')) setAction(t('volunteer.started'));
      else setAction(problemMessage(e, t));
    }
  }

  return (
    <section aria-labelledby="page-title">
      <p>
        <a href="/volunteer">{t('volunteer.back')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {activity?.title ?? t('volunteer.activity')}
      </h1>
      {error !== null && <ProblemNotice error={error} />}
      {activity && (
        <>
          <dl class="facts">
            <dt>{t('volunteer.when')}</dt>
            <dd>
              {i18n.kst(activity.starts_at)} – {i18n.kst(activity.ends_at)}
            </dd>
            <dt>{t('volunteer.where')}</dt>
            <dd>
              {activity.facility?.name}
              <br />
              {activity.facility?.address}
            </dd>
            <dt>{t('volunteer.team')}</dt>
            <dd>{activity.team_name ?? t('volunteer.open')}</dd>
            <dt>{t('volunteer.slots_label')}</dt>
            <dd data-testid="slots">{t('volunteer.slots', { taken: activity.taken, slots: activity.slots })}</dd>
          </dl>
          {Date.parse(activity.starts_at) > Date.now() &&
            (activity.signed_up ? (
              <button type="button" class="button button-secondary" onClick={() => void signUp(false)}>
                {t('volunteer.withdraw')}
              </button>
            ) : (
              <button type="button" class="button button-primary" onClick={() => void signUp(true)}>
                {t('volunteer.sign_up')}
              </button>
            ))}
          {action && (
            <p class="notice notice-error" role="alert">
              {action}
            </p>
          )}
          {activity.signups !== undefined && <Attendance activity={activity} onSaved={() => void load()} />}
        </>
      )}
    </section>
  );
}
