// The fair-start draw checked in the browser, by the rule `sangsaeng market redraw` runs
// (src/draw/draw.h): SHA-256 of the seed's bytes must be the commitment published before
// opening; each distinct ticket's key is SHA-256(seed bytes || ticket text), tickets sort by
// key (hex ascending), and a ticket's entries follow in their published order.
import type { MarketDraw } from '../api/client';

export interface RedrawResult {
  /** SHA-256(seed) is the commitment published before opening. */
  commitmentMatches: boolean;
  /** The entry ids drawn again, in order. */
  order: string[];
  /** The order drawn again is the published one. */
  orderMatches: boolean;
}

/** Bytes of an even-length hex string, or null when it is not one. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Draws the published entries again from the revealed seed; null before the draw. */
export async function redraw(draw: MarketDraw): Promise<RedrawResult | null> {
  if (!draw.drawn || draw.seed === null) return null;
  const seed = hexToBytes(draw.seed);
  if (seed === null) return { commitmentMatches: false, order: [], orderMatches: false };
  const commitmentMatches = (await sha256Hex(seed)) === draw.seed_commitment;
  const encoder = new TextEncoder();
  const entriesOf = new Map<string, string[]>();
  for (const e of draw.entries) {
    const list = entriesOf.get(e.ticket);
    if (list) list.push(e.entry);
    else entriesOf.set(e.ticket, [e.entry]);
  }
  const keyed: Array<[string, string]> = [];
  for (const ticket of entriesOf.keys()) {
    const text = encoder.encode(ticket);
    const message = new Uint8Array(seed.length + text.length);
    message.set(seed);
    message.set(text, seed.length);
    keyed.push([await sha256Hex(message), ticket]);
  }
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const order = keyed.flatMap(([, ticket]) => entriesOf.get(ticket) ?? []);
  const orderMatches = order.length === draw.order.length && order.every((id, i) => id === draw.order[i]);
  return { commitmentMatches, order, orderMatches };
}
