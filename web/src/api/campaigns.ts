// Matching campaigns with budgets and merchants' verification flags (the market's giving, issues
// 15 and 17): GET/POST /giving/campaigns, POST /giving/campaigns/{id}/budget, GET
// /market/merchants, PUT /market/merchants/{id}/flags.
import { type Page, request } from './client';

export interface Campaign {
  id: string;
  name: string;
  charity_org_id: string;
  charity_name: string | null;
  match_percent: number;
  /** Funded so far (confirmed by the books). */
  budget_won: number;
  matched_won: number;
  /** What the next matches may use. */
  remaining_won: number;
  /** What the budget's ledger account holds now. */
  books_balance_won: number;
  account_id: string;
  created_at: string;
}

export interface NewCampaign {
  name: string;
  charity_org_id: string;
  match_percent: number;
  budget_won: number;
}

export interface MerchantFlags {
  id: string;
  name: string;
  social_enterprise: boolean;
  small_merchant: boolean;
  earns_credit: boolean;
}

/** What a paid market order gave (GET /market/orders: `giving`). */
export interface OrderGiving {
  donation_won: number;
  /** The drop's share the donation stands for; more than donation_won when a budget ran out. */
  donation_share_won: number;
  donation_capped: boolean;
  credit_earned: number;
  credit_reversed: number;
}

/** GET /giving/campaigns (public): newest first. */
export async function listCampaigns(options: { signal?: AbortSignal } = {}): Promise<{ items: Campaign[] }> {
  return request<{ items: Campaign[] }>('/giving/campaigns', { signal: options.signal });
}

/** POST /giving/campaigns: makes the campaign and funds its budget. */
export async function createCampaign(campaign: NewCampaign, idempotencyKey: string): Promise<Campaign> {
  return request<Campaign>('/giving/campaigns', {
    method: 'POST',
    body: campaign,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** POST /giving/campaigns/{id}/budget: adds to the budget. */
export async function addCampaignBudget(id: string, amountWon: number, idempotencyKey: string): Promise<Campaign> {
  return request<Campaign>(`/giving/campaigns/${encodeURIComponent(id)}/budget`, {
    method: 'POST',
    body: { amount_won: amountWon },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** GET /market/merchants (the market's manager, admin). */
export async function listMerchants(cursor?: string | null): Promise<Page<MerchantFlags>> {
  return request<Page<MerchantFlags>>('/market/merchants', { query: { cursor } });
}

/** PUT /market/merchants/{id}/flags. */
export async function setMerchantFlags(id: string, flags: { social_enterprise: boolean; small_merchant: boolean }): Promise<MerchantFlags> {
  return request<MerchantFlags>(`/market/merchants/${encodeURIComponent(id)}/flags`, { method: 'PUT', body: flags });
}
