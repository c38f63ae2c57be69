// Neighbourhood membership's page logic, free of Preact so vitest checks it: where the member
// stands by default, the plotted map (no map tiles: the server has no internet at run time, so
// shops are drawn as points on a plain square around the member, to scale), and how an offer's
// discount reads.
import type { NeighbourhoodOffer, NeighbourhoodPoint } from '../api/client';

/** 망원역 (Mangwon station): the demo member's neighbourhood, used until the device tells us. */
export const kDefaultPoint: NeighbourhoodPoint = { lat: 37.556094, lon: 126.910052 };
export const kRadiiM = [300, 500, 1000, 2000] as const;

const kEarthRadiusM = 6_371_008.8;

/** Metres east (x) and north (y) of `centre` (equirectangular: exact enough within 5 km). */
export function offsetM(centre: NeighbourhoodPoint, p: NeighbourhoodPoint): { x: number; y: number } {
  const rad = Math.PI / 180;
  return {
    x: (p.lon - centre.lon) * rad * kEarthRadiusM * Math.cos(centre.lat * rad),
    y: (p.lat - centre.lat) * rad * kEarthRadiusM,
  };
}

/**
 * A point's place on a square map `size` pixels wide whose edge is `radiusM` from the centre
 * (north up). Points beyond the radius are clamped to the edge, never drawn off the map.
 */
export function mapPosition(
  centre: NeighbourhoodPoint,
  p: NeighbourhoodPoint,
  radiusM: number,
  size: number,
): { x: number; y: number } {
  const { x, y } = offsetM(centre, p);
  const half = size / 2;
  const scale = half / radiusM;
  const clamp = (v: number) => Math.min(size, Math.max(0, v));
  return { x: clamp(half + x * scale), y: clamp(half - y * scale) };
}

/** "10%" or "1,000원" (the discount, as a member reads it). */
export function discountLabel(offer: Pick<NeighbourhoodOffer, 'discount_kind' | 'discount_value'>, krw: (n: number) => string): string {
  return offer.discount_kind === 'percent' ? `${offer.discount_value}%` : krw(offer.discount_value);
}

/** "120 m" or "1.4 km". */
export function distanceLabel(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** A code as shown at the counter: two groups of four ("AB3D EF7H"). */
export function groupedCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}
