import { describe, expect, it } from 'vitest';
import type { MarketDropCounts } from '../api/client';
import {
  applyCounts,
  DropFeed,
  type EventSourceLike,
  type FeedDeps,
  type FeedState,
  type LiveDropData,
  reconnectDelayMs,
  TakeRate,
} from './live';

const kDrop: LiveDropData = {
  id: '7',
  product_id: '3',
  title: '해남 절임배추 10kg',
  state: 'open',
  quantity: 100,
  sold: 0,
  held: 0,
  remaining: 100,
  per_buyer_limit: 2,
  opens_at: '2026-12-02T01:00:00Z',
  closes_at: '2026-12-02T09:00:00Z',
  price_won: 15_000,
  market_price_won: 30_000,
  gift: '',
  free_shipping: true,
  zones: [],
  donation_percent: 50,
  charity_org_id: '9',
  fair_start_seconds: 0,
  seed_commitment: '',
  drawn: false,
  revenue_won: 0,
  donation_won: 0,
};

const counts = (sold: number, held: number): MarketDropCounts => ({
  id: '7',
  state: 'open',
  quantity: 100,
  sold,
  held,
  remaining: 100 - sold - held,
  queued: 0,
  donation_won: (sold * 15_000) / 2,
});

class FakeEvents implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listener: ((event: MessageEvent<string>) => void) | null = null;
  constructor(readonly url: string) {}
  addEventListener(_type: 'counts', listener: (event: MessageEvent<string>) => void) {
    this.listener = listener;
  }
  close() {
    this.closed = true;
  }
  send(c: MarketDropCounts) {
    this.listener?.({ data: JSON.stringify(c) } as MessageEvent<string>);
  }
  fail() {
    this.onerror?.(new Event('error'));
  }
}

/** A feed on fake time, a fake stream and a fake server; `advance` runs due timers. */
function harness(options: { eventSource?: boolean } = {}) {
  let nowMs = 0;
  let nextTimer = 1;
  const timers = new Map<number, { atMs: number; run: () => void }>();
  const streams: FakeEvents[] = [];
  const fetches: Array<{ resolve: (d: LiveDropData) => void; reject: (e: unknown) => void; signal: AbortSignal }> = [];
  const states: FeedState[] = [];
  const deps: FeedDeps = {
    openEvents:
      options.eventSource === false
        ? null
        : (url) => {
            const s = new FakeEvents(url);
            streams.push(s);
            return s;
          },
    fetchDrop: (_id, signal) => new Promise((resolve, reject) => fetches.push({ resolve, reject, signal })),
    setTimer: (run, ms) => {
      timers.set(nextTimer, { atMs: nowMs + ms, run });
      return nextTimer++;
    },
    clearTimer: (t) => void timers.delete(t as number),
    visible: () => true,
  };
  const feed = new DropFeed('7', deps, (s) => states.push(s), 3_000);
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    feed,
    streams,
    fetches,
    timers,
    last: () => states[states.length - 1],
    flush,
    async advance(ms: number) {
      const end = nowMs + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.atMs <= end).sort((a, b) => a[1].atMs - b[1].atMs)[0];
        if (!due) break;
        timers.delete(due[0]);
        nowMs = due[1].atMs;
        due[1].run();
        await flush();
      }
      nowMs = end;
    },
    async answer(d: LiveDropData = kDrop) {
      const f = fetches.shift();
      f?.resolve(d);
      await flush();
    },
  };
}

