// 봉사단 운영 (the volunteer program's manager): teams with their leaders, welfare facilities with
// their contacts, activities (a team's or open to every employee), the hours report by team,
// facility, month, person or facility kind, and the grants the facilities received.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  addVolunteerFacility,
  createVolunteerActivity,
  createVolunteerTeam,
  type FacilityKind,
  type HoursBy,
  isProblem,
  kFacilityKinds,
  listVolunteerActivities,
  listVolunteerFacilities,
  listVolunteerTeams,
  type VolunteerActivity,
  type VolunteerFacility,
  type VolunteerGrants,
  type VolunteerHours,
  volunteerGrants,
  volunteerHours,
  type VolunteerTeam,
} from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type MessageKey, useI18n } from '../i18n';
import { useSession } from '../session';

const kDayMs = 24 * 3600 * 1000;
const kHoursBy: HoursBy[] = ['team', 'facility', 'month', 'person', 'facility_kind'];

/** "YYYY-MM" of now in Seoul. */
function seoulMonth(now: number): string {
  return new Date(now + 9 * 3600 * 1000).toISOString().slice(0, 7);
}

/** A datetime-local value ("YYYY-MM-DDTHH:MM") read as Seoul time, as RFC 3339. */
export function seoulInstant(local: string): string {
  return `${local}:00+09:00`;
}

