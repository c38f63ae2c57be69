// Live data for the market screens. A drop's counters come pushed by the server
// (GET /market/drops/{id}/events, server-sent events); when that stream fails the page polls
// GET /market/drops/{id} every few seconds and tries the stream again after a growing pause.
// DropFeed holds that logic without Preact or a browser (unit-tested with fakes); useLiveDrop
// wires it to a component and closes everything on unmount.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  getMarketDrop,
  marketDropEventsUrl,
  type MarketDrop,
  type MarketDropCounts,
  type MarketDropTotals,
} from '../api/client';

/** How often a page without the event stream asks for the drop's counters. */
export const kDropPollMs = 3_000;
/** The first pause before opening a failed event stream again; it doubles up to the max. */
export const kReconnectMinMs = 1_000;
export const kReconnectMaxMs = 30_000;

/** The drop as a live page shows it: the drop's terms with the latest counters. */
export type LiveDropData = MarketDrop & MarketDropTotals;

/** How the counters reach the page now. */
export type FeedMode = 'connecting' | 'live' | 'polling';

/** The part of EventSource the feed uses (tests pass a fake). */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: 'counts', listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface FeedDeps {
  /** Opens the event stream; null where the browser has no EventSource (the feed polls). */
  openEvents: ((url: string) => EventSourceLike) | null;
  fetchDrop: (id: string, signal: AbortSignal) => Promise<LiveDropData>;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  /** False while the page is hidden: polling skips its turn (the stream stays open). */
  visible: () => boolean;
}

export interface FeedState {
  drop: LiveDropData | null;
  /** The last failure of a fetch; the page keeps showing the last good counters meanwhile. */
  error: unknown;
  mode: FeedMode;
}

/** The pause before the `attempt`-th (0-based) reopening of the stream. */
export function reconnectDelayMs(attempt: number, minMs = kReconnectMinMs, maxMs = kReconnectMaxMs): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
}

/** The drop with `counts` applied (revenue from the drop's price when the event lacks it). */
export function applyCounts(drop: LiveDropData, counts: MarketDropCounts): LiveDropData {
  if (counts.id !== drop.id) return drop;
  return {
    ...drop,
    state: counts.state,
    quantity: counts.quantity,
    sold: counts.sold,
    held: counts.held,
    remaining: counts.remaining,
    donation_won: counts.donation_won,
    revenue_won: counts.revenue_won ?? counts.sold * drop.price_won,
  };
}

function parseCounts(data: string): MarketDropCounts | null {
  try {
    const c = JSON.parse(data) as MarketDropCounts;
    return typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.remaining === 'number'
      ? c
      : null;
  } catch {
    return null;
  }
}

/** One drop's live counters: start() once, stop() once; `onChange` gets every new state. */
export class DropFeed {
  private state: FeedState = { drop: null, error: null, mode: 'connecting' };
  private pending: MarketDropCounts | null = null; // counts that came before the drop itself
  private events: EventSourceLike | null = null;
  private attempt = 0;
  private pollTimer: unknown = null;
  private reconnectTimer: unknown = null;
  private inFlight: AbortController | null = null;
  private stopped = false;

  constructor(
    private readonly id: string,
    private readonly deps: FeedDeps,
    private readonly onChange: (state: FeedState) => void,
    private readonly pollMs: number = kDropPollMs,
  ) {}

  start(): void {
    this.fetchNow();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.closeEvents();
    this.stopPolling();
    if (this.reconnectTimer !== null) this.deps.clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
    this.inFlight?.abort();
    this.inFlight = null;
  }

  /** Asks for the whole drop now (after a purchase, a change of closes_at, a retry). */
  fetchNow(): void {
    if (this.stopped || this.inFlight) return; // one request at a time: a slow server is not piled on
    const abort = new AbortController();
    this.inFlight = abort;
    this.deps
      .fetchDrop(this.id, abort.signal)
      .then((d) => {
        if (this.stopped) return;
        const drop = this.pending ? applyCounts(d, this.pending) : d;
        this.pending = null;
        this.set({ drop, error: null });
      })
      .catch((e) => {
        if (!this.stopped && !abort.signal.aborted) this.set({ error: e });
      })
      .finally(() => {
        if (this.inFlight === abort) this.inFlight = null;
      });
  }

  /** Shows `drop` (an answer the page got itself, e.g. after closing it). */
  replace(drop: LiveDropData): void {
    if (!this.stopped && drop.id === this.id) this.set({ drop, error: null });
  }

