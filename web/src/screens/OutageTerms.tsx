// The compensation terms versions as a table: when each took effect, whether it applies only
// when an outage names it (a voluntary package), its thresholds and its kinds of payment.
import { useEffect, useState } from 'preact/hooks';
import { listOutageTerms, type OutageTerms } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { type I18n, useI18n } from '../i18n';
import { formatMinutes } from '../outage/logic';

/** When a version compensates, in words. */
export function termsThresholds(i18n: Pick<I18n, 't' | 'locale'>, x: OutageTerms): string[] {
  const { t, locale } = i18n;
  const out: string[] = [];
  if (x.any_interruption) out.push(t('outage.terms.any'));
  if (x.continuous_minutes_min > 0) {
    out.push(t('outage.terms.continuous', { duration: formatMinutes(x.continuous_minutes_min, locale) }));
  }
  if (x.monthly_cumulative_minutes_min > 0) {
    out.push(t('outage.terms.cumulative', { duration: formatMinutes(x.monthly_cumulative_minutes_min, locale) }));
  }
  if (x.negligence_damages_any_length) out.push(t('outage.terms.negligence_any'));
  return out;
}

/** What a version pays, by kind, in words. */
export function termsPayments(t: I18n['t'], x: OutageTerms): string[] {
  const out: string[] = [];
  if (x.refund_pro_rata) out.push(t('outage.terms.refund'));
  if (x.damages_multiple > 0) out.push(t('outage.terms.damages', { multiple: x.damages_multiple }));
  if (x.voluntary_multiple > 0) {
    const key = x.voluntary_basis === 'event_longest' ? 'outage.terms.voluntary_longest' : 'outage.terms.voluntary_line';
    out.push(t(key, { multiple: x.voluntary_multiple }));
  }
  if (x.voluntary_fee_days > 0) out.push(t('outage.terms.voluntary_days', { days: x.voluntary_fee_days }));
  if (x.small_merchant_fee_days > 0) out.push(t('outage.terms.merchant_days', { days: x.small_merchant_fee_days }));
  if (x.small_merchant_fee_months > 0) out.push(t('outage.terms.merchant_months', { months: x.small_merchant_fee_months }));
  return out;
}

function Lines(props: { items: string[]; none: string }) {
  if (props.items.length === 0) return <>{props.none}</>;
  return (
    <ul class="plain-list">
      {props.items.map((s) => (
        <li key={s}>{s}</li>
      ))}
    </ul>
  );
}

export function OutageTermsScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const [terms, setTerms] = useState<OutageTerms[]>([]);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('outage.terms.title'));

  async function load() {
    try {
      setTerms((await listOutageTerms()).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    void load();
  }, []);

  return (
    <section aria-labelledby="terms-heading">
      <h1 id="terms-heading" tabIndex={-1}>
        {t('outage.terms.title')}
      </h1>
      <p class="muted">{t('outage.terms.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
      {terms.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="terms-heading">
          <table class="table terms-table" data-testid="terms">
            <thead>
              <tr>
                <th scope="col">{t('outage.terms.name')}</th>
                <th scope="col">{t('outage.terms.effective_from')}</th>
                <th scope="col">{t('outage.terms.thresholds')}</th>
                <th scope="col">{t('outage.terms.payments')}</th>
              </tr>
            </thead>
            <tbody>
              {terms.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    {x.name}
                    {x.named_only && (
                      <>
                        {' '}
                        <span class="badge badge-terms-named">{t('outage.terms.named_only')}</span>
                      </>
                    )}
                  </th>
                  <td>
                    <time dateTime={x.effective_from}>{i18n.date(x.effective_from.slice(0, 10))}</time>
                  </td>
                  <td>
                    <Lines items={termsThresholds(i18n, x)} none={t('outage.terms.none')} />
                  </td>
                  <td>
                    <Lines items={termsPayments(t, x)} none={t('outage.terms.none')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