describe('DropFeed', () => {
  it('fetches the drop once and then takes the counters from the event stream, without polling', async () => {
    const h = harness();
    h.feed.start();
    expect(h.streams.map((s) => s.url)).toEqual(['/api/v1/market/drops/7/events']);
    await h.answer();
    h.streams[0].send(counts(3, 2));
    expect(h.last().mode).toBe('live');
    expect(h.last().drop).toMatchObject({ sold: 3, held: 2, remaining: 95, revenue_won: 45_000, donation_won: 22_500 });
    await h.advance(60_000);
    expect(h.fetches).toHaveLength(0); // no poll while the stream works
  });

  it('applies counters that arrive before the drop itself once the drop comes', async () => {
    const h = harness();
    h.feed.start();
    h.streams[0].send(counts(10, 0));
    await h.answer();
    expect(h.last().drop?.remaining).toBe(90);
  });

  it('polls while the stream is down and reopens it after a pause that doubles', async () => {
    const h = harness();
    h.feed.start();
    await h.answer();
    h.streams[0].fail();
    expect(h.streams[0].closed).toBe(true);
    expect(h.last().mode).toBe('polling');
    expect(h.fetches).toHaveLength(1); // asks at once
    await h.answer({ ...kDrop, sold: 4, remaining: 96 });
    expect(h.last().drop?.remaining).toBe(96);

    await h.advance(1_000); // the first reopening
    expect(h.streams).toHaveLength(2);
    h.streams[1].fail();
    await h.advance(1_999);
    expect(h.streams).toHaveLength(2); // the second waits 2 s
    await h.advance(1);
    expect(h.streams).toHaveLength(3);

    await h.answer();
    while (h.fetches.length) await h.answer();
    h.streams[2].send(counts(5, 0)); // back: polling stops, the backoff starts afresh
    expect(h.last().mode).toBe('live');
    await h.advance(30_000);
    expect(h.fetches).toHaveLength(0);
    h.streams[2].fail();
    await h.advance(1_000);
    expect(h.streams).toHaveLength(4);
  });

  it('polls every few seconds where there is no EventSource', async () => {
    const h = harness({ eventSource: false });
    h.feed.start();
    await h.answer();
    expect(h.last().mode).toBe('polling');
    await h.advance(3_000);
    await h.answer({ ...kDrop, held: 1, remaining: 99 });
    expect(h.last().drop?.remaining).toBe(99);
    await h.advance(3_000);
    expect(h.fetches).toHaveLength(1);
  });

  it('keeps the last counters and shows the error when a fetch fails', async () => {
    const h = harness({ eventSource: false });
    h.feed.start();
    await h.answer();
    await h.advance(3_000);
    h.fetches.shift()!.reject(new Error('offline'));
    await h.flush();
    expect(h.last().error).toBeInstanceOf(Error);
    expect(h.last().drop?.id).toBe('7');
  });

  it('closes the stream, stops its timers and aborts its request on stop', async () => {
    const h = harness();
    h.feed.start();
    h.streams[0].fail(); // polling and a reopening scheduled
    h.feed.stop();
    expect(h.streams[0].closed).toBe(true);
    expect(h.fetches.every((f) => f.signal.aborted)).toBe(true);
    expect(h.timers.size).toBe(0);
    await h.advance(60_000);
    expect(h.streams).toHaveLength(1);
  });

  it('closes the open stream on stop', () => {
    const h = harness();
    h.feed.start();
    h.feed.stop();
    expect(h.streams[0].closed).toBe(true);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 1 s and stays at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => reconnectDelayMs(a))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('applyCounts', () => {
  it('ignores another drop\'s counters', () => {
    expect(applyCounts(kDrop, { ...counts(1, 1), id: '8' })).toBe(kDrop);
  });
  it('takes the revenue from the event when it has one', () => {
    expect(applyCounts(kDrop, { ...counts(2, 0), revenue_won: 29_000 }).revenue_won).toBe(29_000);
  });
});

describe('TakeRate', () => {
  it('is units taken per second over the window, and falls to 0 when nothing moves', () => {
    const r = new TakeRate(10_000);
    expect(r.perSecond(0)).toBe(0);
    r.add(0, 0);
    r.add(2_000, 10);
    expect(r.perSecond(2_000)).toBe(5);
    r.add(10_000, 50);
    expect(r.perSecond(10_000)).toBe(5);
    expect(r.perSecond(15_000)).toBe(4); // from 10 (at 2 s, before 5 s) to 50 over 10 s
    expect(r.perSecond(30_000)).toBe(0);
  });
  it('never goes negative when held units come back', () => {
    const r = new TakeRate(10_000);
    r.add(0, 10);
    r.add(1_000, 4);
    expect(r.perSecond(1_000)).toBe(0);
  });
  it('keeps a bounded number of samples', () => {
    const r = new TakeRate(1_000_000, 5);
    for (let i = 0; i < 100; i++) r.add(i * 1_000, i);
    expect((r as unknown as { samples: unknown[] }).samples).toHaveLength(5);
  });
});
