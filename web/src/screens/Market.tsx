// The market (public): drops on sale now, coming soon, and sold out or closed, each a card
// with its price, benefits and stock.
import { useEffect, useState } from 'preact/hooks';
import { listMarketDrops, type MarketDrop } from '../api/client';
import { ProblemNotice } from '../components/ProblemNotice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCount } from '../format';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { ProductPhoto } from '../components/ProductPhoto';
import { useProduct } from '../market/products';
import { DropBenefits, DropPrice, DropStateBadge } from './MarketParts';

type Section = 'open' | 'upcoming' | 'past';

/** Which list a drop belongs in; upcoming drops soonest first, the others as the server sent them. */
export function groupDrops(drops: readonly MarketDrop[]): Record<Section, MarketDrop[]> {
  const groups: Record<Section, MarketDrop[]> = { open: [], upcoming: [], past: [] };
  for (const d of drops) {
    if (d.state === 'open') groups.open.push(d);
    else if (d.state === 'scheduled') groups.upcoming.push(d);
    else groups.past.push(d);
  }
  groups.upcoming.sort((a, b) => Date.parse(a.opens_at) - Date.parse(b.opens_at));
  return groups;
}

function DropCard(props: { drop: MarketDrop }) {
  const i18n = useI18n();
  const { t } = i18n;
  const d = props.drop;
  const product = useProduct(d.product_id);
  return (
    <li class="card drop-card">
      <ProductPhoto photo={product?.photos?.[0]} alt={product?.name ?? d.title} size="card" />
      <div class="card-head">
        <h3 class="card-title">
          <a href={`/market/drops/${d.id}`}>{d.title}</a>
        </h3>
        <DropStateBadge state={d.state} />
      </div>
      <DropPrice drop={d} />
      <DropBenefits drop={d} />
      <p class="card-meta">
        {d.state === 'scheduled'
          ? t('market.opens_at', { time: i18n.kst(d.opens_at) })
          : d.state === 'open'
            ? `${t('market.remaining')} ${t('market.remaining_count', {
                remaining: formatCount(d.remaining),
                quantity: formatCount(d.quantity),
              })} · ${t('market.closes_at', { time: i18n.kst(d.closes_at) })}`
            : t('market.closes_at', { time: i18n.kst(d.closes_at) })}
      </p>
    </li>
  );
}

const kSections: ReadonlyArray<{ key: Section; label: MessageKey }> = [
  { key: 'open', label: 'market.section.open' },
  { key: 'upcoming', label: 'market.section.upcoming' },
  { key: 'past', label: 'market.section.past' },
];

export function MarketScreen() {
  const { t } = useI18n();
  const [drops, setDrops] = useState<MarketDrop[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  usePageTitle(t('market.title'));

  async function load(next: string | null, signal?: AbortSignal) {
    try {
      const page = await listMarketDrops({ cursor: next, limit: 50, signal });
      setDrops((old) => (next ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      if (signal?.aborted) return;
      setError(e);
    } finally {
      setLoaded(true);
    }
  }

  useEffect(() => {
    const abort = new AbortController();
    void load(null, abort.signal);
    return () => abort.abort();
  }, []);

  const groups = groupDrops(drops);
  return (
    <section aria-labelledby="market-title">
      <h1 id="market-title" tabIndex={-1}>
        {t('market.title')}
      </h1>
      <p class="muted">{t('market.intro')}</p>
      {error !== null && <ProblemNotice error={error} onRetry={() => void load(null)} />}
      {loaded && drops.length === 0 && !error && <p class="muted">{t('market.empty')}</p>}
      {drops.length > 0 &&
        kSections.map(({ key, label }) =>
          groups[key].length === 0 && key !== 'open' ? null : (
            <section key={key} aria-labelledby={`market-${key}`} class="drop-section">
              <h2 id={`market-${key}`}>{t(label)}</h2>
              {groups[key].length === 0 ? (
                <p class="muted">{t('market.none_in_section')}</p>
              ) : (
                <ul class="cards">
                  {groups[key].map((d) => (
                    <DropCard key={d.id} drop={d} />
                  ))}
                </ul>
              )}
            </section>
          ),
        )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          {t('market.more')}
        </button>
      )}
    </section>
  );
}
