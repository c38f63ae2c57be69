// Products as the market list needs them (a drop card shows its product's main photo): fetched
// once per product and page visit, shared by the cards of a season's drops. Bounded: past
// kProductsCachedMax the cache starts again.
import { useEffect, useState } from 'preact/hooks';
import { getMarketProduct, type MarketProduct } from '../api/client';

const kProductsCachedMax = 200;
const cache = new Map<string, Promise<MarketProduct | null>>();

/** The product, or null when it cannot be had (the card then goes without its photo). */
export function productOf(id: string): Promise<MarketProduct | null> {
  let found = cache.get(id);
  if (!found) {
    if (cache.size >= kProductsCachedMax) cache.clear();
    found = getMarketProduct(id).catch(() => {
      cache.delete(id); // a later card may try again
      return null;
    });
    cache.set(id, found);
  }
  return found;
}

export function useProduct(id: string | undefined): MarketProduct | null {
  const [product, setProduct] = useState<MarketProduct | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    void productOf(id).then((p) => {
      if (live) setProduct(p);
    });
    return () => {
      live = false;
    };
  }, [id]);
  return product;
}
