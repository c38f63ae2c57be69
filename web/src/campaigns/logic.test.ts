import { describe, expect, it } from 'vitest';
import { campaignErrors, givingKind, parseWon, usedPercent } from './logic';

describe('campaigns', () => {
  it('shows how much of the budget is used, never past 100', () => {
    expect(usedPercent({ budget_won: 200_000, matched_won: 74_700 })).toBe(37);
    expect(usedPercent({ budget_won: 0, matched_won: 0 })).toBe(0);
    expect(usedPercent({ budget_won: 10, matched_won: 10 })).toBe(100);
  });
  it("says what an order's payment gave", () => {
    const g = { donation_won: 9950, donation_share_won: 9950, donation_capped: false, credit_earned: 0, credit_reversed: 0 };
    expect(givingKind(g)).toBe('full');
    expect(givingKind({ ...g, donation_won: 5050, donation_capped: true })).toBe('capped');
    expect(givingKind({ ...g, donation_won: 0, donation_capped: true })).toBe('capped');
    expect(givingKind({ ...g, donation_won: 0, donation_share_won: 0 })).toBe('none');
  });
  it('reads won as a manager types it', () => {
    expect(parseWon('1,000,000')).toBe(1_000_000);
    expect(parseWon('200000원')).toBe(200_000);
    expect(parseWon('0')).toBeNull();
    expect(parseWon('-5')).toBeNull();
    expect(parseWon('12.5')).toBeNull();
    expect(parseWon('')).toBeNull();
  });
  it('checks the form as the server does', () => {
    expect(campaignErrors({ name: '겨울', charity_org_id: '1', match_percent: '50', budget_won: '1000' })).toEqual({});
    expect(campaignErrors({ name: ' ', charity_org_id: '', match_percent: '0', budget_won: 'x' })).toEqual({
      name: 'campaigns.error.name',
      charity_org_id: 'campaigns.error.charity',
      match_percent: 'campaigns.error.percent',
      budget_won: 'campaigns.error.budget',
    });
    expect(campaignErrors({ name: 'a', charity_org_id: '1', match_percent: '101', budget_won: '1' }).match_percent).toBe('campaigns.error.percent');
  });
});
