import { describe, expect, it } from 'vitest';
import { needsReason, nextSteps } from './logic';

describe('grant steps', () => {
  it('offers only the steps the server takes', () => {
    expect(nextSteps('submitted')).toEqual(['screening']);
    expect(nextSteps('screening')).toEqual(['approved', 'declined']);
    expect(nextSteps('approved')).toEqual(['surgery', 'closed']);
    expect(nextSteps('declined')).toEqual([]);
  });
  it('asks a reason for a decline and an early end only', () => {
    expect(needsReason('screening', 'declined')).toBe(true);
    expect(needsReason('approved', 'closed')).toBe(true);
    expect(needsReason('rehabilitation', 'closed')).toBe(false);
    expect(needsReason('screening', 'approved')).toBe(false);
  });
});
