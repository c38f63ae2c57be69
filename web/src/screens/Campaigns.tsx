// 매칭 캠페인과 예산 (the market's manager, the credit program's manager, admin): each campaign's
// rule (N % of what customers spend, for a charity), its budget, what is matched and what is
// left, a top-up; a form for a new campaign; and the merchants' verification flags (social
// enterprise, small merchant) that decide whose goods earn buyers happiness credit.
import { useEffect, useState } from 'preact/hooks';
import {
  addCampaignBudget,
  type Campaign,
  createCampaign,
  listCampaigns,
  listMerchants,
  type MerchantFlags,
  setMerchantFlags,
} from '../api/campaigns';
import { listMarketCharities, type MarketCharity } from '../api/client';
import { type CampaignField, campaignErrors, parseWon, usedPercent } from '../campaigns/logic';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type MessageKey, useI18n } from '../i18n';
import { newIdempotencyKey } from '../market/logic';
import { FormField } from './MarketForm';

function TopUp(props: { campaign: Campaign; onDone: (c: Campaign) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(() => newIdempotencyKey());
  const id = `topup-${props.campaign.id}`;

  async function onSubmit(e: Event) {
    e.preventDefault();
    const won = parseWon(amount);
    if (won === null) {
      setError(new Error(t('campaigns.error.budget')));
      return;
    }
    setBusy(true);
    try {
      props.onDone(await addCampaignBudget(props.campaign.id, won, key));
      setAmount('');
      setKey(newIdempotencyKey());
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="inline-form" onSubmit={onSubmit} noValidate>
      <label for={id} class="visually-hidden">
        {t('campaigns.topup_label', { name: props.campaign.name })}
      </label>
      <input id={id} type="text" inputMode="numeric" size={10} value={amount} placeholder="100,000" onInput={(e) => setAmount(e.currentTarget.value)} />
      <button type="submit" class="button" disabled={busy} aria-busy={busy}>
        {t('campaigns.topup')}
      </button>
      {error !== null && <ProblemNotice error={error} />}
    </form>
  );
}

function CampaignTable(props: { campaigns: Campaign[]; onChanged: (c: Campaign) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.campaigns.length === 0) return <p class="muted">{t('campaigns.none')}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="campaigns-list">
      <table class="table" data-testid="campaigns">
        <thead>
          <tr>
            <th scope="col">{t('campaigns.name')}</th>
            <th scope="col">{t('campaigns.rule')}</th>
            <th scope="col">{t('campaigns.budget')}</th>
            <th scope="col">{t('campaigns.matched')}</th>
            <th scope="col">{t('campaigns.remaining')}</th>
            <th scope="col">{t('campaigns.topup')}</th>
          </tr>
        </thead>
        <tbody>
          {props.campaigns.map((c) => (
            <tr key={c.id} data-testid={`campaign-${c.id}`}>
              <th scope="row">{c.name}</th>
              <td>{t('campaigns.rule_text', { percent: c.match_percent, charity: c.charity_name ?? c.charity_org_id })}</td>
              <td class="nowrap">{i18n.krw(c.budget_won)}</td>
              <td class="nowrap">
                {i18n.krw(c.matched_won)} ({usedPercent(c)}%)
              </td>
              <td class="nowrap" data-testid="remaining">
                {c.remaining_won > 0 ? i18n.krw(c.remaining_won) : t('campaigns.used_up')}
              </td>
              <td>
                <TopUp campaign={c} onDone={props.onChanged} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const kLabels: Record<CampaignField, MessageKey> = {
  name: 'campaigns.name',
  charity_org_id: 'campaigns.charity',
  match_percent: 'campaigns.percent',
  budget_won: 'campaigns.budget',
};

function NewCampaignForm(props: { onCreated: (c: Campaign) => void }) {
  const { t } = useI18n();
  const [charities, setCharities] = useState<MarketCharity[]>([]);
  const [values, setValues] = useState<Record<CampaignField, string>>({ name: '', charity_org_id: '', match_percent: '50', budget_won: '' });
  const [errors, setErrors] = useState<ReturnType<typeof campaignErrors>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(() => newIdempotencyKey());

  useEffect(() => {
    listMarketCharities({ limit: 200 })
      .then((page) => {
        setCharities(page.items);
        if (page.items.length > 0) setValues((v) => (v.charity_org_id ? v : { ...v, charity_org_id: page.items[0].id }));
      })
      .catch(setError);
  }, []);

  async function onSubmit(e: Event) {
    e.preventDefault();
    const found = campaignErrors(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await createCampaign(
        {
          name: values.name.trim(),
          charity_org_id: values.charity_org_id,
          match_percent: Number(values.match_percent),
          budget_won: parseWon(values.budget_won)!,
        },
        key,
      );
      props.onCreated(created);
      setValues({ ...values, name: '', budget_won: '' });
      setKey(newIdempotencyKey());
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const text = (field: CampaignField, numeric = false) => (
    <FormField id={`campaign-${field}`} label={t(kLabels[field])} error={errors[field] ? t(errors[field]!) : undefined}>
      {(a11y) => (
        <input
          {...a11y}
          name={field}
          type="text"
          inputMode={numeric ? 'numeric' : undefined}
          autoComplete="off"
          value={values[field]}
          onInput={(e) => setValues({ ...values, [field]: e.currentTarget.value })}
        />
      )}
    </FormField>
  );
  return (
    <form class="form panel" onSubmit={onSubmit} noValidate aria-labelledby="campaign-new">
      <h2 id="campaign-new">{t('campaigns.new')}</h2>
      {text('name')}
      <FormField id="campaign-charity_org_id" label={t('campaigns.charity')} error={errors.charity_org_id ? t(errors.charity_org_id) : undefined}>
        {(a11y) => (
          <select {...a11y} name="charity_org_id" value={values.charity_org_id} onChange={(e) => setValues({ ...values, charity_org_id: e.currentTarget.value })}>
            {charities.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div class="form-pair">
        {text('match_percent', true)}
        {text('budget_won', true)}
      </div>
      <p class="hint">{t('campaigns.new_hint')}</p>
      {error !== null && <ProblemNotice error={error} />}
      <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
        {t('campaigns.create')}
      </button>
    </form>
  );
}

function MerchantFlagsTable() {
  const { t } = useI18n();
  const [merchants, setMerchants] = useState<MerchantFlags[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    listMerchants()
      .then((page) => setMerchants(page.items))
      .catch(setError);
  }, []);

  async function toggle(m: MerchantFlags, flag: 'social_enterprise' | 'small_merchant', on: boolean) {
    try {
      const next = await setMerchantFlags(m.id, { social_enterprise: m.social_enterprise, small_merchant: m.small_merchant, [flag]: on });
      setMerchants((list) => (list ?? []).map((x) => (x.id === next.id ? next : x)));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section aria-labelledby="merchant-flags">
      <h2 id="merchant-flags">{t('campaigns.merchants')}</h2>
      <p class="muted">{t('campaigns.merchants_intro')}</p>
      {error !== null && <ProblemNotice error={error} />}
      {merchants && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="merchant-flags">
          <table class="table" data-testid="merchants">
            <thead>
              <tr>
                <th scope="col">{t('campaigns.merchant')}</th>
                <th scope="col">{t('campaigns.social_enterprise')}</th>
                <th scope="col">{t('campaigns.small_merchant')}</th>
              </tr>
            </thead>
            <tbody>
              {merchants.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}</th>
                  {(['social_enterprise', 'small_merchant'] as const).map((flag) => (
                    <td key={flag}>
                      <input
                        type="checkbox"
                        aria-label={`${m.name}: ${t(flag === 'social_enterprise' ? 'campaigns.social_enterprise' : 'campaigns.small_merchant')}`}
                        checked={m[flag]}
                        onChange={(e) => void toggle(m, flag, e.currentTarget.checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function CampaignsScreen() {
  const { t } = useI18n();
  usePageTitle(t('campaigns.title'));
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function load() {
    try {
      setCampaigns((await listCampaigns()).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, []);
  const changed = (c: Campaign) => setCampaigns((list) => [c, ...(list ?? []).filter((x) => x.id !== c.id)]);

  return (
    <section aria-labelledby="campaigns-heading" class="narrow-wide">
      <h1 id="campaigns-heading" tabIndex={-1}>
        {t('campaigns.title')}
      </h1>
      <p class="muted">{t('campaigns.intro')}</p>
      <h2 id="campaigns-list">{t('campaigns.list')}</h2>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      {campaigns && <CampaignTable campaigns={campaigns} onChanged={changed} />}
      <NewCampaignForm onCreated={changed} />
      <MerchantFlagsTable />
    </section>
  );
}
