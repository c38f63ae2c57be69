// 배차 보드 (care dispatcher): a day per helper as a timeline, the unassigned requests with the
// solver's reasons, planning and re-planning, moving a visit (drag it onto a helper's row, or
// pick it and choose the helper) with the checker's answer in words, and publishing. The
// people's names and addresses are read one at a time, when the dispatcher asks (audited).
import { useEffect, useState } from 'preact/hooks';
import {
  type CareBeneficiary,
  careBeneficiary,
  type CareHelper,
  careHelpers,
  type CarePlan,
  carePlans,
  type CareRequest,
  careRequests,
  isProblem,
  moveCareVisit,
  planCareDay,
  publishCarePlan,
} from '../api/client';
import { boardSpan, clock, helperOf, reasonText, seoulDate, seoulMinutes, timelineBox, violationTexts } from '../care/logic';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { RequestFacts } from './CareParts';

const kPlanSeconds = 3;

type Answer = { kind: 'refused'; texts: string[] } | { kind: 'moved'; text: string } | { kind: 'info'; text: string };

function shiftOf(h: CareHelper, weekend: boolean): string | null {
  return weekend ? h.weekend_shift : h.weekday_shift;
}

export function CareDispatchScreen() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const session = useSession();
  usePageTitle(t('care.board.title'));
  const [date, setDate] = useState(() => seoulDate(new Date(), 1));
  const [helpers, setHelpers] = useState<CareHelper[]>([]);
  const [requests, setRequests] = useState<Map<string, CareRequest>>(new Map());
  const [plan, setPlan] = useState<CarePlan | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [target, setTarget] = useState('');
  const [person, setPerson] = useState<CareBeneficiary | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState<'plan' | 'move' | 'publish' | null>(null);
  const [error, setError] = useState<unknown>(null);

  function failed(e: unknown) {
    if (isProblem(e, 'unauthenticated')) session.expire();
    setError(e);
  }

  async function load(day: string) {
    try {
      const [h, r, p] = await Promise.all([careHelpers(), careRequests(day), carePlans(day)]);
      setHelpers(h.items);
      setRequests(new Map(r.items.map((x) => [x.id, x])));
      setPlan(p.items[0] ?? null);
      setError(null);
    } catch (e) {
      failed(e);
    }
  }
  useEffect(() => {
    setSelected(null);
    setAnswer(null);
    void load(date);
  }, [date]);

  async function makePlan() {
    setBusy('plan');
    setAnswer(null);
    try {
      const p = await planCareDay(date, kPlanSeconds);
      setPlan(p);
      setRequests(new Map((await careRequests(date)).items.map((x) => [x.id, x])));
      setError(null);
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  }

  async function move(requestId: string, helperId: string | null) {
    if (!plan) return;
    setBusy('move');
    try {
      const result = await moveCareVisit(plan.id, { request_id: requestId, helper_id: helperId });
      if ('violations' in result) {
        setAnswer({ kind: 'refused', texts: violationTexts(result.violations, locale) });
      } else {
        setPlan(result.plan);
        const name = helpers.find((h) => h.id === helperId)?.name;
        setAnswer({ kind: 'moved', text: name ? t('care.board.moved_to', { name }) : t('care.board.moved_out') });
      }
    } catch (e) {
      setAnswer({ kind: 'refused', texts: [problemMessage(e, t)] });
    } finally {
      setBusy(null);
    }
  }

  async function publish() {
    if (!plan) return;
    setBusy('publish');
    try {
      setPlan(await publishCarePlan(plan.id));
      setAnswer({ kind: 'info', text: t('care.board.published_notice') });
    } catch (e) {
      setAnswer({
        kind: 'refused',
        texts: [isProblem(e) && e.status === 409 ? t('care.board.publish_conflict') : problemMessage(e, t)],
      });
    } finally {
      setBusy(null);
    }
  }

  function pick(requestId: string) {
    setSelected(requestId);
    setTarget(plan ? (helperOf(plan, requestId) ?? '') : '');
    setPerson(null);
    setAnswer(null);
  }

  async function showPerson(id: string) {
    try {
      setPerson(await careBeneficiary(id));
    } catch (e) {
      failed(e);
    }
  }

  const weekend = plan?.weekend ?? false;
  const onShift = helpers.filter((h) => shiftOf(h, weekend) !== null);
  const span = boardSpan(plan, onShift.map((h) => shiftOf(h, weekend) ?? ''));
  const hours: number[] = [];
  for (let m = span.start; m < span.end; m += 120) hours.push(m);
  const draft = plan?.status === 'draft';
  const chosen = selected ? requests.get(selected) : undefined;

  return (
    <section aria-labelledby="board-heading" class="care-board">
      <h1 id="board-heading" tabIndex={-1}>
        {t('care.board.title')}
      </h1>
      <p class="muted">{t('care.board.intro')}</p>
      <div class="care-toolbar">
        <div class="field">
          <label for="board-date">{t('care.board.date')}</label>
          <input id="board-date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        </div>
        <button type="button" class="button button-primary" disabled={busy !== null} aria-busy={busy === 'plan'} onClick={() => void makePlan()}>
          {busy === 'plan' ? t('care.board.planning') : plan ? t('care.board.replan') : t('care.board.plan')}
        </button>
        {draft && (
          <button type="button" class="button button-secondary" disabled={busy !== null} onClick={() => void publish()}>
            {t('care.board.publish')}
          </button>
        )}
      </div>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(date)} />}
      {!plan && error === null && <p class="muted">{t('care.board.no_plan', { count: requests.size })}</p>}
      {plan && (
        <p class="card-meta" data-testid="plan-summary">
          {t(plan.status === 'published' ? 'care.board.status_published' : 'care.board.status_draft')} ·{' '}
          {t('care.board.summary', {
            assigned: plan.summary.assigned,
            unassigned: plan.summary.unassigned,
            helpers: plan.summary.helpers_used,
            km: plan.summary.travel_km,
          })}
          {plan.summary.designated > 0 &&
            ` · ${t('care.board.designated', { honoured: plan.summary.designated_honoured, total: plan.summary.designated })}`}
          {plan.base_plan_id && ` · ${t('care.board.kept', { kept: plan.summary.kept, moved: plan.moved.length })}`}
          {plan.moves > 0 && ` · ${t('care.board.hand_moves', { count: plan.moves })}`}
        </p>
      )}
      {answer && (
        <div
          class={`notice ${answer.kind === 'refused' ? 'notice-error' : 'notice-success'}`}
          role={answer.kind === 'refused' ? 'alert' : 'status'}
          data-testid="checker-answer"
        >
          {answer.kind === 'refused' ? (
            <>
              <p>{t('care.board.refused')}</p>
              <ul>
                {answer.texts.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{answer.text}</p>
          )}
        </div>
      )}

      {plan && (
        <div class="care-timeline" role="list" aria-label={t('care.board.timeline')}>
          <div class="care-hours" aria-hidden="true">
            {hours.map((m) => (
              <span key={m} style={{ left: `${((m - span.start) / (span.end - span.start)) * 100}%` }}>
                {clock(m)}
              </span>
            ))}
          </div>
          {onShift.map((h) => {
            const route = plan.routes.find((r) => r.helper_id === h.id);
            return (
              <div
                key={h.id}
                class="care-row"
                role="listitem"
                aria-label={h.name}
                data-testid="helper-row"
                onDragOver={(e) => draft && e.preventDefault()}
                onDrop={(e) => {
                  const id = e.dataTransfer?.getData('text/plain');
                  if (draft && id) void move(id, h.id);
                }}
              >
                <div class="care-row-head">
                  <strong>{h.name}</strong>
                  <span class="muted">
                    {h.team} · {shiftOf(h, weekend)}
                  </span>
                </div>
                <div class="care-track">
                  {(route?.visits ?? []).map((v) => {
                    const box = timelineBox(v, span);
                    const r = requests.get(v.request_id);
                    const text = `${clock(seoulMinutes(v.start_at))} ${r ? t(`care.kind.${r.kind}`) : v.request_id}`;
                    return (
                      <button
                        key={v.request_id}
                        type="button"
                        class={`care-visit${selected === v.request_id ? ' is-selected' : ''}${plan.moved.includes(v.request_id) ? ' is-moved' : ''}`}
                        style={{ left: `${box.left}%`, width: `${box.width}%` }}
                        draggable={draft}
                        onDragStart={(e) => e.dataTransfer?.setData('text/plain', v.request_id)}
                        aria-pressed={selected === v.request_id}
                        aria-label={t('care.board.visit_label', {
                          text,
                          end: clock(seoulMinutes(v.end_at)),
                          name: h.name,
                          windows: r?.windows.join(', ') || t('care.fact.any_time'),
                        })}
                        onClick={() => pick(v.request_id)}
                      >
                        {text}
                      </button>
                    );
                  })}
                </div>
              </div>
            );
          })}
        </div>
      )}

      {chosen && plan && (
        <div class="panel" role="group" aria-labelledby="pick-heading" data-testid="pick-panel">
          <h2 id="pick-heading">{t('care.board.selected', { kind: t(`care.kind.${chosen.kind}`) })}</h2>
          <RequestFacts request={chosen} />
          {person ? (
            <p data-testid="person">
              {person.name} · {person.address} · {person.phone}
            </p>
          ) : (
            <button type="button" class="button button-secondary" onClick={() => void showPerson(chosen.beneficiary_id)}>
              {t('care.board.show_person')}
            </button>
          )}
          {draft && (
            <div class="care-toolbar">
              <div class="field">
                <label for="move-target">{t('care.board.move_to')}</label>
                <select id="move-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
                  <option value="">{t('care.board.take_out')}</option>
                  {onShift.map((h) => (
                    <option key={h.id} value={h.id}>
                      {h.name} ({h.team})
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                class="button button-primary"
                disabled={busy !== null}
                aria-busy={busy === 'move'}
                onClick={() => void move(chosen.id, target || null)}
              >
                {t('care.board.move')}
              </button>
            </div>
          )}
        </div>
      )}

      {plan && (
        <section aria-labelledby="left-heading">
          <h2 id="left-heading">{t('care.board.unassigned', { count: plan.unassigned.length })}</h2>
          {plan.unassigned.length === 0 && <p class="muted">{t('care.board.all_assigned')}</p>}
          <ul class="cards">
            {plan.unassigned.map((u) => {
              const r = requests.get(u.request_id);
              return (
                <li key={u.request_id} class="card" data-testid="unassigned">
                  <h3 class="card-title">{r ? t(`care.kind.${r.kind}`) : u.request_id}</h3>
                  <p class="notice notice-info">{reasonText(u, locale)}</p>
                  {r && <RequestFacts request={r} />}
                  {draft && (
                    <button type="button" class="button button-secondary" onClick={() => pick(u.request_id)}>
                      {t('care.board.pick')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </section>
  );
}
