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
  /** The problem body's other members (RFC 9457 extensions: a refused move's violations). */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: {
    type: string;
    title: string;
    status: number;
    detail?: string;
    errors?: FieldError[];
    retryAfterSeconds?: number;
    extensions?: Record<string, unknown>;
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiProblem';
    this.type = init.type;
    this.title = init.title;
    this.status = init.status;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.extensions = init.extensions ?? {};
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
          extensions: b,
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

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  query?: Record<string, string | number | null | undefined>;
  /** Extra request headers (Idempotency-Key). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sent as it is, with its own type (an uploaded file), instead of a JSON `body`. */
  file?: Blob;
}

/** Sends one request to /api/v1<path>; resolves to the parsed JSON (undefined for 204). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json, application/problem+json',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.file !== undefined) headers['Content-Type'] = options.file.type || 'application/octet-stream';
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
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
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
  /** In order; the first is the main photo. */
  photos?: MarketPhoto[];
}

/** A product photo: re-encoded JPEGs served by their hash (cached as immutable). */
export interface MarketPhoto {
  id: string;
  product_id: string;
  position: number;
  /** Of the large image (at most 1200 px on the longer side). */
  width: number;
  height: number;
  /** The large image. */
  url: string;
  /** The small image (at most 400 px on the longer side). */
  thumbnail_url: string;
  created_at: string;
}

/** The largest photo the server takes (upload_image_bytes_max's default). */
export const kPhotoBytesMax = 10 * 1024 * 1024;

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
  /** The lottery seed (hex), null until the draw has run. */
  seed?: string | null;
  /** GET /market/drops/{id} only: sponsor's gifts to hand out (one per paid order not refunded). */
  gifts?: number;
  /** GET /market/drops/{id} only: refunded orders and their amount. */
  refunds?: number;
  refunded_won?: number;
  /** GET /market/drops/{id} only: orders shipped or delivered. */
  shipped_orders?: number;
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

/** Where a paid order goes, given when paying (postal_code: 5 digits). */
export interface ShipTo {
  recipient: string;
  phone: string;
  postal_code: string;
  address1: string;
  address2?: string;
  memo?: string;
}

/** An order with what followed its payment (GET /market/orders, the merchant's lists). */
export interface MarketOrderView extends MarketOrder {
  drop_title: string;
  unit_label: string;
  ship_to: ShipTo | null;
  shipping: {
    carrier: string;
    tracking_no: string;
    packed_at: string | null;
    shipped_at: string | null;
    delivered_at: string | null;
  } | null;
  refund: { amount_won: number; reason: string; refunded_at: string; returned: boolean } | null;
  /** What the payment gave (api/campaigns.ts); null until paid. */
  giving?: import('./campaigns').OrderGiving | null;
}

export type ShippingStep = 'packed' | 'shipped' | 'delivered';

/** POST /market/products (merchant: its own; the market's manager or an admin names the merchant). */
export async function createMarketProduct(product: NewMarketProduct): Promise<MarketProduct> {
  return request<MarketProduct>('/market/products', { method: 'POST', body: product });
}

/** GET /market/products/{id} (public). */
/** POST /market/products/{id}/photos (the product's merchant, the market's manager, admin): the
 * image itself as the body; its type is judged by the server from the bytes. */
export async function uploadProductPhoto(productId: string, file: Blob): Promise<MarketPhoto> {
  return request<MarketPhoto>(`/market/products/${encodeURIComponent(productId)}/photos`, { method: 'POST', file });
}

/** DELETE /market/products/{id}/photos/{photo_id}. */
export async function deleteProductPhoto(productId: string, photoId: string): Promise<void> {
  return request<void>(`/market/products/${encodeURIComponent(productId)}/photos/${encodeURIComponent(photoId)}`, {
    method: 'DELETE',
  });
}

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
/** A fair-start draw as published (GET /market/drops/{id}/draw); checkable by anyone. */
export interface MarketDraw {
  drop_id: string;
  fair_start_seconds: number;
  seed_commitment: string;
  drawn: boolean;
  drawn_at?: string;
  /** Hex, null until the draw. */
  seed: string | null;
  /** Every entry in arrival order; a ticket is the id of its buyer's first entry. */
  entries: Array<{ entry: string; ticket: string; units: number }>;
  /** Entry ids in drawn order. */
  order: string[];
}

export async function getMarketDraw(id: string, options: { signal?: AbortSignal } = {}): Promise<MarketDraw> {
  return request<MarketDraw>(`/market/drops/${encodeURIComponent(id)}/draw`, { signal: options.signal });
}

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

/** GET /market/orders: the signed-in buyer's orders, newest first, with shipping and refund. */
export async function listMyMarketOrders(
  options: { cursor?: string | null; signal?: AbortSignal } = {},
): Promise<Page<MarketOrderView>> {
  return request<Page<MarketOrderView>>('/market/orders', { query: { cursor: options.cursor }, signal: options.signal });
}

export interface MerchantOrderFilter {
  dropId?: string | null;
  status?: OrderStatus | null;
}

/** GET /market/merchant/orders: the signed-in merchant's paid-and-later orders, newest first. */
export async function listMerchantOrders(
  filter: MerchantOrderFilter = {},
  options: { cursor?: string | null; signal?: AbortSignal } = {},
): Promise<Page<MarketOrderView>> {
  return request<Page<MarketOrderView>>('/market/merchant/orders', {
    query: { drop_id: filter.dropId ?? undefined, status: filter.status ?? undefined, cursor: options.cursor },
    signal: options.signal,
  });
}

/** The address of the shipping-label CSV (a download: the browser sends the session cookie). */
export function merchantLabelsUrl(filter: MerchantOrderFilter = {}): string {
  const q = new URLSearchParams();
  if (filter.dropId) q.set('drop_id', filter.dropId);
  if (filter.status) q.set('status', filter.status);
  const query = q.toString();
  return `/api/v1/market/merchant/orders.csv${query ? `?${query}` : ''}`;
}

/**
 * POST /market/orders/{id}/status: the merchant's next step; shipping names the courier and the
 * tracking number. Rejects with 409 illegal-transition, 422 validation.
 */
export async function advanceMarketOrder(
  orderId: string,
  status: ShippingStep,
  courier: { carrier?: string; tracking_no?: string } = {},
): Promise<MarketOrderView> {
  return request<MarketOrderView>(`/market/orders/${encodeURIComponent(orderId)}/status`, {
    method: 'POST',
    body: { status, ...courier },
  });
}

