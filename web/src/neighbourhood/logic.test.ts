import { describe, expect, it } from 'vitest';
import { discountLabel, distanceLabel, groupedCode, kDefaultPoint, mapPosition, offsetM } from './logic';

describe('neighbourhood map', () => {
  it('puts the member in the middle and a shop 500 m north at the top edge', () => {
    expect(mapPosition(kDefaultPoint, kDefaultPoint, 500, 300)).toEqual({ x: 150, y: 150 });
    const north = { lat: kDefaultPoint.lat + 500 / 111_195, lon: kDefaultPoint.lon };
    const p = mapPosition(kDefaultPoint, north, 500, 300);
    expect(p.x).toBeCloseTo(150, 5);
    expect(p.y).toBeCloseTo(0, 0);
  });

  it('draws east to the right and clamps far shops to the edge', () => {
    const east = { lat: kDefaultPoint.lat, lon: kDefaultPoint.lon + 0.001 };
    expect(offsetM(kDefaultPoint, east).x).toBeGreaterThan(80);
    expect(mapPosition(kDefaultPoint, east, 500, 300).x).toBeGreaterThan(150);
    const far = { lat: kDefaultPoint.lat - 0.1, lon: kDefaultPoint.lon - 0.1 };
    expect(mapPosition(kDefaultPoint, far, 500, 300)).toEqual({ x: 0, y: 300 });
  });
});

describe('neighbourhood labels', () => {
  it('reads discounts, distances and codes as people say them', () => {
    const krw = (n: number) => `${n.toLocaleString('ko-KR')}원`;
    expect(discountLabel({ discount_kind: 'percent', discount_value: 10 }, krw)).toBe('10%');
    expect(discountLabel({ discount_kind: 'fixed', discount_value: 1000 }, krw)).toBe('1,000원');
    expect(distanceLabel(134)).toBe('134 m');
    expect(distanceLabel(1394)).toBe('1.4 km');
    expect(groupedCode('AB3DEF7H')).toBe('AB3D EF7H');
  });
});
