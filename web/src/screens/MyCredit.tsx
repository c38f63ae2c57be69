// 내 행복 크레딧 (customer): the credit balance, the purchases that earned it (and the credit a
// cancellation took back), what the credit did at each settlement, and the yearly donation
// receipts (a printable page and a CSV). The causes the credit goes to are chosen on
// /credit/causes.
import { useEffect, useState } from 'preact/hooks';
import { isProblem } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount } from '../format';
import { type CreditPurchase, type MyCredit, myCredit, myReceipts, type ReceiptYear } from '../giving/client';
import { ratePercent } from '../giving/logic';
import { useI18n } from '../i18n';
import { useSession } from '../session';

function History(props: { items: CreditPurchase[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.items.length === 0) return <p class="muted">{t('giving.me.no_history')}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="credit-history-heading">
      <table class="table" data-testid="credit-history">
        <thead>
          <tr>
            <th scope="col">{t('giving.me.when')}</th>
            <th scope="col">{t('giving.me.shop')}</th>
            <th scope="col" class="num">
              {t('giving.me.paid')}
            </th>
            <th scope="col" class="num">
              {t('giving.me.rate')}
            </th>
            <th scope="col" class="num">
              {t('giving.me.earned')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((p) => (
            <tr key={p.id} data-purchase={p.partner_purchase_id}>
              <td>{i18n.kst(p.at)}</td>
              <td>{p.partner_name || p.partner_id}</td>
              <td class="num">{i18n.krw(p.amount_won)}</td>
              <td class="num">{ratePercent(p.rate_bp)}</td>
              <td class="num">
                {t('giving.points', { points: formatCount(p.credit_earned) })}
                {p.cancelled_at && (
                  <span class="muted" data-testid="credit-reversed">
                    {' '}
                    {t('giving.me.reversed', { points: formatCount(p.credit_reversed) })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Statements(props: { credit: MyCredit }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.credit.statements.length === 0) return <p class="muted">{t('giving.me.no_statements')}</p>;
  return (
    <ul class="plain-list" data-testid="credit-statements">
      {props.credit.statements.map((s) => (
        <li key={s.settlement_id} class="card">
          <h3 class="card-title">
            {s.period_end ? t('giving.me.statement_title', { at: i18n.kst(s.period_end) }) : s.settlement_id}
          </h3>
          <p>{t('giving.me.statement_total', { points: formatCount(s.points), won: i18n.krw(s.won) })}</p>
          <ul>
            {s.causes.map((c) => (
              <li key={c.cause_id} data-cause={c.name}>
                {t('giving.me.statement_cause', { name: c.name, won: i18n.krw(c.points) })}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function Receipts(props: { items: ReceiptYear[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.items.length === 0) return <p class="muted">{t('giving.me.no_receipts')}</p>;
  return (
    <ul class="plain-list" data-testid="credit-receipts">
      {props.items.map((r) => (
        <li key={r.year}>
          {t('giving.me.receipt_year', { year: r.year, won: i18n.krw(r.won) })}{' '}
          <a href={r.html_url} target="_blank" rel="noopener" data-testid="receipt-html">
            {t('giving.me.receipt_print', { year: r.year })}
          </a>{' '}
          ·{' '}
          <a href={r.csv_url} download data-testid="receipt-csv">
            {t('giving.me.receipt_csv', { year: r.year })}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function MyCreditScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [credit, setCredit] = useState<MyCredit | null>(null);
  const [receipts, setReceipts] = useState<ReceiptYear[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(t('giving.me.title'));

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    Promise.all([myCredit({ signal: abort.signal }), myReceipts({ signal: abort.signal })])
      .then(([c, r]) => {
        setCredit(c);
        setReceipts(r.items);
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        if (isProblem(e, 'unauthenticated')) session.expire();
        setError(e);
      });
    return () => abort.abort();
  }, [attempt]);

  return (
    <section aria-labelledby="credit-heading">
      <h1 id="credit-heading" tabIndex={-1}>
        {t('giving.me.title')}
      </h1>
      <p class="muted">{t('giving.me.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!credit && error === null && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {credit && (
        <>
          <dl class="facts">
            <dt>{t('giving.me.balance')}</dt>
            <dd data-testid="credit-balance">{t('giving.points', { points: formatCount(credit.balance_points) })}</dd>
          </dl>
          <p>
            <a href="/credit/causes" data-testid="credit-causes-link">
              {t('giving.me.choose_causes')}
            </a>
          </p>
          <h2 id="credit-history-heading">{t('giving.me.history')}</h2>
          <History items={credit.history.items} />
          <h2>{t('giving.me.statements')}</h2>
          <Statements credit={credit} />
          <h2>{t('giving.me.receipts')}</h2>
          <p class="muted">{t('giving.me.receipts_intro')}</p>
          <Receipts items={receipts} />
        </>
      )}
    </section>
  );
}
