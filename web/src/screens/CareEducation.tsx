// IT education (issue 16): the courses a manager runs or a helper teaches; a course's sessions
// and each learner's progress (sessions attended, goals reached); and a session's attendance,
// taken by its instructor on a phone: present, absent or excused per learner, with the course
// goals each one reached today.
import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import {
  type CareCourse,
  type CareLearnerProgress,
  type CareMark,
  type CarePresence,
  type CareRoster,
  getCareCourse,
  getCareCourseProgress,
  getCareRoster,
  listCareCourses,
  takeCareAttendance,
} from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';

export function CareCoursesScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const [courses, setCourses] = useState<CareCourse[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('education.title'));
  useEffect(() => {
    listCareCourses()
      .then((r) => setCourses(r.items))
      .catch(setError);
  }, []);
  return (
    <section aria-labelledby="education-heading">
      <h1 id="education-heading">{t('education.title')}</h1>
      {error !== null && <ProblemNotice error={error} />}
      {courses && courses.length === 0 && <p>{t('education.none')}</p>}
      <ul class="plain-list" data-testid="courses">
        {courses?.map((c) => (
          <li key={c.id}>
            <a href={`/care/education/courses/${c.id}`}>{c.title}</a>
            <span class="muted"> — {t('education.goals_count', { n: c.goals.length })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CareCourseScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { params } = useRoute();
  const [course, setCourse] = useState<CareCourse | null>(null);
  const [learners, setLearners] = useState<CareLearnerProgress[]>([]);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(course ? course.title : t('education.title'));
  useEffect(() => {
    Promise.all([getCareCourse(params.id), getCareCourseProgress(params.id)])
      .then(([c, p]) => {
        setCourse(c);
        setLearners(p.items);
      })
      .catch(setError);
  }, [params.id]);
  return (
    <section aria-labelledby="course-heading">
      <h1 id="course-heading">{course ? course.title : t('app.loading')}</h1>
      {error !== null && <ProblemNotice error={error} />}
      {course && (
        <>
          <p>{course.summary}</p>
          <h2>{t('education.sessions')}</h2>
          <ul class="plain-list" data-testid="sessions">
            {course.sessions?.map((s) => (
              <li key={s.id}>
                <a href={`/care/education/sessions/${s.id}`}>
                  {i18n.kst(s.starts_at)} · {s.topic || t('education.session')}
                </a>{' '}
                <span class="muted">
                  {s.place === 'home' ? t('education.at_home') : s.place_name}
                  {s.held_at ? ` · ${t('education.held')}` : ''}
                </span>
              </li>
            ))}
          </ul>
          <h2>{t('education.progress')}</h2>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={t('education.progress')}>
            <table class="table" data-testid="progress">
              <thead>
                <tr>
                  <th scope="col">{t('education.learner')}</th>
                  <th scope="col" class="num">
                    {t('education.attended')}
                  </th>
                  <th scope="col" class="num">
                    {t('education.goals')}
                  </th>
                  <th scope="col">{t('education.completed')}</th>
                </tr>
              </thead>
              <tbody>
                {learners.map((l) => {
                  const p = l.courses[0];
                  return (
                    <tr key={l.learner_id} data-learner={l.learner_id}>
                      <th scope="row">{l.name}</th>
                      <td class="num" data-field="attended">
                        {p.attended} / {p.sessions_held}
                      </td>
                      <td class="num" data-field="goals">
                        {p.goals_reached} / {p.goals_total}
                      </td>
                      <td>{p.completed ? t('education.yes') : t('education.no')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const kPresences: CarePresence[] = ['present', 'absent', 'excused'];

export function CareSessionScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { params } = useRoute();
  const [roster, setRoster] = useState<CareRoster | null>(null);
  const [marks, setMarks] = useState<Record<string, CareMark>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  usePageTitle(t('education.attendance'));

  function show(r: CareRoster) {
    setRoster(r);
    const next: Record<string, CareMark> = {};
    for (const l of r.learners)
      next[l.learner_id] = { learner_id: l.learner_id, presence: l.presence ?? 'present', goals_reached: [], note: l.note };
    setMarks(next);
  }
  useEffect(() => {
    getCareRoster(params.id).then(show).catch(setError);
  }, [params.id]);

  function update(id: string, change: Partial<CareMark>) {
    setSaved(false);
    setMarks((m) => ({ ...m, [id]: { ...m[id], ...change } }));
  }
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      show(await takeCareAttendance(params.id, Object.values(marks)));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section aria-labelledby="session-heading">
      <h1 id="session-heading">{t('education.attendance')}</h1>
      {roster && (
        <p>
          {roster.course.title} · {i18n.kst(roster.session.starts_at)} ·{' '}
          {roster.session.place === 'home' ? t('education.at_home') : roster.session.place_name}
        </p>
      )}
      {error !== null && <ProblemNotice error={error} />}
      {roster && (
        <form onSubmit={save} data-testid="attendance">
          {roster.learners.map((l) => {
            const m = marks[l.learner_id];
            if (!m) return null;
            return (
              <fieldset key={l.learner_id} data-learner={l.learner_id} class="attendance-learner">
                <legend>{l.name}</legend>
                {kPresences.map((p) => (
                  <label key={p} class="attendance-choice">
                    <input
                      type="radio"
                      name={`presence-${l.learner_id}`}
                      value={p}
                      checked={m.presence === p}
                      onChange={() => update(l.learner_id, { presence: p, goals_reached: p === 'present' ? m.goals_reached : [] })}
                    />{' '}
                    {t(`education.presence.${p}`)}
                  </label>
                ))}
                {m.presence === 'present' &&
                  roster.course.goals.map((g) => (
                    <label key={g} class="attendance-goal">
                      <input
                        type="checkbox"
                        checked={m.goals_reached.includes(g)}
                        onChange={(e) =>
                          update(l.learner_id, {
                            goals_reached: (e.target as HTMLInputElement).checked
                              ? [...m.goals_reached, g]
                              : m.goals_reached.filter((x) => x !== g),
                          })
                        }
                      />{' '}
                      {g}
                    </label>
                  ))}
              </fieldset>
            );
          })}
          <button type="submit" class="button">
            {t('education.save')}
          </button>
          {saved && (
            <p role="status" data-testid="attendance-saved">
              {t('education.saved')}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
