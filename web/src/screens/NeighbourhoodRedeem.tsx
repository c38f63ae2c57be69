// The shop's counter page (phone-sized): the member shows their one-time code, the shop types
// it and redeems it; the page says which offer to apply, or why the code is refused (used
// already, expired, another shop's). A code is redeemed once, whatever happens after.
import { useState } from 'preact/hooks';
import { redeemOfferCode, type NeighbourhoodRedemption } from '../api/client';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n';
import { newIdempotencyKey } from '../market/logic';
import { discountLabel, groupedCode } from '../neighbourhood/logic';
import { FormField } from './MarketForm';
import { NbProblem } from './NeighbourhoodOffers';

export function NeighbourhoodRedeemScreen() {
  const { t, krw, kst } = useI18n();
  const [code, setCode] = useState('');
  const [done, setDone] = useState<NeighbourhoodRedemption | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('nb.redeem_title'));
  async function redeem(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      // One key per press: a retry of this press is answered once; a new press is a new try.
      setDone(await redeemOfferCode(code, newIdempotencyKey()));
      setError(null);
    } catch (err) {
      setDone(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="nb-redeem-title">
      <h1 id="nb-redeem-title" tabIndex={-1}>
        {t('nb.redeem_title')}
      </h1>
      <p class="muted">{t('nb.redeem_intro')}</p>
      <form onSubmit={(e) => void redeem(e)} class="form">
        <FormField id="nb-code" label={t('nb.code')}>
          {(a11y) => (
            <input
              {...a11y}
              name="code"
              value={code}
              inputMode="text"
              autoComplete="off"
              autoCapitalize="characters"
              maxLength={12}
              onInput={(e) => setCode((e.target as HTMLInputElement).value)}
            />
          )}
        </FormField>
        <button type="submit" class="button button-primary" disabled={busy || code.trim() === ''}>
          {t('nb.redeem')}
        </button>
      </form>
      {done && (
        <div class="notice notice-success" role="status" data-testid="nb-redeemed">
          <p>
            <strong>{t('nb.redeemed', { code: groupedCode(done.code) })}</strong>
          </p>
          <p>
            {done.offer.title} ({discountLabel(done.offer, krw)})
          </p>
          {done.offer.conditions && <p class="muted">{done.offer.conditions}</p>}
          <p class="muted">{kst(done.redeemed_at)}</p>
        </div>
      )}
      {error !== null && <NbProblem error={error} />}
    </section>
  );
}
