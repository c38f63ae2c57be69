// The one place that talks to the sangsaeng server. Every request of the web app goes
// through request() below; screens call the typed functions at the end of this file.
//
// - Cookies: the session cookie (ss_session) is HttpOnly; requests send it with
//   credentials: 'same-origin'.
// - CSRF: unsafe methods carry X-CSRF-Token, taken from the last login / me answer, else from
//   the ss_csrf cookie.
// - Errors: every non-2xx answer becomes an ApiProblem (RFC 9457). Answers that are not
//   application/problem+json (a proxy's HTML error page) and network failures become one too,
//   so callers handle exactly one error type.

export type Role = 'admin' | 'manager' | 'merchant' | 'helper' | 'customer' | 'auditor';

export interface RoleGrant {
  role: Role;
  /** Program slug for program-scoped roles (a manager of "market"), null for global ones. */
  program: string | null;
}

export interface User {
  id: string;
  email: string;
  display_name: string;
  /** null for individual customers, who belong to no organisation. */
  org: { id: string; name: string } | null;
  roles: RoleGrant[];
  /** The account has a verified phone (the market sells only to those). */
  phone_verified?: boolean;
}

export interface Session {
  user: User;
  csrf_token: string;
}

export type ProgramStatus = 'active' | 'preparing' | 'paused' | 'ended';

export interface Program {
  slug: string;
  name_ko: string;
  name_en: string;
  summary_ko: string;
  summary_en: string;
  status: ProgramStatus;
  /** Calendar days in Asia/Seoul, "2026-12-02", or null when open-ended. */
  starts_on: string | null;
  ends_on: string | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface AuditEntry {
  id: string;
  /** RFC 3339 with offset. */
  at: string;
  actor: { id: string; email: string } | null;
  action: string;
  target: string;
  remote_addr: string;
  request_id: string;
  status: number | string;
}

export interface FieldError {
  field: string;
  message: string;
}

const kProblemTypePrefix = 'https://sangsaeng.kr/problems/';

/** Slugs of problem types the UI reacts to; others are shown by their title. */
export type ProblemSlug =
  | 'invalid-credentials'
  | 'rate-limited'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'validation'
  | 'not-found'
  | 'network-error'
  | 'bad-response'
  | (string & {});

/** A failed request, as the server described it (RFC 9457) or as the client observed it. */
export class ApiProblem extends Error {
  readonly type: string;
  readonly title: string;
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  readonly detail?: string;
  readonly errors: FieldError[];
  /** Seconds from a Retry-After header (429, 503), when the server sent one. */
  readonly retryAfterSeconds?: number;

  constructor(init: {
    type: string;
    title: string;
    status: number;
    detail?: string;
    errors?: FieldError[];
    retryAfterSeconds?: number;
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiProblem';
    this.type = init.type;
    this.title = init.title;
    this.status = init.status;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The last path segment of the type: "invalid-credentials" for ".../problems/invalid-credentials". */
  get slug(): ProblemSlug {
    if (this.type.startsWith(kProblemTypePrefix)) return this.type.slice(kProblemTypePrefix.length);
    const slash = this.type.lastIndexOf('/');
    return slash >= 0 ? this.type.slice(slash + 1) : this.type;
  }

  /** The message the server gave for one field, if any. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export function isProblem(value: unknown, slug?: ProblemSlug): value is ApiProblem {
  return value instanceof ApiProblem && (slug === undefined || value.slug === slug);
}

// ---------------------------------------------------------------------------------------------
// Transport

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const kUnsafeMethods: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const kCsrfCookie = 'ss_csrf';
const kApiBase = '/api/v1';

/** What the client needs from its surroundings; tests pass their own. */
export interface Transport {
  fetch: typeof fetch;
  /** document.cookie, or '' outside a browser. */
  cookies: () => string;
}

function defaultTransport(): Transport {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    cookies: () => (typeof document === 'undefined' ? '' : document.cookie),
  };
}

let transport: Transport = defaultTransport();
let csrfToken: string | null = null;

/** Replaces fetch and cookie access (unit tests); call with no argument to restore. */
export function setTransport(next?: Transport): void {
  transport = next ?? defaultTransport();
  csrfToken = null;
}

function cookieValue(name: string): string | null {
  for (const part of transport.cookies().split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function currentCsrfToken(): string | null {
  return csrfToken ?? cookieValue(kCsrfCookie);
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const when = Date.parse(trimmed); // HTTP-date form
  if (Number.isNaN(when)) return undefined;
  return Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

function isFieldErrorList(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) => typeof e === 'object' && e !== null && typeof e.field === 'string' && typeof e.message === 'string',
    )
  );
}

async function problemFrom(response: Response): Promise<ApiProblem> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  const contentType = response.headers.get('Content-Type') ?? '';
  if (/^application\/(problem\+)?json\b/i.test(contentType)) {
    try {
      const body: unknown = await response.json();
      if (typeof body === 'object' && body !== null) {
        const b = body as Record<string, unknown>;
        return new ApiProblem({
          type: typeof b.type === 'string' ? b.type : 'about:blank',
          title: typeof b.title === 'string' ? b.title : response.statusText || `HTTP ${response.status}`,
          status: typeof b.status === 'number' ? b.status : response.status,
          detail: typeof b.detail === 'string' ? b.detail : undefined,
          errors: isFieldErrorList(b.errors) ? b.errors : [],
          retryAfterSeconds,
        });
      }
    } catch {
      // fall through: a body that is not JSON
    }
  }
  return new ApiProblem({
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    retryAfterSeconds,
  });
}

interface RequestOptions {
  method?: Method;
  body?: unknown;
  query?: Record<string, string | number | null | undefined>;
  /** Extra request headers (Idempotency-Key). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends one request to /api/v1<path>; resolves to the parsed JSON (undefined for 204). */
async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json, application/problem+json',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (kUnsafeMethods.has(method)) {
    const token = currentCsrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let url = kApiBase + path;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query)) {
      if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }

