// 내 장애 보상 (customer): each of the customer's lines with its outages' compensations. Refunds
// are credited without a claim; damages are paid when the customer claims them here, once,
// after a confirmation.
import { useEffect, useState } from 'preact/hooks';
import {
  claimOutageDamages,
  isProblem,
  type MyOutageCompensation,
  type MyOutageLine,
  myOutageCompensations,
} from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { canClaim, formatHours } from '../outage/logic';
import { useSession } from '../session';
import { periodText } from './OutageParts';

function CompensationCard(props: { line: MyOutageLine; comp: MyOutageCompensation; onClaimed: (c: MyOutageCompensation) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const c = props.comp;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = `comp-${c.event_id}-${c.line_id}`;

  async function claim() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const paid = await claimOutageDamages(props.line.id, c.event_id);
      props.onClaimed({ ...c, ...paid });
      setDone(t('outage.mine.claimed', { amount: i18n.krw(paid.damages_paid_won) }));
      setConfirming(false);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(isProblem(e, 'nothing-to-claim') ? t('outage.mine.nothing_to_claim') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card" data-testid="my-compensation">
      <h3 id={headingId} class="card-title">
        {c.cause ?? c.event_id}
      </h3>
      {c.started_at && (
        <p class="card-meta">{periodText(i18n, { started_at: c.started_at, ended_at: c.ended_at ?? null })}</p>
      )}
      <dl class="facts">
        <dt>{t('outage.duration')}</dt>
        <dd>
          {t('outage.mine.hours', {
            hours: formatHours(c.hours, i18n.locale),
            compensated: formatHours(c.compensated_hours, i18n.locale),
          })}
        </dd>
        <dt>{t('outage.mine.refund_credited')}</dt>
        <dd>{i18n.krw(c.refund_won)}</dd>
        <dt>{t('outage.totals.voluntary')}</dt>
        <dd>{i18n.krw(c.voluntary_won)}</dd>
        <dt>{t('outage.totals.damages_claimable')}</dt>
        <dd>{i18n.krw(c.damages_claimable_won)}</dd>
        <dt>{t('outage.totals.damages_paid')}</dt>
        <dd data-testid="damages-paid">{i18n.krw(c.damages_paid_won)}</dd>
      </dl>
      {canClaim(c) && !confirming && (
        <button type="button" class="button button-primary" aria-describedby={headingId} onClick={() => setConfirming(true)}>
          {t('outage.mine.claim')}
        </button>
      )}
      {canClaim(c) && confirming && (
        <div class="panel" role="group" aria-labelledby={`${headingId}-confirm`}>
          <p id={`${headingId}-confirm`}>{t('outage.mine.confirm', { amount: i18n.krw(c.damages_claimable_won) })}</p>
          <button type="button" class="button button-primary" disabled={busy} aria-busy={busy} onClick={() => void claim()}>
            {busy ? t('outage.mine.claiming') : t('outage.mine.confirm_yes')}
          </button>{' '}
          <button type="button" class="button button-secondary" disabled={busy} onClick={() => setConfirming(false)}>
            {t('outage.mine.confirm_no')}
          </button>
        </div>
      )}
      {done && (
        <p class="notice notice-success" role="status">
          {done}
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

export function MyOutagesScreen() {
  const { t } = useI18n();
  const session = useSession();
  const [lines, setLines] = useState<MyOutageLine[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('outage.mine.title'));

  async function load() {
    try {
      setLines((await myOutageCompensations()).lines);
      setError(null);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, []);

  function claimed(lineId: string, c: MyOutageCompensation) {
    setLines((old) =>
      (old ?? []).map((l) =>
        l.id !== lineId
          ? l
          : { ...l, compensations: l.compensations.map((x) => (x.event_id === c.event_id ? c : x)) },
      ),
    );
  }

  return (
    <section aria-labelledby="mine-heading">
      <h1 id="mine-heading" tabIndex={-1}>
        {t('outage.mine.title')}
      </h1>
      <p class="notice notice-info">{t('outage.mine.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      {lines && lines.length === 0 && <p class="muted">{t('outage.mine.empty')}</p>}
      {lines?.map((l) => (
        <section key={l.id} aria-labelledby={`line-${l.id}`} class="outage-line" data-testid="my-line">
          <h2 id={`line-${l.id}`}>{t('outage.mine.line', { ref: l.ref, product: l.product })}</h2>
          <p class="muted">{l.area}</p>
          {l.compensations.length === 0 ? (
            <p class="muted">{t('outage.mine.no_outages')}</p>
          ) : (
            <ul class="cards">
              {l.compensations.map((c) => (
                <CompensationCard key={c.event_id} line={l} comp={c} onClaimed={(x) => claimed(l.id, x)} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}