/** POST /market/orders/{id}/refund: a paid order not yet shipped; 409 illegal-transition after. */
export async function refundMarketOrder(orderId: string, reason = ''): Promise<MarketOrderView> {
  return request<MarketOrderView>(`/market/orders/${encodeURIComponent(orderId)}/refund`, {
    method: 'POST',
    body: reason ? { reason } : {},
  });
}

/** POST /market/orders/{id}/cancel: a held order's units go back; 409 not-cancellable otherwise. */
export async function cancelMarketOrder(orderId: string): Promise<MarketOrder> {
  return request<MarketOrder>(`/market/orders/${encodeURIComponent(orderId)}/cancel`, { method: 'POST' });
}

/**
 * POST /market/orders/{id}/pay: charges the payment provider's one-time `methodToken` for a
 * held order. Paying a paid order again answers it as paid (the order is the provider's
 * idempotency key). `shipTo` is where the order goes (required). Rejects with 409 hold-expired |
 * not-payable | payment-declined, 422 validation (ship_to.* fields) | outside-delivery-zones, 503
 * payment-timeout | payments-off.
 */
export async function payMarketOrder(orderId: string, methodToken: string, shipTo: ShipTo): Promise<MarketOrder> {
  return request<MarketOrder>(`/market/orders/${encodeURIComponent(orderId)}/pay`, {
    method: 'POST',
    body: { method_token: methodToken, ship_to: shipTo },
  });
}

// ---------------------------------------------------------------------------------------------
// Community market, the manager's side: live counters, seasons, closing and extending a drop.

/** What GET /market/drops and /market/drops/{id} also carry for the manager's watch. */
export interface MarketDropTotals {
  /** sold × price_won so far. */
  revenue_won: number;
  /** The company's donation on revenue_won at the drop's percent. */
  donation_won: number;
}

/** The event "counts" of GET /market/drops/{id}/events: the drop's live counters. */
export interface MarketDropCounts {
  id: string;
  state: DropState;
  quantity: number;
  sold: number;
  held: number;
  remaining: number;
  /** Requests waiting for the fair-start draw. */
  queued: number;
  donation_won: number;
  revenue_won?: number;
}

/** The URL of GET /market/drops/{id}/events (server-sent events; EventSource opens it). */
export function marketDropEventsUrl(id: string): string {
  return `${kApiBase}/market/drops/${encodeURIComponent(id)}/events`;
}

/** The body of POST /market/seasons: a drop's terms without its times, and the weekly slot. */
export interface NewMarketSeason extends Omit<NewMarketDrop, 'opens_at' | 'closes_at'> {
  weeks: number;
  /** 0 = Sunday … 6 = Saturday, in Seoul; default 3 (Wednesday). */
  weekday?: number;
  hour?: number;
  minute?: number;
  /** Each drop closes this many hours after it opens (default 24). */
  open_hours?: number;
  /** The first drop opens after this instant (default: now). */
  starts_after?: string;
}

/** POST /market/seasons (the market's manager, admin): all the weeks' drops or none (422). */
export async function planMarketSeason(season: NewMarketSeason): Promise<{ items: Array<MarketDrop & MarketDropTotals> }> {
  return request<{ items: Array<MarketDrop & MarketDropTotals> }>('/market/seasons', { method: 'POST', body: season });
}

