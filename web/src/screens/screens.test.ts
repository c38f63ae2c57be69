import { describe, expect, it } from 'vitest';
import { pageSize } from './Audit';
import { safeNext } from './Login';

describe('safeNext (where log-in goes afterwards)', () => {
  it('follows same-site paths', () => {
    expect(safeNext('/audit')).toBe('/audit');
    expect(safeNext('/audit?limit=2')).toBe('/audit?limit=2');
  });

  it('refuses other sites and loops', () => {
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext('')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example/')).toBe('/');
    expect(safeNext('/login?next=/audit')).toBe('/');
  });
});

describe('audit pageSize', () => {
  it('defaults to 50 and clamps to the server bound', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize('abc')).toBe(50);
    expect(pageSize('2')).toBe(2);
    expect(pageSize('0')).toBe(1);
    expect(pageSize('5000')).toBe(200);
  });
});
