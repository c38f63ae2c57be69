// 행복 크레딧 제휴 매장 (the program's manager, admin, auditor): the partner shops with their
// earning rates by period; an admin adds a shop (its secret is shown this once, to hand to the
// shop) and a rate for a later period (a period that began is never re-priced).
import { useEffect, useState } from 'preact/hooks';
import { isProblem } from '../api/client';
import { ProblemNotice, problemMessage } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { addPartnerRate, type CreditPartner, createPartner, listPartners, type NewCreditPartner } from '../giving/client';
import { kstInstant, kstLocalNow, parseRatePercent, ratePercent } from '../giving/logic';
import { useI18n } from '../i18n';
import { hasRole } from '../nav';
import { useSession } from '../session';
import { FormField } from './MarketForm';

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

function RateForm(props: { partner: CreditPartner; onAdded: (p: CreditPartner) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const [startsAt, setStartsAt] = useState('');
  const [percent, setPercent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `rate-${props.partner.id}`;

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const at = kstInstant(startsAt);
    const bp = parseRatePercent(percent);
    if (!at || bp === null) {
      setError(t(!at ? 'giving.partners.bad_time' : 'giving.partners.bad_rate'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onAdded(await addPartnerRate(props.partner.id, { starts_at: at, rate_bp: bp }));
      setStartsAt('');
      setPercent('');
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(isProblem(e, 'rate-exists') ? t('giving.partners.rate_exists') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('giving.partners.add_rate_for', { name: props.partner.name })}>
      <div class="form-pair">
        <FormField id={`${id}-starts`} label={t('giving.partners.starts_at')} hint={t('giving.partners.starts_hint')}>
          {(a11y) => <input {...a11y} type="datetime-local" value={startsAt} onInput={(e) => setStartsAt(e.currentTarget.value)} />}
        </FormField>
        <FormField id={`${id}-percent`} label={t('giving.partners.rate_percent')}>
          {(a11y) => <input {...a11y} inputMode="decimal" value={percent} onInput={(e) => setPercent(e.currentTarget.value)} />}
        </FormField>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button-secondary" disabled={busy} aria-busy={busy}>
        {t('giving.partners.add_rate')}
      </button>
    </form>
  );
}

function PartnerCard(props: { partner: CreditPartner; admin: boolean; onChanged: (p: CreditPartner) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = props.partner;
  return (
    <li class="card" data-testid="credit-partner" data-name={p.name}>
      <h3 class="card-title">{p.name}</h3>
      <p class="card-meta">
        {t('giving.partners.key_id')} <code>{p.key_id}</code>
      </p>
      <table class="table">
        <caption>{t('giving.partners.rates')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('giving.partners.from')}</th>
            <th scope="col" class="num">
              {t('giving.partners.rate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.rates.map((r) => (
            <tr key={r.starts_at} data-testid="credit-rate">
              <td>{i18n.kst(r.starts_at)}</td>
              <td class="num">{ratePercent(r.rate_bp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.admin && <RateForm partner={p} onAdded={props.onChanged} />}
    </li>
  );
}

function NewPartnerForm(props: { onCreated: (p: NewCreditPartner) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const [name, setName] = useState('');
  const [percent, setPercent] = useState('1');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const bp = parseRatePercent(percent);
    if (!name.trim() || bp === null) {
      setError(t(!name.trim() ? 'giving.partners.name_required' : 'giving.partners.bad_rate'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // In force from the start of today (Korea time): a shop joining today may report today's
      // earlier purchases too.
      const today = kstInstant(`${kstLocalNow(new Date()).slice(0, 10)}T00:00`)!;
      const created = await createPartner({ name: name.trim(), rates: [{ starts_at: today, rate_bp: bp }] }, newKey());
      props.onCreated(created);
      setName('');
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) session.expire();
      setError(isProblem(e, 'partner-name-taken') ? t('giving.partners.name_taken') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form panel" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="new-partner-heading">
      <h2 id="new-partner-heading">{t('giving.partners.new')}</h2>
      <FormField id="partner-name" label={t('giving.partners.name')}>
        {(a11y) => <input {...a11y} value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />}
      </FormField>
      <FormField id="partner-rate" label={t('giving.partners.rate_percent')} hint={t('giving.partners.rate_hint')}>
        {(a11y) => <input {...a11y} inputMode="decimal" value={percent} onInput={(e) => setPercent(e.currentTarget.value)} />}
      </FormField>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
        {t('giving.partners.create')}
      </button>
    </form>
  );
}

export function CreditPartnersScreen() {
  const { t } = useI18n();
  const session = useSession();
  const admin = hasRole(session.user, 'admin');
  const [partners, setPartners] = useState<CreditPartner[] | null>(null);
  const [created, setCreated] = useState<NewCreditPartner | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(t('giving.partners.title'));

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    listPartners({ signal: abort.signal })
      .then((r) => setPartners(r.items))
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        if (isProblem(e, 'unauthenticated')) session.expire();
        setError(e);
      });
    return () => abort.abort();
  }, [attempt]);

  function replace(p: CreditPartner) {
    setPartners((list) => (list ?? []).map((x) => (x.id === p.id ? p : x)));
  }

  return (
    <section aria-labelledby="partners-heading">
      <h1 id="partners-heading" tabIndex={-1}>
        {t('giving.partners.title')}
      </h1>
      <p class="muted">{t('giving.partners.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {created && (
        <div class="notice notice-success" role="status" data-testid="partner-secret">
          <p>{t('giving.partners.created', { name: created.name })}</p>
          <dl class="facts">
            <dt>{t('giving.partners.key_id')}</dt>
            <dd>
              <code>{created.key_id}</code>
            </dd>
            <dt>{t('giving.partners.secret')}</dt>
            <dd>
              <code data-testid="partner-secret-value">{created.secret}</code>
            </dd>
          </dl>
          <p>{t('giving.partners.secret_once')}</p>
          <p class="muted">{created.signing}</p>
        </div>
      )}
      {admin && (
        <NewPartnerForm
          onCreated={(p) => {
            setCreated(p);
            setPartners((list) => [...(list ?? []), p]);
          }}
        />
      )}
      <h2>{t('giving.partners.list')}</h2>
      {partners && partners.length === 0 && <p class="muted">{t('giving.partners.none')}</p>}
      {partners && (
        <ul class="plain-list">
          {partners.map((p) => (
            <PartnerCard key={p.id} partner={p} admin={admin} onChanged={replace} />
          ))}
        </ul>
      )}
    </section>
  );
}
