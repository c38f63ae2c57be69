// Matching campaigns on the page: how much of a budget is used, what a paid order's giving note
// says, and the campaign form's checks (the server's rules, mirrored so a mistake is shown
// before sending; the server decides).
import type { Campaign, OrderGiving } from '../api/campaigns';

/** Percent of the budget matched so far, 0..100, rounded down (0 for an empty budget). */
export function usedPercent(c: Pick<Campaign, 'budget_won' | 'matched_won'>): number {
  if (c.budget_won <= 0) return 0;
  return Math.min(100, Math.floor((c.matched_won * 100) / c.budget_won));
}

/**
 * What a paid order's note says: "full" (the drop's share was donated), "capped" (the campaign's
 * budget ran out: less, shown with both amounts), "none" (nothing donated for it).
 */
export function givingKind(g: OrderGiving): 'full' | 'capped' | 'none' {
  if (g.donation_capped) return 'capped';
  return g.donation_won > 0 ? 'full' : 'none';
}

/** Won typed by a manager ("1,000,000" or "1000000"); null unless a whole number 1..1e11. */
export function parseWon(text: string): number | null {
  const digits = text.replace(/[,\s원]/g, '');
  if (!/^[0-9]{1,12}$/.test(digits)) return null;
  const won = Number(digits);
  return won >= 1 && won <= 100_000_000_000 ? won : null;
}

export type CampaignField = 'name' | 'charity_org_id' | 'match_percent' | 'budget_won';

/** The form's field problems (message keys), empty when it may be sent. */
export function campaignErrors(v: Record<CampaignField, string>): Partial<Record<CampaignField, 'campaigns.error.name' | 'campaigns.error.charity' | 'campaigns.error.percent' | 'campaigns.error.budget'>> {
  const out: ReturnType<typeof campaignErrors> = {};
  const name = v.name.trim();
  if (name.length === 0 || [...name].length > 100) out.name = 'campaigns.error.name';
  if (v.charity_org_id.trim() === '') out.charity_org_id = 'campaigns.error.charity';
  const percent = Number(v.match_percent);
  if (!/^[0-9]{1,3}$/.test(v.match_percent.trim()) || percent < 1 || percent > 100) out.match_percent = 'campaigns.error.percent';
  if (parseWon(v.budget_won) === null) out.budget_won = 'campaigns.error.budget';
  return out;
}
