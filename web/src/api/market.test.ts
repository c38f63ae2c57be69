// The market calls of the client, with a recorded fetch: paths, bodies, the Idempotency-Key
// header, CSRF on unsafe methods, and the problems a purchase can meet.
import { afterEach, describe, expect, it } from 'vitest';
import {
  advanceMarketOrder,
  ApiProblem,
  buyDrop,
  cancelMarketOrder,
  createMarketDrop,
  createMarketProduct,
  getMarketDrop,
  listDropOrders,
  listMarketDrops,
  listMerchantOrders,
  listMyMarketOrders,
  merchantLabelsUrl,
  payMarketOrder,
  refundMarketOrder,
  setTransport,
} from './client';

interface Call {
  url: string;
  init: RequestInit;
}

function respond(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const h = new Headers(headers);
  if (!h.has('Content-Type')) h.set('Content-Type', status >= 400 ? 'application/problem+json' : 'application/json');
  return new Response(JSON.stringify(body), { status, headers: h });
}

function install(responses: Response[]): Call[] {
  const calls: Call[] = [];
  setTransport({
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      const next = responses.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    },
    cookies: () => 'ss_csrf=tok',
  });
  return calls;
}

const headersOf = (call: Call) => call.init.headers as Record<string, string>;
const shipTo = {
  recipient: '김하늘',
  phone: '010-1234-5678',
  postal_code: '03154',
  address1: '서울 종로구 세종대로 175',
  address2: '3층',
};
const order = { id: '9', drop_id: '7', buyer_id: '3', units: 2, amount_won: 29800, status: 'held', pay_by: '2026-12-02T10:10:00+09:00' };

afterEach(() => setTransport());

describe('market client', () => {
  it('buys with the Idempotency-Key header, the units in the body and the CSRF token', async () => {
    const calls = install([respond(201, order)]);
    const placed = await buyDrop('7', 2, 'key-1');
    expect(placed.status).toBe('held');
    expect(calls[0].url).toBe('/api/v1/market/drops/7/orders');
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ units: 2 });
    expect(headersOf(calls[0])['Idempotency-Key']).toBe('key-1');
    expect(headersOf(calls[0])['X-CSRF-Token']).toBe('tok');
    expect(headersOf(calls[0])['Accept']).toContain('application/json');
  });

  it('turns refusals into problems with their slug and Retry-After', async () => {
    install([
      respond(409, { type: 'https://sangsaeng.kr/problems/sold-out', title: 'Sold out', status: 409 }),
      respond(503, { type: 'https://sangsaeng.kr/problems/drop-busy', title: 'Busy', status: 503 }, { 'Retry-After': '2' }),
    ]);
    const soldOut = (await buyDrop('7', 1, 'k').catch((e: unknown) => e)) as ApiProblem;
    expect(soldOut.slug).toBe('sold-out');
    const busy = (await buyDrop('7', 1, 'k').catch((e: unknown) => e)) as ApiProblem;
    expect(busy.slug).toBe('drop-busy');
    expect(busy.retryAfterSeconds).toBe(2);
  });

  it('lists drops and orders with cursor and limit, and reads one drop', async () => {
    const page = { items: [], next_cursor: null };
    const calls = install([respond(200, page), respond(200, page), respond(200, page), respond(200, { id: '7' })]);
    await listMarketDrops({ cursor: 'c1', limit: 50 });
    await listDropOrders('7', { cursor: 'c2', limit: 20 });
    await listMyMarketOrders();
    await getMarketDrop('7');
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/market/drops?cursor=c1&limit=50',
      '/api/v1/market/drops/7/orders?cursor=c2&limit=20',
      '/api/v1/market/orders',
      '/api/v1/market/drops/7',
    ]);
    expect(calls.every((c) => headersOf(c)['X-CSRF-Token'] === undefined)).toBe(true);
  });

  it('creates products and drops and cancels an order by POST', async () => {
    const calls = install([respond(201, { id: '5' }), respond(201, { id: '7' }), respond(200, { ...order, status: 'cancelled' })]);
    await createMarketProduct({ name: '사과', price_won: 14900, market_price_won: 29800 });
    await createMarketDrop({
      product_id: '5',
      opens_at: '2026-12-02T10:00:00+09:00',
      closes_at: '2026-12-02T18:00:00+09:00',
      quantity: 2000,
      per_buyer_limit: 2,
      price_won: 14900,
      market_price_won: 29800,
    });
    const cancelled = await cancelMarketOrder('9');
    expect(cancelled.status).toBe('cancelled');
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ['POST', '/api/v1/market/products'],
      ['POST', '/api/v1/market/drops'],
      ['POST', '/api/v1/market/orders/9/cancel'],
    ]);
    expect(JSON.parse(String(calls[1].init.body)).opens_at).toBe('2026-12-02T10:00:00+09:00');
    expect(headersOf(calls[2])['Idempotency-Key']).toBeUndefined();
  });

  it('pays a held order with the method token and the address, and reads a declined payment', async () => {
    const calls = install([
      respond(409, { type: 'https://sangsaeng.kr/problems/payment-declined', title: 'Declined', status: 409 }),
      respond(200, { ...order, status: 'paid' }),
    ]);
    const declined = (await payMarketOrder('9', 'sandbox-decline', shipTo).catch((e: unknown) => e)) as ApiProblem;
    expect(declined.slug).toBe('payment-declined');
    const paid = await payMarketOrder('9', 'sandbox-approve', shipTo);
    expect(paid.status).toBe('paid');
    expect(calls[1].url).toBe('/api/v1/market/orders/9/pay');
    expect(calls[1].init.method).toBe('POST');
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ method_token: 'sandbox-approve', ship_to: shipTo });
    expect(headersOf(calls[1])['X-CSRF-Token']).toBe('tok');
  });

  it("lists the merchant's orders by drop and status, moves one a step, refunds one", async () => {
    const calls = install([
      respond(200, { items: [], next_cursor: null }),
      respond(200, { ...order, status: 'shipped' }),
      respond(200, { ...order, status: 'refunded' }),
    ]);
    await listMerchantOrders({ dropId: '5', status: 'paid' });
    await advanceMarketOrder('9', 'shipped', { carrier: 'CJ대한통운', tracking_no: '612345678901' });
    await refundMarketOrder('9', '품절');
    expect(calls.map((c) => [c.init.method ?? 'GET', c.url])).toEqual([
      ['GET', '/api/v1/market/merchant/orders?drop_id=5&status=paid'],
      ['POST', '/api/v1/market/orders/9/status'],
      ['POST', '/api/v1/market/orders/9/refund'],
    ]);
    expect(JSON.parse(String(calls[1].init.body))).toEqual({
      status: 'shipped',
      carrier: 'CJ대한통운',
      tracking_no: '612345678901',
    });
    expect(merchantLabelsUrl({ dropId: '5', status: 'paid' })).toBe(
      '/api/v1/market/merchant/orders.csv?drop_id=5&status=paid',
    );
  });
});