// A labelled control: `children` carries the id given here.
function Field(props: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

function useForm<T>(initial: T) {
  const [value, setValue] = useState<T>(initial);
  const set = (key: keyof T) => (e: Event) => setValue({ ...value, [key]: (e.target as HTMLInputElement).value });
  return { value, set, reset: () => setValue(initial) };
}

function Teams(props: { teams: VolunteerTeam[]; onChange: () => void }) {
  const { t } = useI18n();
  const form = useForm({ name: '', leader_email: '' });
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await createVolunteerTeam(form.value);
      form.reset();
      props.onChange();
    } catch (err) {
      setError(problemMessage(err, t));
    }
  }
  return (
    <section aria-labelledby="teams-title" class="panel">
      <h2 id="teams-title">{t('vmanage.teams')}</h2>
      <table class="table" data-testid="teams">
        <thead>
          <tr>
            <th scope="col">{t('vmanage.team_name')}</th>
            <th scope="col">{t('vmanage.leader')}</th>
            <th scope="col">{t('vmanage.members')}</th>
          </tr>
        </thead>
        <tbody>
          {props.teams.map((tm) => (
            <tr key={tm.id}>
              <td>{tm.name}</td>
              <td>{tm.leader_name}</td>
              <td>{tm.members}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void submit(e)} class="form-inline">
        <Field id="vm-team-name" label={t('vmanage.team_name')}>
          <input id="vm-team-name" required maxLength={100} value={form.value.name} onInput={form.set('name')} />
        </Field>
        <Field id="vm-leader-email" label={t('vmanage.leader_email')}>
          <input id="vm-leader-email" required type="email" value={form.value.leader_email} onInput={form.set('leader_email')} />
        </Field>
        <button type="submit" class="button button-primary">
          {t('vmanage.add_team')}
        </button>
      </form>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function Facilities(props: { facilities: VolunteerFacility[]; onChange: () => void }) {
  const { t } = useI18n();
  const form = useForm({ name: '', kind: 'elderly' as FacilityKind, address: '', contact_name: '', contact_phone: '' });
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await addVolunteerFacility(form.value);
      form.reset();
      props.onChange();
    } catch (err) {
      setError(problemMessage(err, t));
    }
  }
  return (
    <section aria-labelledby="facilities-title" class="panel">
      <h2 id="facilities-title">{t('vmanage.facilities')}</h2>
      <table class="table" data-testid="facilities">
        <thead>
          <tr>
            <th scope="col">{t('vmanage.facility_name')}</th>
            <th scope="col">{t('vmanage.kind')}</th>
            <th scope="col">{t('vmanage.address')}</th>
            <th scope="col">{t('vmanage.contact')}</th>
          </tr>
        </thead>
        <tbody>
          {props.facilities.map((f) => (
            <tr key={f.id}>
              <td>{f.name}</td>
              <td>{t(`vmanage.kind.${f.kind}` as MessageKey)}</td>
              <td>{f.address}</td>
              <td>
                {f.contact_name} {f.contact_phone}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void submit(e)} class="form-inline">
        <Field id="vm-facility-name" label={t('vmanage.facility_name')}>
          <input id="vm-facility-name" required maxLength={100} value={form.value.name} onInput={form.set('name')} />
        </Field>
        <Field id="vm-kind" label={t('vmanage.kind')}>
          <select id="vm-kind" value={form.value.kind} onChange={form.set('kind')}>
            {kFacilityKinds.map((k) => (
              <option key={k} value={k}>
                {t(`vmanage.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="vm-address" label={t('vmanage.address')}>
          <input id="vm-address" required maxLength={200} value={form.value.address} onInput={form.set('address')} />
        </Field>
        <Field id="vm-contact-name" label={t('vmanage.contact_name')}>
          <input id="vm-contact-name" required maxLength={100} value={form.value.contact_name} onInput={form.set('contact_name')} />
        </Field>
        <Field id="vm-contact-phone" label={t('vmanage.contact_phone')}>
          <input id="vm-contact-phone" required type="tel" maxLength={30} value={form.value.contact_phone} onInput={form.set('contact_phone')} />
        </Field>
        <button type="submit" class="button button-primary">
          {t('vmanage.add_facility')}
        </button>
      </form>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function Activities(props: {
  activities: VolunteerActivity[];
  teams: VolunteerTeam[];
  facilities: VolunteerFacility[];
  onChange: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const form = useForm({ facility_id: '', team_id: '', title: '', start: '', hours: '3', slots: '10' });
  const [error, setError] = useState<string | null>(null);
  const facilityName = new Map(props.facilities.map((f) => [f.id, f.name]));
  const teamName = new Map(props.teams.map((tm) => [tm.id, tm.name]));
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const v = form.value;
    const starts = seoulInstant(v.start);
    const ends = new Date(Date.parse(starts) + Number(v.hours) * 3600 * 1000).toISOString();
    try {
      await createVolunteerActivity({
        facility_id: v.facility_id || props.facilities[0]?.id || '',
        team_id: v.team_id || undefined,
        title: v.title,
        starts_at: starts,
        ends_at: ends,
        slots: Number(v.slots),
      });
      form.reset();
      props.onChange();
    } catch (err) {
      setError(problemMessage(err, t));
    }
  }
  return (
    <section aria-labelledby="activities-title" class="panel">
      <h2 id="activities-title">{t('vmanage.activities')}</h2>
      <table class="table" data-testid="activities">
        <thead>
          <tr>
            <th scope="col">{t('vmanage.activity_title')}</th>
            <th scope="col">{t('volunteer.when')}</th>
            <th scope="col">{t('volunteer.where')}</th>
            <th scope="col">{t('volunteer.team')}</th>
            <th scope="col">{t('volunteer.slots_label')}</th>
          </tr>
        </thead>
        <tbody>
          {props.activities.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={`/volunteer/activities/${a.id}`}>{a.title}</a>
              </td>
              <td>{i18n.kst(a.starts_at)}</td>
              <td>{facilityName.get(a.facility_id) ?? ''}</td>
              <td>{a.team_id ? (teamName.get(a.team_id) ?? '') : t('volunteer.open')}</td>
              <td>{t('volunteer.slots', { taken: a.taken, slots: a.slots })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void submit(e)} class="form-inline">
        <Field id="vm-activity-where" label={t('volunteer.where')}>
          <select id="vm-activity-where" value={form.value.facility_id || props.facilities[0]?.id} onChange={form.set('facility_id')}>
            {props.facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="vm-activity-team" label={t('volunteer.team')}>
          <select id="vm-activity-team" value={form.value.team_id} onChange={form.set('team_id')}>
            <option value="">{t('volunteer.open')}</option>
            {props.teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="vm-activity-title" label={t('vmanage.activity_title')}>
          <input id="vm-activity-title" required maxLength={200} value={form.value.title} onInput={form.set('title')} />
        </Field>
        <Field id="vm-start" label={t('vmanage.start')}>
          <input id="vm-start" required type="datetime-local" value={form.value.start} onInput={form.set('start')} />
        </Field>
        <Field id="vm-length-hours" label={t('vmanage.length_hours')}>
          <input id="vm-length-hours" required type="number" min={1} max={24} value={form.value.hours} onInput={form.set('hours')} />
        </Field>
        <Field id="vm-activity-slots-label" label={t('volunteer.slots_label')}>
          <input id="vm-activity-slots-label" required type="number" min={1} max={10000} value={form.value.slots} onInput={form.set('slots')} />
        </Field>
        <button type="submit" class="button button-primary">
          {t('vmanage.add_activity')}
        </button>
      </form>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function HoursReport(props: { version: number }) {
  const { t } = useI18n();
  const [by, setBy] = useState<HoursBy>('team');
  const [month, setMonth] = useState<string>(() => seoulMonth(Date.now()));
  const [report, setReport] = useState<VolunteerHours | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    volunteerHours({ by, month: month || undefined }, { signal: controller.signal })
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch((e) => !controller.signal.aborted && setError(e));
    return () => controller.abort();
  }, [by, month, props.version]);
  const label = (key: string | null, name: string) => {
    if (by === 'facility_kind' && key) return t(`vmanage.kind.${key}` as MessageKey);
    if (by === 'month') return key ?? '';
    return name || t('vmanage.no_team');
  };
  return (
    <section aria-labelledby="hours-title" class="panel">
      <h2 id="hours-title">{t('vmanage.hours')}</h2>
      <div class="form-inline">
        <Field id="vm-by" label={t('vmanage.by')}>
          <select id="vm-by" value={by} onChange={(e) => setBy((e.target as HTMLSelectElement).value as HoursBy)}>
            {kHoursBy.map((b) => (
              <option key={b} value={b}>
                {t(`vmanage.by.${b}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="vm-month" label={t('vmanage.month')}>
          <input id="vm-month" type="month" value={month} onInput={(e) => setMonth((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      {error !== null && <ProblemNotice error={error} />}
      {report && (
        <table class="table" data-testid="hours-report">
          <thead>
            <tr>
              <th scope="col">{t(`vmanage.by.${by}` as MessageKey)}</th>
              <th scope="col">{t('vmanage.hours_col')}</th>
              <th scope="col">{t('vmanage.people')}</th>
              <th scope="col">{t('vmanage.activity_count')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.key ?? ''}>
                <th scope="row">{label(r.key, r.name)}</th>
                <td>{t('volunteer.hours', { hours: r.hours })}</td>
                <td>{r.people}</td>
                <td>{r.activities}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('vmanage.total')}</th>
              <td data-testid="hours-total">{t('volunteer.hours', { hours: report.hours })}</td>
              <td />
              <td />
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

function Grants(props: { grants: VolunteerGrants | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const g = props.grants;
  if (!g) return null;
  return (
    <section aria-labelledby="grants-title" class="panel">
      <h2 id="grants-title">{t('vmanage.grants')}</h2>
      <dl class="facts">
        <dt>{t('vmanage.rule')}</dt>
        <dd>{g.won_per_hour === null ? t('vmanage.no_rule') : t('vmanage.per_hour', { amount: i18n.krw(g.won_per_hour) })}</dd>
        <dt>{t('vmanage.budget')}</dt>
        <dd>{i18n.krw(g.budget_balance_won)}</dd>
      </dl>
      <table class="table" data-testid="grants">
        <thead>
          <tr>
            <th scope="col">{t('vmanage.facility_name')}</th>
            <th scope="col">{t('vmanage.granted')}</th>
          </tr>
        </thead>
        <tbody>
          {g.facilities.map((f) => (
            <tr key={f.facility_id}>
              <th scope="row">{f.name}</th>
              <td>{i18n.krw(f.granted_won)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function VolunteerManageScreen() {
  const { t } = useI18n();
  const session = useSession();
  const [teams, setTeams] = useState<VolunteerTeam[]>([]);
  const [facilities, setFacilities] = useState<VolunteerFacility[]>([]);
  const [activities, setActivities] = useState<VolunteerActivity[]>([]);
  const [grants, setGrants] = useState<VolunteerGrants | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('vmanage.title'));

  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    void (async () => {
      try {
        const from = new Date(Date.now() - 30 * kDayMs).toISOString();
        const to = new Date(Date.now() + 90 * kDayMs).toISOString();
        const [tm, f, a, g] = await Promise.all([
          listVolunteerTeams({ signal }),
          listVolunteerFacilities({ signal }),
          listVolunteerActivities({ from, to, signal }),
          volunteerGrants({ signal }),
        ]);
        setTeams(tm.items);
        setFacilities(f.items);
        setActivities(a.items);
        setGrants(g);
      } catch (e) {
        if (isProblem(e, 'unauthenticated')) session.expire();
        if (!signal.aborted) setError(e);
      }
    })();
    return () => controller.abort();
  }, [version]);
  const changed = () => setVersion(version + 1);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('vmanage.title')}
      </h1>
      {error !== null && <ProblemNotice error={error} />}
      <HoursReport version={version} />
      <Grants grants={grants} />
      <Activities activities={activities} teams={teams} facilities={facilities} onChange={changed} />
      <Teams teams={teams} onChange={changed} />
      <Facilities facilities={facilities} onChange={changed} />
    </section>
  );
}
