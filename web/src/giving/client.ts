// Happiness credit's typed client (issue 17): a customer's credit, causes, statements and
// receipts; the program's partner shops, rates and settlements. Every call goes through
// api/client.ts request() (cookies, CSRF, problems).
import { type Page, request } from '../api/client';

export interface CreditRate {
  starts_at: string;
  rate_bp: number;
}

export interface CreditPartner {
  id: string;
  name: string;
  key_id: string;
  rates: CreditRate[];
  created_at: string;
}

/** The answer to creating a partner: its secret, shown this once. */
export interface NewCreditPartner extends CreditPartner {
  secret: string;
  signing: string;
}

export interface CreditPurchase {
  id: string;
  partner_id: string;
  partner_name?: string;
  partner_purchase_id: string;
  amount_won: number;
  at: string;
  rate_bp: number;
  credit_earned: number;
  cancelled_at: string | null;
  credit_reversed: number;
  created_at: string;
}

export interface CreditStatement {
  settlement_id: string;
  period_end: string | null;
  points: number;
  won: number;
  causes: { cause_id: string; name: string; points: number }[];
}

export interface MyCredit {
  balance_points: number;
  history: Page<CreditPurchase>;
  statements: CreditStatement[];
}

export interface CreditCause {
  id: string;
  org_id: string;
  name: string;
  description: string;
  default_share: number;
  registration_no: string;
}

export interface CauseShare {
  cause_id: string;
  name?: string;
  percent: number;
}

export interface MyCauses {
  /** True when the customer takes the program's default split. */
  default: boolean;
  shares: CauseShare[];
  default_split: CauseShare[];
}

export interface CreditSettlement {
  id: string;
  period_end: string;
  status: 'running' | 'done';
  customers: number;
  points: number;
  won: number;
  causes: { cause_id: string; name: string; points: number; won: number }[];
  created_at: string;
  finished_at: string | null;
}

export interface ReceiptYear {
  year: number;
  won: number;
  html_url: string;
  csv_url: string;
}

/** GET /giving/me: balance, purchase history (newest first), statements. */
export async function myCredit(options: { cursor?: string | null; signal?: AbortSignal } = {}): Promise<MyCredit> {
  return request<MyCredit>('/giving/me', { query: { cursor: options.cursor }, signal: options.signal });
}

/** GET /giving/causes (public). */
export async function listCauses(options: { signal?: AbortSignal } = {}): Promise<{ items: CreditCause[] }> {
  return request<{ items: CreditCause[] }>('/giving/causes', { signal: options.signal });
}

/** GET /giving/me/causes. */
export async function myCauses(options: { signal?: AbortSignal } = {}): Promise<MyCauses> {
  return request<MyCauses>('/giving/me/causes', { signal: options.signal });
}

/** PUT /giving/me/causes: the chosen shares (adding up to 100), or [] for the default split. */
export async function setMyCauses(shares: { cause_id: string; percent: number }[]): Promise<MyCauses> {
  return request<MyCauses>('/giving/me/causes', { method: 'PUT', body: { shares } });
}

/** GET /giving/me/receipts: the years the customer's credit was donated in. */
export async function myReceipts(options: { signal?: AbortSignal } = {}): Promise<{ items: ReceiptYear[] }> {
  return request<{ items: ReceiptYear[] }>('/giving/me/receipts', { signal: options.signal });
}

/** GET /giving/partners (the program's staff). */
export async function listPartners(options: { signal?: AbortSignal } = {}): Promise<{ items: CreditPartner[] }> {
  return request<{ items: CreditPartner[] }>('/giving/partners', { signal: options.signal });
}

/** POST /giving/partners (admin): one retry key per attempt. */
export async function createPartner(
  partner: { name: string; rates: CreditRate[] },
  idempotencyKey: string,
): Promise<NewCreditPartner> {
  return request<NewCreditPartner>('/giving/partners', {
    method: 'POST',
    body: partner,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** POST /giving/partners/{id}/rates (admin): a rate from a future instant on. */
export async function addPartnerRate(partnerId: string, rate: CreditRate): Promise<CreditPartner> {
  return request<CreditPartner>(`/giving/partners/${encodeURIComponent(partnerId)}/rates`, { method: 'POST', body: rate });
}

/** GET /giving/settlements (the program's staff), newest period first. */
export async function listSettlements(options: { signal?: AbortSignal } = {}): Promise<{ items: CreditSettlement[] }> {
  return request<{ items: CreditSettlement[] }>('/giving/settlements', { signal: options.signal });
}

/** POST /giving/settlements (manager, admin): settles every balance up to period_end. */
export async function runSettlement(periodEnd: string, idempotencyKey: string): Promise<CreditSettlement> {
  return request<CreditSettlement>('/giving/settlements', {
    method: 'POST',
    body: { period_end: periodEnd },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** GET /giving/settlements/{id}. */
export async function getSettlement(id: string, options: { signal?: AbortSignal } = {}): Promise<CreditSettlement> {
  return request<CreditSettlement>(`/giving/settlements/${encodeURIComponent(id)}`, { signal: options.signal });
}
