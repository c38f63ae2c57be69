// The live pages' rules, pure (tested without a browser): the countdown before a show, the time
// of a pin into the show, the replay player started at a pin, and how the page's state follows
// the stream's events.
import type { LiveCounters, LiveEvent, LiveMessage, LivePin, LiveSnapshot } from '../api/client';

/** Days, hours, minutes and seconds until `startsAt`; null once it has passed. */
export function countdown(startsAt: string, now: Date): { days: number; hours: number; minutes: number; seconds: number } | null {
  const left = Math.floor((Date.parse(startsAt) - now.getTime()) / 1000);
  if (!(left > 0)) return null;
  return {
    days: Math.floor(left / 86400),
    hours: Math.floor((left % 86400) / 3600),
    minutes: Math.floor((left % 3600) / 60),
    seconds: left % 60,
  };
}

/** "4:05" or "1:02:09": a time into the show, as players show it. */
export function clockText(atSeconds: number): string {
  const s = Math.max(0, Math.floor(atSeconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/**
 * The embedded player started `atSeconds` into the recording: the server's embed URL with the
 * player's own start parameter (YouTube's `start`; Facebook's plugin has `t`).
 */
export function playerAt(embedUrl: string, atSeconds: number | null): string {
  if (!embedUrl || atSeconds === null) return embedUrl;
  const url = new URL(embedUrl);
  const start = String(Math.max(0, Math.floor(atSeconds)));
  if (url.hostname.endsWith('facebook.com')) url.searchParams.set('t', start);
  else url.searchParams.set('start', start);
  url.searchParams.set('autoplay', '1');
  return url.toString();
}

/** The embed of a replay's recording (a YouTube link) or of the first channel that has one. */
export function embedOf(event: Pick<LiveEvent, 'channels' | 'state' | 'replay_url'>): string {
  if (event.state === 'replay_available' && event.replay_url) {
    const id = youtubeVideo(event.replay_url);
    if (id) return `https://www.youtube-nocookie.com/embed/${id}`;
  }
  return event.channels.find((c) => c.embed_url)?.embed_url ?? '';
}

function youtubeVideo(link: string): string | null {
  try {
    const url = new URL(link);
    if (url.hostname === 'youtu.be') return url.pathname.slice(1) || null;
    if (url.pathname === '/watch') return url.searchParams.get('v');
    const m = /^\/(live|embed|shorts)\/([\w-]{11})$/.exec(url.pathname);
    return m ? m[2] : null;
  } catch {
    return null;
  }
}

/** What the event page shows live; follows the stream. */
export interface LiveView {
  event: LiveEvent;
  pin: LivePin | null;
  counters: LiveCounters;
  messages: LiveMessage[];
}

/** The page keeps at most this many messages (the newest). */
export const kMessagesKept = 100;

/** Applies a snapshot: state, pin and counters; an older version than shown changes nothing. */
export function applySnapshot(view: LiveView, s: LiveSnapshot): LiveView {
  if (s.version < view.event.version) return { ...view, counters: s.counters };
  return {
    ...view,
    event: { ...view.event, state: s.state, version: s.version, went_live_at: s.went_live_at, ended_at: s.ended_at, replay_url: s.replay_url },
    pin: s.pin,
    counters: s.counters,
  };
}

/** Adds a message once (a reconnecting stream may send it again), keeping the newest. */
export function addMessage(view: LiveView, m: LiveMessage): LiveView {
  if (view.messages.some((old) => old.id === m.id)) return view;
  return { ...view, messages: [...view.messages, m].slice(-kMessagesKept) };
}

export function hideMessage(view: LiveView, id: string): LiveView {
  return { ...view, messages: view.messages.filter((m) => m.id !== id) };
}
