// Live data for the market screens. Today the drop's counters are polled every few seconds;
// when the server offers GET /market/drops/{id}/events (SSE), only useLiveDrop changes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getMarketDrop, type MarketDrop } from '../api/client';

/** How often an open page asks for the drop's counters. */
export const kDropPollMs = 3_000;

export interface LiveDrop {
  drop: MarketDrop | null;
  /** The last failure; the page keeps showing the last good counters meanwhile. */
  error: unknown;
  /** Asks now (after a purchase or cancel, or when the countdown ends). */
  refresh: () => void;
}

/** The drop `id`, fetched at once and then every `pollMs` while the page is visible. */
export function useLiveDrop(id: string, pollMs: number = kDropPollMs): LiveDrop {
  const [drop, setDrop] = useState<MarketDrop | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef<AbortController | null>(null);
  const fetchNow = useRef<() => void>(() => {});

  useEffect(() => {
    let stopped = false;
    setDrop(null);
    setError(null);
    const load = () => {
      if (inFlight.current) return; // one request at a time: a slow server is not piled on
      const abort = new AbortController();
      inFlight.current = abort;
      getMarketDrop(id, { signal: abort.signal })
        .then((d) => {
          if (!stopped) {
            setDrop(d);
            setError(null);
          }
        })
        .catch((e) => {
          if (!stopped && !abort.signal.aborted) setError(e);
        })
        .finally(() => {
          if (inFlight.current === abort) inFlight.current = null;
        });
    };
    fetchNow.current = load;
    load();
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) load();
    }, pollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      inFlight.current?.abort();
      inFlight.current = null;
    };
  }, [id, pollMs]);

  return { drop, error, refresh: () => fetchNow.current() };
}

/** The current time, updated every `stepMs` (for countdowns). */
export function useNow(stepMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), stepMs);
    return () => clearInterval(timer);
  }, [stepMs]);
  return now;
}
