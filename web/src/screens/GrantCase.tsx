// 지원 사례 (the applicant's own case, or any case for the program's reviewers): the child's and
// guardian's data, the report, the steps with their reasons, rehabilitation sessions; reviewers
// take the next step (approval reserves the grant from the fund, surgery pays the hospital) and
// record sessions here. The server decides who may read it (others get 404).
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { type GrantCase, type GrantStatus, grantCase, isProblem, moveGrant, recordGrantSession } from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { needsReason, nextSteps } from '../grants/logic';
import { type MessageKey, useI18n } from '../i18n';
import { useSession } from '../session';

function ReviewerActions(props: { c: GrantCase; onChanged: (c: GrantCase) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const c = props.c;
  const [to, setTo] = useState<GrantStatus | ''>('');
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState(String(c.requested_won));
  const [heldOn, setHeldOn] = useState('');
  const [progress, setProgress] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const steps = nextSteps(c.status);

  async function run(work: () => Promise<GrantCase>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await work());
      setTo('');
      setReason('');
    } catch (e) {
      setError(isProblem(e, 'fund-insufficient') ? t('grants.case.fund_insufficient') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="review-heading" class="panel">
      <h2 id="review-heading">{t('grants.case.review')}</h2>
      {steps.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!to) return;
            void run(() =>
              moveGrant(c.id, {
                to,
                reason: reason || undefined,
                granted_won: to === 'approved' ? Number(amount) : undefined,
              }),
            );
          }}
        >
          <div class="field">
            <label for="case-to">{t('grants.case.next')}</label>
            <select id="case-to" value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value as GrantStatus)}>
              <option value="">—</option>
              {steps.map((s) => (
                <option key={s} value={s}>
                  {t(`grants.step.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          {to === 'approved' && (
            <div class="field">
              <label for="case-amount">{t('grants.case.granted_won')}</label>
              <input id="case-amount" type="number" inputMode="numeric" value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
            </div>
          )}
          {to && (
            <div class="field">
              <label for="case-reason">
                {needsReason(c.status, to) ? t('grants.case.reason_required') : t('grants.case.reason')}
              </label>
              <textarea id="case-reason" value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
            </div>
          )}
          <button type="submit" class="button button-primary" disabled={busy || !to} aria-busy={busy}>
            {t('grants.case.move')}
          </button>
        </form>
      )}
      {c.status === 'rehabilitation' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => recordGrantSession(c.id, { held_on: heldOn, progress_percent: Number(progress), note }));
          }}
        >
          <h3>{t('grants.case.session_title')}</h3>
          <div class="field">
            <label for="s-held">{t('grants.case.held_on')}</label>
            <input id="s-held" type="date" value={heldOn} onInput={(e) => setHeldOn((e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="s-progress">{t('grants.case.progress')}</label>
            <input id="s-progress" type="number" inputMode="numeric" min={0} max={100} value={progress} onInput={(e) => setProgress((e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="s-note">{t('grants.case.note')}</label>
            <textarea id="s-note" value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </div>
          <button type="submit" class="button button-secondary" disabled={busy} aria-busy={busy}>
            {t('grants.case.record_session')}
          </button>
        </form>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

export function GrantCaseScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const { params } = useRoute();
  const [c, setCase] = useState<GrantCase | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('grants.case.title'));
  // Reviewers are the managers of "hearing" itself (the server counts no global grant here).
  const reviewer = session.user?.roles.some((g) => g.role === 'manager' && g.program === 'hearing') ?? false;

  async function load() {
    try {
      setCase(await grantCase(params.id ?? ''));
      setError(null);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, [params.id]);

  return (
    <section aria-labelledby="case-heading">
      <h1 id="case-heading" tabIndex={-1}>
        {c ? t('grants.case.heading', { child: c.child_name, hospital: c.hospital }) : t('grants.case.title')}
      </h1>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      {c && (
        <>
          <p class="notice notice-info" data-testid="case-status">
            {t(`grants.status.${c.status}` as MessageKey)}
            {c.reason ? ` — ${c.reason}` : ''}
          </p>
          <dl class="facts">
            <dt>{t('grants.form.child_birth_date')}</dt>
            <dd>{c.child_birth_date}</dd>
            <dt>{t('grants.form.guardian_name')}</dt>
            <dd>
              {c.guardian_name} ({c.guardian_relation}) {c.guardian_phone}
            </dd>
            <dt>{t('grants.form.consent_on')}</dt>
            <dd>{c.consent_on}</dd>
            <dt>{t('grants.form.requested_won')}</dt>
            <dd>{i18n.krw(c.requested_won)}</dd>
            <dt>{t('grants.case.granted_won')}</dt>
            <dd data-testid="case-granted">{i18n.krw(c.granted_won)}</dd>
            <dt>{t('grants.case.money')}</dt>
            <dd data-testid="case-money">{t(`grants.money.${c.money}` as MessageKey)}</dd>
            <dt>{t('grants.case.sessions')}</dt>
            <dd>{t('grants.case.sessions_value', { done: c.sessions_done, planned: c.sessions_planned, progress: c.progress_percent })}</dd>
          </dl>
          <p>
            <a href={c.report.url} download>
              {t('grants.case.report')}
            </a>
          </p>
          <h2>{t('grants.case.steps')}</h2>
          <ol>
            {c.steps.map((s) => (
              <li key={s.at + s.to}>
                {i18n.kst(s.at)} · {t(`grants.status.${s.to}` as MessageKey)}
                {s.reason ? ` — ${s.reason}` : ''}
              </li>
            ))}
          </ol>
          {c.sessions.length > 0 && (
            <>
              <h2>{t('grants.case.sessions')}</h2>
              <ol>
                {c.sessions.map((s) => (
                  <li key={s.number}>
                    {s.held_on} · {s.progress_percent}% {s.note && `— ${s.note}`}
                  </li>
                ))}
              </ol>
            </>
          )}
          {reviewer && <ReviewerActions c={c} onChanged={setCase} />}
        </>
      )}
    </section>
  );
}