/** PATCH /market/drops/{id}: close now (closes_at = now) or extend; 422 if not after opens_at. */
export async function setMarketDropClosesAt(id: string, closesAt: string): Promise<MarketDrop & MarketDropTotals> {
  return request<MarketDrop & MarketDropTotals>(`/market/drops/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { closes_at: closesAt },
  });
}

// The answers name the organisations too (declaration merging keeps these next to their routes).
export interface MarketProduct {
  /** The merchant organisation's name. */
  merchant_name?: string | null;
}
export interface MarketDrop {
  /** The charity's name; null without one. */
  charity_name?: string | null;
}

/** A charity a drop may donate to. */
export interface MarketCharity {
  id: string;
  name: string;
}

/** GET /market/products (public), newest first; `merchantOrgId` for one merchant's. */
export async function listMarketProducts(
  options: { merchantOrgId?: string | null; cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<MarketProduct>> {
  return request<Page<MarketProduct>>('/market/products', {
    query: { merchant_org_id: options.merchantOrgId, cursor: options.cursor, limit: options.limit },
    signal: options.signal,
  });
}

/** GET /market/charities (the market's manager, admin): the charities a drop may name. */
export async function listMarketCharities(
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<MarketCharity>> {
  return request<Page<MarketCharity>>('/market/charities', {
    query: { cursor: options.cursor, limit: options.limit },
    signal: options.signal,
  });
}

// ---------------------------------------------------------------------------------------------
// Outage compensation (issue 18): outages, their settlement, the terms versions, a customer's
// compensations and damages claims. Amounts are whole won; hours have two decimals.

export interface OutageTotals {
  lines: number;
  compensated_lines: number;
  refund_won: number;
  voluntary_won: number;
  damages_claimable_won: number;
  damages_paid_won: number;
}

export interface OutageEvent {
  id: string;
  started_at: string;
  /** null while the outage is still going on. */
  ended_at: string | null;
  cause: string;
  gross_negligence: boolean;
  /** The terms version the manager named; null: the version in force at the start. */
  terms_id: string | null;
  areas: string[];
  line_ids: string[];
  revision: number;
  /** Ended and settled at its current revision. */
  settled: boolean;
  totals: OutageTotals;
  created_at: string;
  updated_at: string;
}

export interface NewOutageEvent {
  started_at: string;
  ended_at?: string | null;
  areas?: string[];
  line_ids?: string[];
  cause: string;
  gross_negligence?: boolean;
  terms_id?: string;
}

/** PATCH /outage/events/{id}: only the fields sent change. */
export interface OutageCorrection {
  started_at?: string;
  ended_at?: string;
  cause?: string;
  gross_negligence?: boolean;
  terms_id?: string;
}

export interface OutageCompensation {
  event_id: string;
  line_id: string;
  /** The outage's time on the line, overlaps counted once. */
  hours: number;
  compensated_hours: number;
  refund_won: number;
  voluntary_won: number;
  damages_claimable_won: number;
  damages_paid_won: number;
  claimed: boolean;
  transfer_ids: string[];
  settled_at: string;
  /** The line's number and area (the manager's list of one outage). */
  line_ref?: string | null;
  area?: string | null;
}

export interface OutageSettlement {
  event_id: string;
  revision: number;
  lines: number;
  /** Ledger transfers posted by this run; 0 when nothing changed. */
  postings: number;
  refund_won: number;
  voluntary_won: number;
  damages_won: number;
}

export interface OutageTerms {
  id: string;
  code: string;
  name: string;
  effective_from: string;
  /** Applies only to outages that name it (a voluntary package). */
  named_only: boolean;
  continuous_minutes_min: number;
  monthly_cumulative_minutes_min: number;
  any_interruption: boolean;
  negligence_damages_any_length: boolean;
  refund_pro_rata: boolean;
  damages_multiple: number;
  voluntary_multiple: number;
  voluntary_basis: 'line' | 'event_longest';
  voluntary_hours_rounded_up: boolean;
  voluntary_fee_days: number;
  small_merchant_fee_days: number;
  small_merchant_fee_months: number;
}

export interface OutageLine {
  id: string;
  ref: string;
  customer_id: string | null;
  product: string;
  monthly_fee_won: number;
  addons_won: number;
  area: string;
  small_merchant: boolean;
}

/** One compensation of GET /outage/me, with its outage's times and cause. */
export interface MyOutageCompensation extends OutageCompensation {
  started_at?: string;
  ended_at?: string | null;
  cause?: string;
}

export interface MyOutageLine extends OutageLine {
  compensations: MyOutageCompensation[];
}

/** GET /outage/events (the outage program's manager, admin, auditor), newest first. */
export async function listOutages(
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<OutageEvent>> {
  return request<Page<OutageEvent>>('/outage/events', {
    query: { cursor: options.cursor, limit: options.limit },
    signal: options.signal,
  });
}

/** GET /outage/events/{id}. */
export async function getOutage(id: string, options: { signal?: AbortSignal } = {}): Promise<OutageEvent> {
  return request<OutageEvent>(`/outage/events/${encodeURIComponent(id)}`, { signal: options.signal });
}

/** POST /outage/events (manager, admin): settled at once when it has an end; 422 with field errors. */
export async function reportOutage(event: NewOutageEvent): Promise<OutageEvent> {
  return request<OutageEvent>('/outage/events', { method: 'POST', body: event });
}

/** PATCH /outage/events/{id}: end an ongoing outage or fix its times; settles the difference. */
export async function correctOutage(id: string, correction: OutageCorrection): Promise<OutageEvent> {
  return request<OutageEvent>(`/outage/events/${encodeURIComponent(id)}`, { method: 'PATCH', body: correction });
}

/** POST /outage/events/{id}/settle: posts only what is missing (nothing when nothing changed). */
export async function settleOutage(id: string): Promise<OutageSettlement> {
  return request<OutageSettlement>(`/outage/events/${encodeURIComponent(id)}/settle`, { method: 'POST' });
}

/** GET /outage/events/{id}/compensations, by line, one page at a time. */
export async function listOutageCompensations(
  id: string,
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<OutageCompensation>> {
  return request<Page<OutageCompensation>>(`/outage/events/${encodeURIComponent(id)}/compensations`, {
    query: { cursor: options.cursor, limit: options.limit ?? 50 },
    signal: options.signal,
  });
}

/** GET /outage/terms (public): every terms version. */
export async function listOutageTerms(options: { signal?: AbortSignal } = {}): Promise<{ items: OutageTerms[] }> {
  return request<{ items: OutageTerms[] }>('/outage/terms', { signal: options.signal });
}

/** GET /outage/me: the signed-in customer's lines and their compensations. */
export async function myOutageCompensations(options: { signal?: AbortSignal } = {}): Promise<{ lines: MyOutageLine[] }> {
  return request<{ lines: MyOutageLine[] }>('/outage/me', { signal: options.signal });
}

/** POST /outage/claims: the damages of one line's outage, posted at once; the compensation after. */
export async function claimOutageDamages(lineId: string, eventId: string): Promise<OutageCompensation> {
  return request<OutageCompensation>('/outage/claims', { method: 'POST', body: { line_id: lineId, event_id: eventId } });
}

// --- Public figures (transparency, issue 17) ------------------------------------------------

/** One month's figures (or their total); amounts in won. */
export interface PublicFigureValues {
  raised_won: number;
  matched_won: number;
  donated_won: number;
  granted_won: number;
  people_helped: number;
  /** A care program's activity (issue 16); absent on other programs' pages. */
  visits?: number;
  minutes?: number;
  hours?: number;
  learners?: number;
  satisfaction_ratings?: number;
  satisfaction_points?: number;
  /** Points / ratings, two decimals; null without ratings. */
  satisfaction_avg?: number | null;
}

export interface PublicFigureMonth extends PublicFigureValues {
  /** Month of the Seoul calendar, "YYYY-MM". */
  month: string;
}

export interface PublicNamed {
  id: string;
  name_ko: string;
  name_en: string;
}

/** The books' hash-chain head of the snapshot the figures come from. */
export interface BooksHead {
  seq: number;
  hash: string;
  at: string | null;
}

export interface PublicFigures {
  subject: PublicNamed & { kind: 'program' | 'charity' | 'fund' };
  months: PublicFigureMonth[];
  total: PublicFigureValues;
  programs: PublicNamed[];
  causes: PublicNamed[];
  computed_at: string;
  books: BooksHead;
}

/** GET /public/programs/{slug}: a program's public figures (no log-in). */
export async function getProgramFigures(slug: string, options: { signal?: AbortSignal } = {}): Promise<PublicFigures> {
  return request<PublicFigures>(`/public/programs/${encodeURIComponent(slug)}`, { signal: options.signal });
}

/** GET /public/causes/{id}: a cause's public figures (no log-in). */
export async function getCauseFigures(id: string, options: { signal?: AbortSignal } = {}): Promise<PublicFigures> {
  return request<PublicFigures>(`/public/causes/${encodeURIComponent(id)}`, { signal: options.signal });
}

/** The same figures as CSV, for a download link. */
export function figuresCsvUrl(kind: 'program' | 'cause', id: string): string {
  const base = kind === 'program' ? '/public/programs/' : '/public/causes/';
  return `${kApiBase}${base}${encodeURIComponent(id)}?format=csv`;
}

export interface FigureMismatch {
  program: string;
  cause: string | null;
  month: string;
  measure: 'raised' | 'matched' | 'donated' | 'granted';
  ledger_won: number;
  records_won: number;
  difference_won: number;
}

export interface Reconciliation {
  computed_at: string;
  books: BooksHead;
  figures_checked: number;
  mismatches: FigureMismatch[];
}

/** GET /figures/reconciliation (auditor, admin): every public figure, records against the books. */
export async function getReconciliation(options: { signal?: AbortSignal } = {}): Promise<Reconciliation> {
  return request<Reconciliation>('/figures/reconciliation', { signal: options.signal });
}

// ---------------------------------------------------------------------------------------------
// Live events and free performances (issue 20)

export type LiveKind = 'market_show' | 'ceremony' | 'performance';
export type LiveState = 'scheduled' | 'live' | 'ended' | 'replay_available';

export interface LiveChannel {
  platform: 'youtube' | 'facebook' | 'iptv';
  url: string;
  iptv_channel: string;
  /** The player to embed, derived by the server from `url` (empty for IPTV). */
  embed_url: string;
}

export interface LivePin {
  id: string;
  kind: 'product' | 'moment';
  product_id: string | null;
  title: string;
  /** Seconds into the show. */
  at_s: number;
  created_at: string;
}

export interface LiveCounters {
  viewers: number;
  orders: number;
  sold: number;
  donation_won: number;
}

export interface LiveRsvpTotals {
  yes: number;
  no: number;
  maybe: number;
  people: number;
}

export interface LiveEvent {
  id: string;
  kind: LiveKind;
  title: string;
  description: string;
  hosts: string[];
  starts_at: string;
  ends_at: string;
  channels: LiveChannel[];
  state: LiveState;
  went_live_at: string | null;
  ended_at: string | null;
  replay_url: string;
  product_ids: string[];
  version: number;
  /** GET one event only. */
  timeline?: LivePin[];
  pin?: LivePin | null;
  counters?: LiveCounters;
  rsvps?: LiveRsvpTotals;
}

/** The stream's "snapshot" event. */
export interface LiveSnapshot {
  id: string;
  state: LiveState;
  version: number;
  went_live_at: string | null;
  ended_at: string | null;
  replay_url: string;
  pin: LivePin | null;
  counters: LiveCounters;
}

export interface LiveMessage {
  id: string;
  user_id: string;
  display_name: string;
  body: string;
  created_at: string;
}

export interface LiveGuestbookEntry {
  id: string;
  display_name: string;
  body: string;
  created_at: string;
}

export interface Performance {
  id: string;
  partner_id: string;
  partner_name: string;
  title: string;
  description: string;
  duration_min: number;
  age_rating: 'all' | '7' | '12' | '15' | '19';
  iptv_channel: string;
  mobile_url: string;
  lineup_month: string;
  available_from: string;
  available_until: string;
  views: number;
}

const liveEvent = (id: string) => `/live/events/${encodeURIComponent(id)}`;

/** GET /live/events (public): the schedule, soonest first. */
export async function listLiveEvents(options: { signal?: AbortSignal } = {}): Promise<Page<LiveEvent>> {
  return request<Page<LiveEvent>>('/live/events', { query: { limit: 100 }, signal: options.signal });
}

/** GET /live/events/{id} (public): with its timeline, pin, counters (and RSVPs for ceremonies). */
export async function getLiveEvent(id: string, options: { signal?: AbortSignal } = {}): Promise<LiveEvent> {
  return request<LiveEvent>(liveEvent(id), { signal: options.signal });
}

/** The URL of GET /live/events/{id}/stream (server-sent events: snapshot, message, hidden). */
export function liveStreamUrl(id: string): string {
  return `${kApiBase}${liveEvent(id)}/stream`;
}

/** POST /live/events/{id}/state (the event's manager): go live, end, offer the replay. */
export async function moveLiveEvent(id: string, state: Exclude<LiveState, 'scheduled'>, replayUrl = ''): Promise<LiveEvent> {
  return request<LiveEvent>(`${liveEvent(id)}/state`, {
    method: 'POST',
    body: replayUrl ? { state, replay_url: replayUrl } : { state },
  });
}

/** POST /live/events/{id}/pins (the event's manager): a featured product or a moment, now. */
export async function pinLive(id: string, pin: { kind: 'product'; product_id: string } | { kind: 'moment'; title: string }): Promise<LivePin> {
  return request<LivePin>(`${liveEvent(id)}/pins`, { method: 'POST', body: pin });
}

/** GET /live/events/{id}/messages (public): the latest visible messages, oldest first. */
export async function listLiveMessages(id: string, options: { signal?: AbortSignal } = {}): Promise<Page<LiveMessage>> {
  return request<Page<LiveMessage>>(`${liveEvent(id)}/messages`, { signal: options.signal });
}

/** POST /live/events/{id}/messages (signed in). 429 too-many-messages, 403 blocked. */
export async function postLiveMessage(id: string, body: string): Promise<LiveMessage> {
  return request<LiveMessage>(`${liveEvent(id)}/messages`, { method: 'POST', body: { body } });
}

/** POST /live/events/{id}/messages/{message_id}/hide (the event's manager). */
export async function hideLiveMessage(id: string, messageId: string): Promise<void> {
  await request<unknown>(`${liveEvent(id)}/messages/${encodeURIComponent(messageId)}/hide`, { method: 'POST', body: {} });
}

/** POST /live/events/{id}/blocks (the event's manager): no more messages from this user here. */
export async function blockLiveUser(id: string, userId: string): Promise<void> {
  await request<unknown>(`${liveEvent(id)}/blocks`, { method: 'POST', body: { user_id: userId } });
}

/** POST /live/events/{id}/reminders (signed in): "notify me" before the start. */
export async function remindMe(id: string): Promise<{ event_id: string; remind_at: string }> {
  return request<{ event_id: string; remind_at: string }>(`${liveEvent(id)}/reminders`, { method: 'POST', body: {} });
}

/** POST /live/events/{id}/rsvps (signed in; ceremonies). */
export async function answerRsvp(id: string, answer: 'yes' | 'no' | 'maybe', partySize: number): Promise<{ totals: LiveRsvpTotals }> {
  return request<{ totals: LiveRsvpTotals }>(`${liveEvent(id)}/rsvps`, { method: 'POST', body: { answer, party_size: partySize } });
}

/** GET /live/events/{id}/guestbook (public), newest first. */
export async function listGuestbook(id: string, options: { signal?: AbortSignal } = {}): Promise<Page<LiveGuestbookEntry>> {
  return request<Page<LiveGuestbookEntry>>(`${liveEvent(id)}/guestbook`, { query: { limit: 50 }, signal: options.signal });
}

/** POST /live/events/{id}/guestbook (signed in; ceremonies). */
export async function signGuestbook(id: string, body: string): Promise<LiveGuestbookEntry> {
  return request<LiveGuestbookEntry>(`${liveEvent(id)}/guestbook`, { method: 'POST', body: { body } });
}

/** GET /performances (public): what is available now (or a month's line-up). */
export async function listPerformances(options: { month?: string; signal?: AbortSignal } = {}): Promise<Page<Performance>> {
  return request<Page<Performance>>('/performances', { query: { month: options.month }, signal: options.signal });
}

/** POST /performances/{id}/views (public): someone pressed play. */
export async function countPerformanceView(id: string): Promise<Performance> {
  return request<Performance>(`/performances/${encodeURIComponent(id)}/views`, { method: 'POST', body: {} });
}

// ---------------------------------------------------------------------------------------------
// Volunteer corps (issue 19): a volunteer's page, activities, sign-up, attendance by the team's
// leader, the grants to facilities.

export interface VolunteerTeam {
  id: string;
  name: string;
  leader_id: string;
  leader_name: string;
  members: number;
}

export interface VolunteerActivity {
  id: string;
  facility_id: string;
  team_id: string | null;
  title: string;
  starts_at: string;
  ends_at: string;
  month: string;
  slots: number;
  taken: number;
  open: boolean;
  /** GET /volunteer/me only. */
  facility_name?: string;
}

export interface VolunteerAttendance {
  user_id: string;
  name: string;
  minutes: number;
  hours: number;
}

/** GET /volunteer/activities/{id}: signups and attendance only for its leader and the manager. */
export interface VolunteerActivityDetail extends VolunteerActivity {
  /** contact_name and contact_phone only for the program's managers and team leaders. */
  facility?: { id: string; name: string; kind: string; address: string; contact_name?: string; contact_phone?: string };
  team_name?: string;
  signed_up: boolean;
  signups?: { user_id: string; name: string }[];
  /** A team activity's members (who may be recorded without having signed up). */
  members?: { user_id: string; name: string }[];
  attendance?: VolunteerAttendance[];
}

export interface VolunteerPage {
  teams: VolunteerTeam[];
  leads: string[];
  upcoming: VolunteerActivity[];
  minutes_this_year: number;
  hours_this_year: number;
  activities_this_year: number;
}

export interface VolunteerRecorded {
  activity: VolunteerActivity;
  attendance: VolunteerAttendance[];
  minutes: number;
  hours: number;
  grant: { status: 'none' | 'posted' | 'refused' | 'pending'; due_won: number; granted_won: number };
}

/** GET /volunteer/me: my teams, the teams I lead, my upcoming activities, my hours this year. */
export async function myVolunteerPage(options: { signal?: AbortSignal } = {}): Promise<VolunteerPage> {
  return request<VolunteerPage>('/volunteer/me', { signal: options.signal });
}

/** GET /volunteer/activities?team=&from=&to= (by start). */
export async function listVolunteerActivities(
  options: { team?: string; from?: string; to?: string; signal?: AbortSignal } = {},
): Promise<{ items: VolunteerActivity[] }> {
  return request<{ items: VolunteerActivity[] }>('/volunteer/activities', {
    query: { team: options.team, from: options.from, to: options.to },
    signal: options.signal,
  });
}

/** GET /volunteer/activities/{id}. */
export async function getVolunteerActivity(id: string, options: { signal?: AbortSignal } = {}): Promise<VolunteerActivityDetail> {
  return request<VolunteerActivityDetail>(`/volunteer/activities/${encodeURIComponent(id)}`, { signal: options.signal });
}

/** POST /volunteer/activities/{id}/signups: one key per attempt (a retry takes no second slot). */
export async function signUpVolunteer(id: string, idempotencyKey: string): Promise<VolunteerActivity> {
  return request<VolunteerActivity>(`/volunteer/activities/${encodeURIComponent(id)}/signups`, {
    method: 'POST',
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** DELETE /volunteer/activities/{id}/signups/me. */
export async function withdrawVolunteer(id: string): Promise<VolunteerActivity> {
  return request<VolunteerActivity>(`/volunteer/activities/${encodeURIComponent(id)}/signups/me`, { method: 'DELETE' });
}

/** POST /volunteer/activities/{id}/attendance: the whole attendance (minutes left out: the activity's length). */
export async function recordVolunteerAttendance(
  id: string,
  attendees: { user_id: string; minutes?: number }[],
): Promise<VolunteerRecorded> {
  return request<VolunteerRecorded>(`/volunteer/activities/${encodeURIComponent(id)}/attendance`, {
    method: 'POST',
    body: { attendees },
  });
}

// --- The volunteer corps' manager: teams, facilities, activities, hours, grants (issue 19) ----

export type FacilityKind = 'elderly' | 'disability' | 'children' | 'community' | 'homeless' | 'other';
export const kFacilityKinds: FacilityKind[] = ['elderly', 'disability', 'children', 'community', 'homeless', 'other'];

export interface VolunteerFacility {
  id: string;
  name: string;
  kind: FacilityKind;
  address: string;
  /** Only for the program's managers, admins and team leaders. */
  contact_name?: string;
  contact_phone?: string;
}

export type HoursBy = 'person' | 'team' | 'facility' | 'month' | 'facility_kind';

export interface VolunteerHoursRow {
  key: string | null;
  name: string;
  minutes: number;
  hours: number;
  people: number;
  activities: number;
}

export interface VolunteerHours {
  by: HoursBy;
  rows: VolunteerHoursRow[];
  minutes: number;
  hours: number;
}

export interface VolunteerGrants {
  won_per_hour: number | null;
  budget_balance_won: number;
  facilities: { facility_id: string; name: string; granted_won: number }[];
}

export interface VolunteerPublicRow {
  key: string;
  hours: number;
  people: number;
  activities: number;
}

export interface VolunteerPublic {
  year: string;
  by_month: VolunteerPublicRow[];
  by_facility_kind: VolunteerPublicRow[];
}

/** GET /volunteer/teams (first 200, by id). */
export async function listVolunteerTeams(options: { signal?: AbortSignal } = {}): Promise<Page<VolunteerTeam>> {
  return request<Page<VolunteerTeam>>('/volunteer/teams', { query: { limit: '200' }, signal: options.signal });
}

/** POST /volunteer/teams: a team led by an employee named by e-mail. */
export async function createVolunteerTeam(input: { name: string; leader_email: string }): Promise<VolunteerTeam> {
  return request<VolunteerTeam>('/volunteer/teams', { method: 'POST', body: input });
}

/** GET /volunteer/facilities (first 200, by id). */
export async function listVolunteerFacilities(options: { signal?: AbortSignal } = {}): Promise<Page<VolunteerFacility>> {
  return request<Page<VolunteerFacility>>('/volunteer/facilities', { query: { limit: '200' }, signal: options.signal });
}

/** POST /volunteer/facilities: one facility. */
export async function addVolunteerFacility(input: Omit<VolunteerFacility, 'id'>): Promise<VolunteerFacility> {
  return request<VolunteerFacility>('/volunteer/facilities', { method: 'POST', body: input });
}

/** POST /volunteer/activities: a team's activity, or open to every employee (team_id left out). */
export async function createVolunteerActivity(input: {
  facility_id: string;
  team_id?: string;
  title: string;
  starts_at: string;
  ends_at: string;
  slots: number;
}): Promise<VolunteerActivity> {
  return request<VolunteerActivity>('/volunteer/activities', { method: 'POST', body: input });
}

/** GET /volunteer/hours?by=&month=&year=&team= (a leader: only the teams they lead). */
export async function volunteerHours(
  query: { by: HoursBy; month?: string; year?: string; team?: string },
  options: { signal?: AbortSignal } = {},
): Promise<VolunteerHours> {
  return request<VolunteerHours>('/volunteer/hours', { query, signal: options.signal });
}

/** GET /volunteer/grants: the grant rule, the budget and what each facility was granted. */
export async function volunteerGrants(options: { signal?: AbortSignal } = {}): Promise<VolunteerGrants> {
  return request<VolunteerGrants>('/volunteer/grants', { signal: options.signal });
}

/** GET /volunteer/public?year= (no log-in): hours and people by month and by facility kind. */
export async function volunteerPublic(year: string | undefined, options: { signal?: AbortSignal } = {}): Promise<VolunteerPublic> {
  return request<VolunteerPublic>('/volunteer/public', { query: { year }, signal: options.signal });
}

// --- Hearing-support grants and the art hall fund (issue 19) --------------------------------

export type GrantStatus =
  | 'submitted'
  | 'screening'
  | 'approved'
  | 'declined'
  | 'surgery'
  | 'rehabilitation'
  | 'closed';
export type GrantMoney = 'none' | 'reserving' | 'reserved' | 'paying' | 'paid' | 'releasing' | 'released';

export interface GrantFund {
  id: string;
  name: string;
  name_en: string;
  balance_won: number;
  reserved_won: number;
  free_won: number;
  inflow_won: number;
  paid_won: number;
  inflow_months: { month: string; amount_won: number; lines: number }[];
  grants: { reserved: number; paid: number; released: number };
  children_helped: { year: number; children: number }[];
}

export interface GrantSummary {
  id: string;
  status: GrantStatus;
  money: GrantMoney;
  child_name: string;
  hospital: string;
  requested_won: number;
  granted_won: number;
  reason: string;
  paid_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface GrantCase extends GrantSummary {
  child_birth_date: string;
  guardian_name: string;
  guardian_relation: string;
  guardian_phone: string;
  consent_on: string;
  report: { url: string; media_type: string };
  sessions_planned: number;
  sessions_done: number;
  progress_percent: number;
  steps: { from: GrantStatus; to: GrantStatus; reason: string; at: string; actor_id?: string | null }[];
  sessions: { number: number; held_on: string; progress_percent: number; note: string }[];
}

export interface GrantApplicationInput {
  child_name: string;
  child_birth_date: string;
  guardian_name: string;
  guardian_relation: string;
  guardian_phone: string;
  hospital: string;
  consent: boolean;
  consent_on: string;
  report_id: string;
  requested_won: number;
}

/** GET /funds/{id}: a fund's public figures. */
export async function grantFund(id: string): Promise<GrantFund> {
  return request<GrantFund>(`/funds/${encodeURIComponent(id)}`);
}

/** POST /grants/reports: the audiologist's report (PDF or a photo of it), as the body. */
export async function uploadGrantReport(file: Blob): Promise<{ id: string; media_type: string }> {
  return request<{ id: string; media_type: string }>('/grants/reports', { method: 'POST', file });
}

/** POST /grants/applications (any signed-in user, for their child). */
export async function applyForGrant(input: GrantApplicationInput): Promise<GrantCase> {
  return request<GrantCase>('/grants/applications', { method: 'POST', body: input });
}

/** GET /grants/me: the signed-in user's own applications. */
export async function myGrants(): Promise<{ items: GrantSummary[] }> {
  return request<{ items: GrantSummary[] }>('/grants/me');
}

/** GET /grants/applications (the program's reviewers). */
export async function grantQueue(status?: GrantStatus, cursor?: string): Promise<Page<GrantSummary>> {
  return request<Page<GrantSummary>>('/grants/applications', { query: { status, cursor } });
}

/** GET /grants/applications/{id}: the applicant's own case or, for reviewers, any. */
export async function grantCase(id: string): Promise<GrantCase> {
  return request<GrantCase>(`/grants/applications/${encodeURIComponent(id)}`);
}

/** POST /grants/applications/{id}/transitions (reviewers). */
export async function moveGrant(
  id: string,
  body: { to: GrantStatus; reason?: string; granted_won?: number; sessions_planned?: number },
): Promise<GrantCase> {
  return request<GrantCase>(`/grants/applications/${encodeURIComponent(id)}/transitions`, { method: 'POST', body });
}

/** POST /grants/applications/{id}/sessions (reviewers): a rehabilitation session. */
export async function recordGrantSession(
  id: string,
  body: { held_on: string; progress_percent: number; note?: string },
): Promise<GrantCase> {
  return request<GrantCase>(`/grants/applications/${encodeURIComponent(id)}/sessions`, { method: 'POST', body });
}

// ---------------------------------------------------------------------------------------------
// Neighbourhood membership (issue 20): offers near the member, one-time codes, the shop's
// redemption, prize events.

export interface NeighbourhoodPoint {
  lat: number;
  lon: number;
}

export interface NeighbourhoodShop {
  org_id: string;
  area_id: string;
  name: string;
  category: string;
  address: string;
  location: NeighbourhoodPoint;
}

export interface NeighbourhoodOffer {
  id: string;
  shop_org_id: string;
  title: string;
  conditions: string;
  discount_kind: 'percent' | 'fixed';
  discount_value: number;
  valid_from: string;
  valid_until: string;
  weekly_cap: number;
  member_daily_max: number;
  shop?: NeighbourhoodShop;
  distance_m?: number | null;
}

export interface NeighbourhoodCode {
  code: string;
  offer_id: string;
  issued_at: string;
  expires_at: string;
}

export interface NeighbourhoodRedemption {
  code: string;
  redeemed_at: string;
  offer: NeighbourhoodOffer;
  shop: NeighbourhoodShop;
}

export interface PrizeEvent {
  id: string;
  area_id: string | null;
  title: string;
  prize: string;
  winners_count: number;
  opens_at: string;
  closes_at: string;
  seed_commitment: string;
  drawn_at: string | null;
  my_entry?: { id: string; event_id: string; created_at: string } | null;
}

/** GET /neighbourhood/offers: offers valid now within radius_m of a point, nearest first. */
export async function offersNear(at: NeighbourhoodPoint, radiusM: number): Promise<Page<NeighbourhoodOffer>> {
  return request<Page<NeighbourhoodOffer>>('/neighbourhood/offers', { query: { lat: at.lat, lon: at.lon, radius_m: radiusM } });
}

/** POST /neighbourhood/offers/{id}/codes (a member): the one-time code to show at the counter. */
export async function takeOfferCode(offerId: string): Promise<NeighbourhoodCode> {
  return request<NeighbourhoodCode>(`/neighbourhood/offers/${encodeURIComponent(offerId)}/codes`, { method: 'POST', body: {} });
}

/** POST /neighbourhood/redemptions (the shop): redeems a member's code once. */
export async function redeemOfferCode(code: string, idempotencyKey: string): Promise<NeighbourhoodRedemption> {
  return request<NeighbourhoodRedemption>('/neighbourhood/redemptions', {
    method: 'POST',
    body: { code },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** GET /neighbourhood/prize-events and one event (with my entry when signed in). */
export async function listPrizeEvents(): Promise<Page<PrizeEvent>> {
  return request<Page<PrizeEvent>>('/neighbourhood/prize-events');
}

/** POST /neighbourhood/prize-events/{id}/entries (a member): one entry per member. */
export async function enterPrizeEvent(id: string): Promise<{ id: string }> {
  return request<{ id: string }>(`/neighbourhood/prize-events/${encodeURIComponent(id)}/entries`, { method: 'POST', body: {} });
}

// Care and dispatch (issue 16): the dispatcher's day, the helper's visits, a customer's booking.

export type CareProgram = 'it-support' | 'internet-doctor' | 'female-tech';
export type CareRequestKind = 'home_it_help' | 'it_education' | 'broadband_repair' | 'installation';
export type CareRequestStatus = 'requested' | 'planned' | 'visiting' | 'done' | 'cancelled';
export type CareOutcome = 'solved' | 'follow_up' | 'not_home';

export interface CareHelper {
  id: string;
  user_id: string | null;
  name: string;
  kind: 'it_supporter' | 'technician' | 'volunteer';
  gender: 'female' | 'male' | 'unrecorded';
  team: string;
  /** "09:00-18:00" (Seoul), or null when not on that shift. */
  weekday_shift: string | null;
  weekend_shift: string | null;
  skills: string[];
  languages: string[];
}

/** A request without the person's details. */
export interface CareRequest {
  id: string;
  program: CareProgram;
  beneficiary_id: string;
  kind: CareRequestKind;
  date: string;
  weekend: boolean;
  duration_min: number;
  /** "HH:MM-HH:MM" (Seoul). */
  windows: string[];
  priority: number;
  skills: string[];
  language: string | null;
  status: CareRequestStatus;
  reason: string;
}

/** A person the programs visit (personal data: the read is audited). */
export interface CareBeneficiary {
  id: string;
  program: CareProgram;
  name: string;
  phone: string;
  address: string;
  lat: number;
  lon: number;
  needs: string[];
  consent_on: string | null;
  designated_helper_id: string | null;
  female_helper_only: boolean;
}

export interface CarePlannedVisit {
  request_id: string;
  start_at: string;
  end_at: string;
}

export interface CareUnassigned {
  request_id: string;
  reason: string;
  reason_ko: string;
  reason_en: string;
}

export interface CarePlan {
  id: string;
  date: string;
  weekend: boolean;
  status: 'draft' | 'published';
  routes: { helper_id: string; visits: CarePlannedVisit[] }[];
  unassigned: CareUnassigned[];
  moves: number;
  /** A re-plan: the published plan it keeps the visits of, and those that did not stay. */
  base_plan_id: string | null;
  moved: string[];
  summary: {
    requests: number;
    assigned: number;
    unassigned: number;
    helpers_on_shift: number;
    helpers_used: number;
    designated: number;
    designated_honoured: number;
    kept: number;
    travel_km: number;
    solver_ms: number;
  };
  created_at: string;
  published_at: string | null;
}

/** Why the checker refuses a move, in words. */
export interface CareViolation {
  kind: string;
  request_id: string | null;
  helper_id: string | null;
  message_ko: string;
  message_en: string;
}

export interface CareVisit {
  id: string;
  plan_id: string;
  request_id: string;
  helper_id: string;
  date: string;
  seq: number;
  start_at: string;
  end_at: string;
  status: 'planned' | 'visiting' | 'done';
  checked_in_at: string | null;
  checked_out_at: string | null;
  outcome: CareOutcome | null;
  notes: string;
  duration_min: number | null;
  satisfaction: number | null;
}

/** One of the helper's visits today, with the request and the person. */
export interface CareVisitOfDay extends CareVisit {
  request: CareRequest;
  beneficiary: CareBeneficiary;
  map_url: string;
}

export interface CareCheckOut {
  outcome: CareOutcome;
  notes?: string;
  duration_min?: number;
  satisfaction?: number;
}

export interface CareBooking {
  program: CareProgram;
  kind: CareRequestKind;
  date: string;
  windows: string[];
  name: string;
  phone: string;
  address: string;
  lat: number;
  lon: number;
  needs: string[];
  language?: string;
  female_helper_only: boolean;
  designated_helper_id?: string;
  consent: boolean;
}

/** GET /care/helpers (care managers), one page. */
export async function careHelpers(cursor?: string | null): Promise<Page<CareHelper>> {
  return request<Page<CareHelper>>('/care/helpers', { query: { cursor, limit: 200 } });
}

/** GET /care/requests?date= (care managers): the day's requests, without the people. */
export async function careRequests(date: string): Promise<{ items: CareRequest[] }> {
  return request<{ items: CareRequest[] }>('/care/requests', { query: { date } });
}

/** GET /care/beneficiaries/{id}: the person's record (the read is audited). */
export async function careBeneficiary(id: string): Promise<CareBeneficiary> {
  return request<CareBeneficiary>(`/care/beneficiaries/${encodeURIComponent(id)}`);
}

/** GET /care/plans?date=: the day's plans, newest first. */
export async function carePlans(date: string): Promise<{ items: CarePlan[] }> {
  return request<{ items: CarePlan[] }>('/care/plans', { query: { date } });
}

/** POST /care/plans: plans (or, after publication, re-plans) the day; 503 busy with Retry-After. */
export async function planCareDay(date: string, seconds: number): Promise<CarePlan> {
  return request<CarePlan>('/care/plans', { method: 'POST', body: { date, seconds } });
}

/**
 * POST /care/plans/{id}/moves: the checker's answer. Resolves to the moved plan, or to the
 * violations when it refuses (422 move-refused); other failures reject.
 */
export async function moveCareVisit(
  planId: string,
  move: { request_id: string; helper_id: string | null; position?: number },
): Promise<{ plan: CarePlan } | { violations: CareViolation[] }> {
  try {
    return { plan: await request<CarePlan>(`/care/plans/${encodeURIComponent(planId)}/moves`, { method: 'POST', body: move }) };
  } catch (e) {
    if (isProblem(e, 'move-refused') && Array.isArray(e.extensions.violations))
      return { violations: e.extensions.violations as CareViolation[] };
    throw e;
  }
}

/** POST /care/plans/{id}/publish: assigns the visits and notifies the helpers. */
export async function publishCarePlan(planId: string): Promise<CarePlan> {
  return request<CarePlan>(`/care/plans/${encodeURIComponent(planId)}/publish`, { method: 'POST' });
}

/** GET /care/visits: the signed-in helper's visits today, in order. */
export async function myCareVisits(): Promise<{ items: CareVisitOfDay[] }> {
  return request<{ items: CareVisitOfDay[] }>('/care/visits');
}

/** POST /care/visits/{id}/check-in. */
export async function checkInCareVisit(id: string): Promise<CareVisit> {
  return request<CareVisit>(`/care/visits/${encodeURIComponent(id)}/check-in`, { method: 'POST' });
}

/** POST /care/visits/{id}/check-out with the outcome. */
export async function checkOutCareVisit(id: string, out: CareCheckOut): Promise<CareVisit> {
  return request<CareVisit>(`/care/visits/${encodeURIComponent(id)}/check-out`, { method: 'POST', body: out });
}

/** GET /care/engineers: the engineers a customer may name. */
export async function careEngineers(): Promise<{ items: { id: string; name: string; team: string }[] }> {
  return request<{ items: { id: string; name: string; team: string }[] }>('/care/engineers');
}

/** POST /care/my-requests: a customer books a visit for themselves. */
export async function bookCareVisit(booking: CareBooking): Promise<CareRequest> {
  return request<CareRequest>('/care/my-requests', { method: 'POST', body: booking });
}

/** GET /care/my-requests: the signed-in user's own bookings. */
export async function myCareRequests(): Promise<{ items: CareRequest[] }> {
  return request<{ items: CareRequest[] }>('/care/my-requests');
}

// --- IT education (care, issue 16) --------------------------------------------------------

export interface CareCourse {
  id: string;
  program: string;
  title: string;
  summary: string;
  language: string;
  goals: string[];
  capacity: number;
  created_at: string;
  sessions?: CareSession[];
  enrolled?: number;
}

export interface CareSession {
  id: string;
  course_id: string;
  starts_at: string;
  date: string;
  duration_min: number;
  place: 'place' | 'home';
  place_name: string;
  address: string;
  learner_id: string | null;
  instructor_id: string;
  topic: string;
  held_at: string | null;
}

export type CarePresence = 'present' | 'absent' | 'excused';

export interface CareRoster {
  course: CareCourse;
  session: CareSession;
  learners: { learner_id: string; name: string; presence: CarePresence | null; note: string }[];
}

export interface CareCourseProgress {
  course_id: string;
  title: string;
  sessions_planned: number;
  sessions_held: number;
  attended: number;
  goals: { goal: string; reached_at: string | null }[];
  goals_reached: number;
  goals_total: number;
  completed: boolean;
}

export interface CareLearnerProgress {
  learner_id: string;
  name: string;
  courses: CareCourseProgress[];
}

export interface CareMark {
  learner_id: string;
  presence: CarePresence;
  goals_reached: string[];
  note: string;
}

/** GET /care/courses: a manager's programs' courses, or the courses a helper teaches. */
export async function listCareCourses(): Promise<{ items: CareCourse[] }> {
  return request<{ items: CareCourse[] }>('/care/courses');
}

/** GET /care/courses/{id}: the course with its sessions. */
export async function getCareCourse(id: string): Promise<CareCourse> {
  return request<CareCourse>(`/care/courses/${encodeURIComponent(id)}`);
}

/** GET /care/courses/{id}/progress: each enrolled learner's progress (an audited read). */
export async function getCareCourseProgress(id: string): Promise<{ items: CareLearnerProgress[] }> {
  return request<{ items: CareLearnerProgress[] }>(`/care/courses/${encodeURIComponent(id)}/progress`);
}

/** GET /care/sessions/{id}: the roster (an audited read). */
export async function getCareRoster(id: string): Promise<CareRoster> {
  return request<CareRoster>(`/care/sessions/${encodeURIComponent(id)}`);
}

/** POST /care/sessions/{id}/attendance: the instructor's marks; the roster after. */
export async function takeCareAttendance(id: string, items: CareMark[]): Promise<CareRoster> {
  return request<CareRoster>(`/care/sessions/${encodeURIComponent(id)}/attendance`, { method: 'POST', body: { items } });
}
