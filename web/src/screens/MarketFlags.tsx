// The suspicious patterns recorded for a drop (market/flags.h on the server), for the drop's
// managers on its live page: which rule, who (an address or an account), what, and when.
import { useEffect, useState } from 'preact/hooks';
import { listDropFlags, type MarketFlag } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { useI18n, type MessageKey } from '../i18n';

const kKinds = ['shared-address', 'repeated-refusals', 'declined-payments'];

export function DropFlags(props: { dropId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [flags, setFlags] = useState<MarketFlag[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function load() {
    try {
      setFlags((await listDropFlags(props.dropId)).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [props.dropId]);

  const kindLabel = (kind: string) =>
    kKinds.includes(kind) ? t(`market.flags.kind.${kind}` as MessageKey) : kind;
  return (
    <section aria-labelledby="drop-flags" data-testid="drop-flags">
      <h2 id="drop-flags">{t('market.flags.title')}</h2>
      {flags !== null && flags.length === 0 && <p class="muted">{t('market.flags.none')}</p>}
      {flags !== null && flags.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="drop-flags">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('market.flags.kind')}</th>
                <th scope="col">{t('market.flags.subject')}</th>
                <th scope="col">{t('market.flags.detail')}</th>
                <th scope="col">{t('market.flags.at')}</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((f) => (
                <tr key={f.id}>
                  <td class="nowrap">{kindLabel(f.kind)}</td>
                  <td>{f.subject}</td>
                  <td>{f.detail}</td>
                  <td class="nowrap">
                    <time dateTime={f.created_at}>{i18n.kst(f.created_at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <ProblemNotice error={error} onRetry={() => void load()} />}
    </section>
  );
}
