// An API session of one demo user for the browser tests' setup: logs in through the API and
// attaches the CSRF token. `post` checks the status (201 unless told) and answers the JSON.
import assert from 'node:assert/strict';

export const kDemoPassword = 'sangsaeng-demo';

/** { get, post, close } for `email` against the server at `baseUrl`, in a new context of `browser`. */
export async function apiSession(browser, baseUrl, email) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const login = await context.request.post('/api/v1/auth/login', { data: { email, password: kDemoPassword } });
  assert.equal(login.status(), 200, await login.text());
  const csrf = (await login.json()).csrf_token;
  const expectOk = async (response, status) => {
    assert.equal(response.status(), status, await response.text());
    return response.json();
  };
  const headers = (extra = {}) => ({ 'X-CSRF-Token': csrf, ...extra });
  return {
    get: async (path) => expectOk(await context.request.get(path), 200),
    post: async (path, data, status = 201, extra = {}) =>
      expectOk(await context.request.post(path, { data, headers: headers(extra) }), status),
    close: () => context.close(),
  };
}
