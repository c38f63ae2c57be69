import { describe, expect, it } from 'vitest';
import type { MarketDraw } from '../api/client';
import { hexToBytes, redraw } from './draw';

// A published draw whose commitment and order were computed outside this code (Python's
// hashlib, by the rule of src/draw/draw.h): seed = 32 bytes of 0xaa, buyer 101 has three entries.
const entries: Array<[string, string]> = [
  ['101', '101'],
  ['102', '102'],
  ['103', '101'],
  ['104', '104'],
  ['105', '105'],
  ['106', '101'],
];

function published(): MarketDraw {
  return {
    drop_id: '7',
    fair_start_seconds: 10,
    seed_commitment: 'e0e77a507412b120f6ede61f62295b1a7b2ff19d3dcc8f7253e51663470c888e',
    drawn: true,
    seed: 'aa'.repeat(32),
    entries: entries.map(([entry, ticket]) => ({ entry, ticket, units: 1 })),
    order: ['105', '102', '101', '103', '106', '104'],
  };
}

describe('redraw', () => {
  it('agrees with a true draw: the commitment and the order', async () => {
    const draw = published();
    const r = await redraw(draw);
    expect(r).not.toBeNull();
    expect(r?.commitmentMatches).toBe(true);
    expect(r?.orderMatches).toBe(true);
    expect(r?.order).toEqual(draw.order);
    // A buyer's three entries stay together in their published order.
    expect(r?.order.slice(2, 5)).toEqual(['101', '103', '106']);
  });

  it('catches a changed order and a seed that is not the committed one', async () => {
    const draw = published();
    const swapped = { ...draw, order: [draw.order[1], draw.order[0], ...draw.order.slice(2)] };
    expect((await redraw(swapped))?.orderMatches).toBe(false);
    const otherSeed = { ...draw, seed: 'ab'.repeat(32) };
    expect((await redraw(otherSeed))?.commitmentMatches).toBe(false);
  });

  it('has nothing to check before the draw, and refuses a seed that is not hex', async () => {
    expect(await redraw({ ...published(), drawn: false, seed: null })).toBeNull();
    expect((await redraw({ ...published(), seed: 'zz' }))?.commitmentMatches).toBe(false);
    expect(hexToBytes('abc')).toBeNull();
    expect(Array.from(hexToBytes('01ff') ?? [])).toEqual([1, 255]);
  });
});
