// Unit tests of the client's transport logic with a recorded fetch (no server, no mock API
// shipped: the stub lives only in this test).
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiProblem,
  changePassword,
  isProblem,
  listAudit,
  listPrograms,
  login,
  logout,
  me,
  moveCareVisit,
  setTransport,
} from './client';

interface Call {
  url: string;
  init: RequestInit;
}

function respond(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const problem = status >= 400;
  const h = new Headers(headers);
  if (body !== undefined && !h.has('Content-Type')) {
    h.set('Content-Type', problem ? 'application/problem+json' : 'application/json');
  }
  return new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: h,
  });
}

function install(responses: Array<Response | Error>, cookies = ''): Call[] {
  const calls: Call[] = [];
  setTransport({
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      const next = responses.shift();
      if (!next) throw new Error('unexpected request');
      if (next instanceof Error) throw next;
      return next;
    },
    cookies: () => cookies,
  });
  return calls;
}

const user = {
  id: '1',
  email: 'admin@sangsaeng.test',
  display_name: 'Admin',
  org: { id: '1', name: 'Org' },
  roles: [{ role: 'admin', program: null }],
};

afterEach(() => setTransport());

describe('api client', () => {
  it('logs in, keeps the CSRF token and sends it on unsafe methods only', async () => {
    const calls = install([
      respond(200, { user, csrf_token: 'tok-1' }),
      respond(200, { items: [], next_cursor: null }),
      respond(204),
    ]);
    const session = await login('admin@sangsaeng.test', 'pw');
    expect(session.user.email).toBe('admin@sangsaeng.test');
    expect(calls[0].url).toBe('/api/v1/auth/login');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ email: 'admin@sangsaeng.test', password: 'pw' });

    await listPrograms();
    const getHeaders = calls[1].init.headers as Record<string, string>;
    expect(getHeaders['X-CSRF-Token']).toBeUndefined();
    expect(calls[1].init.credentials).toBe('same-origin');

    await changePassword('old-password', 'new-password-123');
    const postHeaders = calls[2].init.headers as Record<string, string>;
    expect(postHeaders['X-CSRF-Token']).toBe('tok-1');
    expect(JSON.parse(String(calls[2].init.body))).toEqual({
      current_password: 'old-password',
      new_password: 'new-password-123',
    });
  });

  it('falls back to the ss_csrf cookie when no token is remembered', async () => {
    const calls = install([respond(204)], 'other=1; ss_csrf=cookie-token; x=y');
    await logout();
    expect((calls[0].init.headers as Record<string, string>)['X-CSRF-Token']).toBe('cookie-token');
  });

  it('parses problem+json into ApiProblem with slug and field errors', async () => {
    install([
      respond(422, {
        type: 'https://sangsaeng.kr/problems/validation',
        title: 'Invalid input',
        status: 422,
        errors: [{ field: 'new_password', message: 'too short' }],
      }),
    ]);
    const error = await changePassword('a', 'b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    const problem = error as ApiProblem;
    expect(problem.slug).toBe('validation');
    expect(problem.status).toBe(422);
    expect(problem.fieldError('new_password')).toBe('too short');
    expect(isProblem(problem, 'validation')).toBe(true);
  });

  it('reads Retry-After on 429', async () => {
    install([
      respond(
        429,
        { type: 'https://sangsaeng.kr/problems/rate-limited', title: 'Too many', status: 429 },
        { 'Retry-After': '30' },
      ),
    ]);
    const problem = (await login('a@b.c', 'x').catch((e: unknown) => e)) as ApiProblem;
    expect(problem.slug).toBe('rate-limited');
    expect(problem.retryAfterSeconds).toBe(30);
  });

  it('turns a non-JSON error page and a network failure into ApiProblem', async () => {
    install([respond(502, '<html>bad gateway</html>', { 'Content-Type': 'text/html' }), new TypeError('Failed to fetch')]);
    const bad = (await listPrograms().catch((e: unknown) => e)) as ApiProblem;
    expect(bad).toBeInstanceOf(ApiProblem);
    expect(bad.status).toBe(502);
    const offline = (await listPrograms().catch((e: unknown) => e)) as ApiProblem;
    expect(offline.status).toBe(0);
    expect(offline.slug).toBe('network-error');
  });

  it('me() resolves to null when not logged in', async () => {
    install([
      respond(401, { type: 'https://sangsaeng.kr/problems/unauthenticated', title: 'Log in', status: 401 }),
    ]);
    expect(await me()).toBeNull();
  });

  it('passes cursor and limit to the audit log', async () => {
    const calls = install([respond(200, { items: [], next_cursor: null })]);
    await listAudit({ cursor: 'abc/+=', limit: 50 });
    expect(calls[0].url).toBe('/api/v1/audit?cursor=abc%2F%2B%3D&limit=50');
  });

  it("gives a refused care move's violations as a value, other failures as problems", async () => {
    const violation = { kind: 'female', request_id: '7', helper_id: '3', message_ko: '여성 도우미만 방문할 수 있습니다', message_en: 'Only a female helper may visit' };
    const calls = install([
      respond(422, { type: 'https://sangsaeng.kr/problems/move-refused', title: 'The checker refuses this move', status: 422, violations: [violation] }),
      respond(409, { type: 'https://sangsaeng.kr/problems/plan-published', title: 'Conflict', status: 409 }),
    ]);
    expect(await moveCareVisit('p1', { request_id: '7', helper_id: '3' })).toEqual({ violations: [violation] });
    expect(calls[0].url).toBe('/api/v1/care/plans/p1/moves');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ request_id: '7', helper_id: '3' });
    await expect(moveCareVisit('p1', { request_id: '7', helper_id: null })).rejects.toSatisfy((e: unknown) =>
      isProblem(e, 'plan-published'),
    );
  });
});
