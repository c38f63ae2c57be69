// Product photos in the client: the file goes as the body with its own type (not JSON), with the
// CSRF token; the server's refusals become the sentences the merchant's screen shows.
import { afterEach, describe, expect, it } from 'vitest';
import { photoProblemKey } from '../screens/MarketProducts';
import { ApiProblem, deleteProductPhoto, setTransport, uploadProductPhoto } from './client';

interface Call {
  url: string;
  init: RequestInit;
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

const photo = {
  id: '5',
  product_id: '7',
  position: 1,
  width: 1200,
  height: 800,
  url: '/api/v1/uploads/aa',
  thumbnail_url: '/api/v1/uploads/bb',
  created_at: '2026-12-02T10:00:00+09:00',
};

const problem = (slug: string, status: number) =>
  new ApiProblem({ type: `https://sangsaeng.kr/problems/${slug}`, title: slug, status });

afterEach(() => setTransport());

describe('product photos', () => {
  it('uploads the file itself with its type and the CSRF token', async () => {
    const calls = install([new Response(JSON.stringify(photo), { status: 201, headers: { 'Content-Type': 'application/json' } })]);
    const file = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });
    const added = await uploadProductPhoto('7', file);
    expect(added.url).toBe('/api/v1/uploads/aa');
    expect(calls[0].url).toBe('/api/v1/market/products/7/photos');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.body).toBe(file);
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('image/jpeg');
    expect(headers['X-CSRF-Token']).toBe('tok');
  });

  it('deletes a photo of a product', async () => {
    const calls = install([new Response(null, { status: 204 })]);
    await deleteProductPhoto('7', '5');
    expect(calls[0].url).toBe('/api/v1/market/products/7/photos/5');
    expect(calls[0].init.method).toBe('DELETE');
  });

  it('says what was wrong with a refused photo', () => {
    expect(photoProblemKey(problem('unsupported-media-type', 415))).toBe('market.photos.wrong_type');
    expect(photoProblemKey(problem('body-too-large', 413))).toBe('market.photos.too_large');
    expect(photoProblemKey(problem('bad-image', 422))).toBe('market.photos.bad_image');
    expect(photoProblemKey(problem('too-many-photos', 409))).toBe('market.photos.too_many');
    expect(photoProblemKey(problem('forbidden', 403))).toBeNull();
  });
});