  private set(change: Partial<FeedState>): void {
    this.state = { ...this.state, ...change };
    this.onChange(this.state);
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopped) return;
    if (!this.deps.openEvents) {
      this.startPolling();
      return;
    }
    let events: EventSourceLike;
    try {
      events = this.deps.openEvents(marketDropEventsUrl(this.id));
    } catch {
      this.onStreamError();
      return;
    }
    this.events = events;
    events.addEventListener('counts', (event) => {
      if (this.events !== events) return;
      const counts = parseCounts(event.data);
      if (!counts) return;
      this.attempt = 0; // the stream works: the next failure starts the backoff afresh
      this.stopPolling();
      if (this.state.drop) this.set({ drop: applyCounts(this.state.drop, counts), mode: 'live' });
      else {
        this.pending = counts;
        this.set({ mode: 'live' });
      }
    });
    events.onerror = () => {
      if (this.events === events) this.onStreamError();
    };
  }

  // The stream failed (refused, dropped, not offered): poll meanwhile, reopen after a pause.
  // The browser's own reconnection is not used: its pace is not ours to bound.
  private onStreamError(): void {
    this.closeEvents();
    if (this.stopped) return;
    this.set({ mode: 'polling' });
    this.startPolling();
    if (this.reconnectTimer === null) {
      const delay = reconnectDelayMs(this.attempt++);
      this.reconnectTimer = this.deps.setTimer(() => this.connect(), delay);
    }
  }

  private closeEvents(): void {
    if (!this.events) return;
    this.events.onerror = null;
    this.events.close();
    this.events = null;
  }

  private startPolling(): void {
    if (this.pollTimer !== null || this.stopped) return;
    if (this.state.mode !== 'polling') this.set({ mode: 'polling' });
    this.fetchNow();
    const tick = () => {
      this.pollTimer = this.deps.setTimer(tick, this.pollMs);
      if (this.deps.visible()) this.fetchNow();
    };
    this.pollTimer = this.deps.setTimer(tick, this.pollMs);
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) this.deps.clearTimer(this.pollTimer);
    this.pollTimer = null;
  }
}

function browserDeps(): FeedDeps {
  return {
    openEvents:
      typeof EventSource === 'undefined'
        ? null
        : (url) => new EventSource(url, { withCredentials: false }) as unknown as EventSourceLike,
    fetchDrop: (id, signal) => getMarketDrop(id, { signal }) as Promise<LiveDropData>,
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    visible: () => typeof document === 'undefined' || !document.hidden,
  };
}

export interface LiveDrop extends FeedState {
  /** Asks now (after a purchase or cancel, or when the countdown ends). */
  refresh: () => void;
  /** Shows an answer the page got itself (a PATCH's drop). */
  replace: (drop: LiveDropData) => void;
}

/** The drop `id` with live counters, for as long as the component is mounted. */
export function useLiveDrop(id: string, pollMs: number = kDropPollMs): LiveDrop {
  const [state, setState] = useState<FeedState>({ drop: null, error: null, mode: 'connecting' });
  const feed = useRef<DropFeed | null>(null);

  useEffect(() => {
    setState({ drop: null, error: null, mode: 'connecting' });
    const f = new DropFeed(id, browserDeps(), setState, pollMs);
    feed.current = f;
    f.start();
    return () => {
      f.stop();
      if (feed.current === f) feed.current = null;
    };
  }, [id, pollMs]);

  return { ...state, refresh: () => feed.current?.fetchNow(), replace: (d) => feed.current?.replace(d) };
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

/**
 * Units taken per second over the last `windowMs`, from the counters as they arrive: "taken" is
 * quantity - remaining (held or sold). Units that come back (a hold expired) count as none taken,
 * never negative. At most `samplesMax` samples are kept.
 */
export class TakeRate {
  private samples: Array<{ atMs: number; taken: number }> = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly samplesMax = 600,
  ) {}

  add(atMs: number, taken: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && last.taken === taken) return; // no change: the previous sample still holds
    this.samples.push({ atMs, taken });
    // Keep one sample at or before the window's start: the value the window starts from.
    while (this.samples.length > 1 && this.samples[1].atMs <= atMs - this.windowMs) this.samples.shift();
    if (this.samples.length > this.samplesMax) this.samples.splice(0, this.samples.length - this.samplesMax);
  }

  /** Units per second at `nowMs` (0 before two values are known). */
  perSecond(nowMs: number): number {
    if (this.samples.length < 2) return 0;
    const start = nowMs - this.windowMs;
    let from = this.samples[0];
    for (const s of this.samples) if (s.atMs <= start) from = s;
    const to = this.samples[this.samples.length - 1];
    const spanMs = Math.min(this.windowMs, nowMs - this.samples[0].atMs);
    if (spanMs <= 0) return 0;
    return Math.max(0, to.taken - from.taken) / (spanMs / 1000);
  }
}
