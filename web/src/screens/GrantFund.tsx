// 아트홀 기금 (public): the fund's balance, what is reserved for approved grants and what is free,
// its monthly inflows from the hall's ticket sales, and children helped per year (counts only).
import { useEffect, useState } from 'preact/hooks';
import { type GrantFund, grantFund } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';

export function GrantFundScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const [fund, setFund] = useState<GrantFund | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('grants.fund.title'));

  async function load() {
    try {
      setFund(await grantFund('art-hall'));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, []);

  return (
    <section aria-labelledby="fund-heading">
      <h1 id="fund-heading" tabIndex={-1}>
        {t('grants.fund.title')}
      </h1>
      <p class="notice notice-info">{t('grants.fund.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      {fund && (
        <>
          <dl class="facts" data-testid="fund-figures">
            <dt>{t('grants.fund.balance')}</dt>
            <dd data-testid="fund-balance">{i18n.krw(fund.balance_won)}</dd>
            <dt>{t('grants.fund.reserved')}</dt>
            <dd data-testid="fund-reserved">{i18n.krw(fund.reserved_won)}</dd>
            <dt>{t('grants.fund.free')}</dt>
            <dd data-testid="fund-free">{i18n.krw(fund.free_won)}</dd>
            <dt>{t('grants.fund.inflow')}</dt>
            <dd>{i18n.krw(fund.inflow_won)}</dd>
            <dt>{t('grants.fund.paid')}</dt>
            <dd>{i18n.krw(fund.paid_won)}</dd>
          </dl>
          <h2>{t('grants.fund.children')}</h2>
          {fund.children_helped.length === 0 ? (
            <p class="muted">{t('grants.fund.no_children')}</p>
          ) : (
            <ul data-testid="children-helped">
              {fund.children_helped.map((y) => (
                <li key={y.year}>{t('grants.fund.children_year', { year: y.year, n: y.children })}</li>
              ))}
            </ul>
          )}
          <h2>{t('grants.fund.months')}</h2>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={t('grants.fund.months')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('grants.fund.month')}</th>
                  <th scope="col">{t('grants.fund.amount')}</th>
                  <th scope="col">{t('grants.fund.lines')}</th>
                </tr>
              </thead>
              <tbody>
                {fund.inflow_months.map((m) => (
                  <tr key={m.month}>
                    <td>{m.month}</td>
                    <td>{i18n.krw(m.amount_won)}</td>
                    <td>{m.lines}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