  let response: Response;
  try {
    response = await transport.fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiProblem({
      type: 'network-error',
      title: 'Network error',
      status: 0,
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }

  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiProblem({
      type: 'bad-response',
      title: 'Response is not JSON',
      status: response.status,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Endpoints

function remember(session: Session): Session {
  csrfToken = session.csrf_token;
  return session;
}

/** POST /auth/login. Rejects with invalid-credentials (401) or rate-limited (429). */
export async function login(email: string, password: string): Promise<Session> {
  return remember(await request<Session>('/auth/login', { method: 'POST', body: { email, password } }));
}

/** GET /auth/me. Resolves to null when nobody is logged in (401 unauthenticated). */
export async function me(): Promise<Session | null> {
  try {
    return remember(await request<Session>('/auth/me'));
  } catch (error) {
    if (isProblem(error) && error.status === 401) {
      csrfToken = null;
      return null;
    }
    throw error;
  }
}

/** POST /auth/logout; the server clears the cookies. */
export async function logout(): Promise<void> {
  try {
    await request<void>('/auth/logout', { method: 'POST' });
  } finally {
    csrfToken = null;
  }
}

/** A started phone verification: send its id back with the code before expires_at. */
export interface PhoneChallenge {
  verification_id: string;
  expires_at: string;
}

/** The proof of a verified phone, taken once by a sign-up or attachPhone(). */
export interface PhoneProof {
  phone_proof: string;
  /** Normalised: +8210XXXXXXXX. */
  phone: string;
  expires_at: string;
}

/**
 * POST /auth/phone/start: sends a code to a Korean mobile number (the sandbox sends nothing and
 * accepts 123456). Rejects with 422 (field phone) or 429 rate-limited.
 */
export async function startPhoneVerification(phone: string): Promise<PhoneChallenge> {
  return request<PhoneChallenge>('/auth/phone/start', { method: 'POST', body: { phone } });
}

/**
 * POST /auth/phone/verify. Rejects with 422 wrong-code (its field error says the tries left),
 * 409 code-expired | too-many-tries | already-verified, 404 for an unknown verification.
 */
export async function verifyPhone(verificationId: string, code: string): Promise<PhoneProof> {
  return request<PhoneProof>('/auth/phone/verify', {
    method: 'POST',
    body: { verification_id: verificationId, code },
  });
}

export interface SignUp {
  email: string;
  display_name: string;
  password: string;
  phone_proof?: string;
}

/** POST /auth/signup: a customer, signed in. Rejects with 409 email-taken | phone-in-use, 422. */
export async function signup(who: SignUp): Promise<Session> {
  return remember(await request<Session>('/auth/signup', { method: 'POST', body: who }));
}

/** POST /auth/phone: the signed-in account takes a phone proof (409 phone-in-use | phone-already-set). */
export async function attachPhone(phoneProof: string): Promise<{ user: User }> {
  return request<{ user: User }>('/auth/phone', { method: 'POST', body: { phone_proof: phoneProof } });
}

/** POST /auth/password. Rejects with invalid-credentials (401) or validation (422, field new_password). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request<void>('/auth/password', {
    method: 'POST',
    body: { current_password: currentPassword, new_password: newPassword },
  });
}

/** GET /programs (public). */
export async function listPrograms(options: { cursor?: string | null; signal?: AbortSignal } = {}): Promise<Page<Program>> {
  return request<Page<Program>>('/programs', { query: { cursor: options.cursor }, signal: options.signal });
}

/** GET /audit (admin, auditor), newest first, one page at a time. */
export async function listAudit(
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<AuditEntry>> {
  return request<Page<AuditEntry>>('/audit', {
    query: { cursor: options.cursor, limit: options.limit ?? 50 },
    signal: options.signal,
  });
}

// ---------------------------------------------------------------------------------------------
// Ledger (the books): amounts are integers (KRW has no minor unit); ids are strings.

export interface LedgerBalances {
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  net_posted: number;
}

export interface LedgerAccount {
  id: string;
  ledger: number;
  unit: string;
  code: number;
  owner_kind: string;
  owner_ref: string;
  /** The owner's name: an organisation's, a person's, a program's in Korean; null if unknown. */
  owner_name: string | null;
  /** The same in English (a program's English name; anyone else's name as it is). */
  owner_name_en: string | null;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
  created_at: string;
  closed: boolean;
  closed_at: string | null;
  balances: LedgerBalances;
}

export interface LedgerTransfer {
  id: string;
  seq: number;
  kind: 'posted' | 'pending' | 'post' | 'void' | 'expire';
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  ledger: number;
  code: number;
  pending_id: string | null;
  released: number;
  reference: string;
  timestamp: string;
}

export interface LedgerVerification {
  ok: boolean;
  entries: number;
  accounts: number;
  transfers: number;
  head_hash: string;
  summary: string;
  mismatch: { kind: string; seq: number; entry: string; message: string } | null;
}

/** GET /ledger/accounts (admin, auditor), by owner, in id order. */
export async function listLedgerAccounts(
  options: { ownerKind?: string; ownerRef?: string; cursor?: string | null; signal?: AbortSignal } = {},
): Promise<Page<LedgerAccount>> {
  return request<Page<LedgerAccount>>('/ledger/accounts', {
    query: { owner_kind: options.ownerKind, owner_ref: options.ownerRef, cursor: options.cursor, limit: 50 },
    signal: options.signal,
  });
}

/** GET /ledger/accounts/{id}/history (admin, auditor, the owner), newest first. */
export async function ledgerHistory(
  accountId: string,
  options: { cursor?: string | null; signal?: AbortSignal } = {},
): Promise<Page<LedgerTransfer>> {
  return request<Page<LedgerTransfer>>(`/ledger/accounts/${encodeURIComponent(accountId)}/history`, {
    query: { cursor: options.cursor, limit: 50 },
    signal: options.signal,
  });
}

/** GET /ledger/verify (admin, auditor): recomputes the hash chain and every balance. */
export async function verifyLedger(options: { signal?: AbortSignal } = {}): Promise<LedgerVerification> {
  return request<LedgerVerification>('/ledger/verify', { signal: options.signal });
}

// ---------------------------------------------------------------------------------------------
// Community market (U+Road): products, drops, purchases. Prices are whole won; ids are strings.

export interface MarketProduct {
  id: string;
  merchant_org_id: string;
  name: string;
  description: string;
  origin: string;
  /** What one unit is ("5kg 한 상자"). */
  unit_label: string;
  created_at: string;
  price_won: number;
  market_price_won: number;
}

export interface NewMarketProduct {
  merchant_org_id?: string;
  name: string;
  description?: string;
  origin?: string;
  unit_label?: string;
  price_won: number;
  market_price_won: number;
}

export type DropState = 'scheduled' | 'open' | 'sold_out' | 'closed';

export interface MarketDrop {
  id: string;
  product_id: string;
  title: string;
  state: DropState;
  quantity: number;
  sold: number;
  held: number;
  remaining: number;
  per_buyer_limit: number;
  opens_at: string;
  closes_at: string;
  price_won: number;
  market_price_won: number;
  gift: string;
  free_shipping: boolean;
  /** Postal-code prefixes; empty means nationwide. */
  zones: string[];
  donation_percent: number;
  charity_org_id: string | null;
  fair_start_seconds: number;
  /** SHA-256 of the lottery seed (hex); empty without a fair start. */
  seed_commitment: string;
  drawn: boolean;
}

export interface NewMarketDrop {
  product_id: string;
  title?: string;
  opens_at: string;
  closes_at: string;
  quantity: number;
  per_buyer_limit: number;
  price_won: number;
  market_price_won: number;
  gift?: string;
  free_shipping?: boolean;
  zones?: string[];
  donation_percent?: number;
  charity_org_id?: string;
  fair_start_seconds?: number;
}

export type OrderStatus =
  | 'held'
  | 'paid'
  | 'cancelled'
  | 'expired'
  | 'packed'
  | 'shipped'
  | 'delivered'
  | 'refunded';

export interface MarketOrder {
  id: string;
  drop_id: string;
  buyer_id: string;
  units: number;
  amount_won: number;
  status: OrderStatus;
  /** The payment deadline of a held order. */
  pay_by: string;
  created_at?: string;
  updated_at?: string;
}

/** POST /market/products (merchant: its own; the market's manager or an admin names the merchant). */
export async function createMarketProduct(product: NewMarketProduct): Promise<MarketProduct> {
  return request<MarketProduct>('/market/products', { method: 'POST', body: product });
}

/** GET /market/products/{id} (public). */
export async function getMarketProduct(id: string, options: { signal?: AbortSignal } = {}): Promise<MarketProduct> {
  return request<MarketProduct>(`/market/products/${encodeURIComponent(id)}`, { signal: options.signal });
}

/** POST /market/drops (the market's manager, admin); 422 validation with field errors. */
export async function createMarketDrop(drop: NewMarketDrop): Promise<MarketDrop> {
  return request<MarketDrop>('/market/drops', { method: 'POST', body: drop });
}

/** GET /market/drops (public), newest first. */
export async function listMarketDrops(
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<MarketDrop>> {
  return request<Page<MarketDrop>>('/market/drops', {
    query: { cursor: options.cursor, limit: options.limit },
    signal: options.signal,
  });
}

/** GET /market/drops/{id} (public): the drop with its live counts. */
export async function getMarketDrop(id: string, options: { signal?: AbortSignal } = {}): Promise<MarketDrop> {
  return request<MarketDrop>(`/market/drops/${encodeURIComponent(id)}`, { signal: options.signal });
}

/**
 * POST /market/drops/{id}/orders (customer). `idempotencyKey` names one purchase attempt: send
 * the same key again on a retry so a double tap or a lost answer is still one order. Rejects
 * with 409 sold-out | not-open | not-enough-stock | idempotency-key-in-use, 422 per-buyer-limit
 * | per-address-limit | idempotency-key-reused, 403 phone-not-verified, 503 drop-busy
 * (retryAfterSeconds).
 */
export async function buyDrop(dropId: string, units: number, idempotencyKey: string): Promise<MarketOrder> {
  return request<MarketOrder>(`/market/drops/${encodeURIComponent(dropId)}/orders`, {
    method: 'POST',
    body: { units },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** GET /market/drops/{id}/orders (the market's manager, admin, auditor), newest first. */
export async function listDropOrders(
  dropId: string,
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<MarketOrder>> {
  return request<Page<MarketOrder>>(`/market/drops/${encodeURIComponent(dropId)}/orders`, {
    query: { cursor: options.cursor, limit: options.limit },
    signal: options.signal,
  });
}

/** A suspicious pattern seen in a drop (GET /market/drops/{id}/flags). */
export interface MarketFlag {
  id: string;
  drop_id: string;
  kind: 'shared-address' | 'repeated-refusals' | 'declined-payments' | (string & {});
  /** The client address, or account:<id>. */
  subject: string;
  buyer_id: string | null;
  detail: string;
  created_at: string;
}

/** GET /market/drops/{id}/flags (the market's manager, admin, auditor), newest first. */
export async function listDropFlags(
  dropId: string,
  options: { cursor?: string | null; signal?: AbortSignal } = {},
): Promise<Page<MarketFlag>> {
  return request<Page<MarketFlag>>(`/market/drops/${encodeURIComponent(dropId)}/flags`, {
    query: { cursor: options.cursor },
    signal: options.signal,
  });
}

/** GET /market/orders: the signed-in buyer's orders, newest first. */
export async function listMyMarketOrders(
  options: { cursor?: string | null; signal?: AbortSignal } = {},
): Promise<Page<MarketOrder>> {
  return request<Page<MarketOrder>>('/market/orders', { query: { cursor: options.cursor }, signal: options.signal });
}

/** POST /market/orders/{id}/cancel: a held order's units go back; 409 not-cancellable otherwise. */
export async function cancelMarketOrder(orderId: string): Promise<MarketOrder> {
  return request<MarketOrder>(`/market/orders/${encodeURIComponent(orderId)}/cancel`, { method: 'POST' });
}

/**
 * POST /market/orders/{id}/pay: charges the payment provider's one-time `methodToken` for a
 * held order. Paying a paid order again answers it as paid (the order is the provider's
 * idempotency key). Rejects with 409 hold-expired | not-payable | payment-declined, 503
 * payment-timeout | payments-off.
 */
export async function payMarketOrder(orderId: string, methodToken: string): Promise<MarketOrder> {
  return request<MarketOrder>(`/market/orders/${encodeURIComponent(orderId)}/pay`, {
    method: 'POST',
    body: { method_token: methodToken },
  });
}
