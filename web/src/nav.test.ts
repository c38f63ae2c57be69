import { describe, expect, it } from 'vitest';
import type { RoleGrant, User } from './api/client';
import { decideAccess, hasRole, kScreens, screenFor, visibleNav } from './nav';

function user(...roles: RoleGrant[]): User {
  return { id: '1', email: 'x@sangsaeng.test', display_name: 'X', org: { id: '1', name: 'Org' }, roles };
}

const paths = (u: User | null) => visibleNav(u).map((row) => row.path);

describe('navigation table', () => {
  it('shows home and log-in to visitors', () => {
    expect(paths(null)).toEqual(['/', '/market', '/live', '/performances', '/neighbourhood', '/login']);
  });

  it('shows the audit log and the books to admins and auditors only', () => {
    expect(paths(user({ role: 'admin', program: null }))).toEqual([
      '/',
      '/account',
      '/audit',
      '/books',
      '/market',
      '/market/plan',
      '/market/products',
      '/market/campaigns',
      '/market/shipping',
      '/outages',
      '/care/education',
      '/transparency/reconciliation',
      '/live',
      '/performances',
      '/neighbourhood',
      '/neighbourhood/redeem',
      '/volunteer',
      '/volunteer/manage',
      '/care/dispatch',
      '/credit/partners',
      '/credit/settlements',
    ]);
    expect(paths(user({ role: 'auditor', program: null }))).toEqual([
      '/',
      '/account',
      '/audit',
      '/books',
      '/market',
      '/outages',
      '/transparency/reconciliation',
      '/live',
      '/performances',
      '/neighbourhood',
      '/credit/partners',
      '/credit/settlements',
    ]);
    expect(paths(user({ role: 'customer', program: null }))).toEqual(['/', '/account', '/market', '/market/orders', '/my-outages', '/live', '/performances', '/neighbourhood', '/grants', '/care/request', '/credit']);
  });

  it('shows the offers to everyone and the counter page to merchants and the alley manager', () => {
    expect(paths(null)).toContain('/neighbourhood');
    expect(paths(user({ role: 'merchant', program: null }))).toContain('/neighbourhood/redeem');
    expect(paths(user({ role: 'manager', program: 'alley' }))).toContain('/neighbourhood/redeem');
    expect(paths(user({ role: 'manager', program: 'market' }))).not.toContain('/neighbourhood/redeem');
    expect(paths(user({ role: 'customer', program: null }))).not.toContain('/neighbourhood/redeem');
  });

  it("shows the credit's pages to its customers and to the program's staff only", () => {
    expect(paths(user({ role: 'manager', program: 'credit' }))).toEqual(['/', '/account', '/market', '/live', '/performances', '/neighbourhood', '/credit/partners', '/credit/settlements']);
    expect(paths(user({ role: 'manager', program: 'market' }))).not.toContain('/credit/settlements');
    expect(decideAccess(screenFor('/credit/causes')!.access, user({ role: 'customer', program: null }))).toBe('allow');
    expect(decideAccess(screenFor('/credit/causes')!.access, null)).toBe('login');
  });

  it("shows the volunteer's page to helpers and the corps' manager", () => {
    expect(paths(user({ role: 'helper', program: null }))).toContain('/volunteer');
    expect(paths(user({ role: 'manager', program: 'volunteer' }))).toContain('/volunteer');
    expect(paths(user({ role: 'manager', program: 'market' }))).not.toContain('/volunteer');
    expect(paths(user({ role: 'customer', program: null }))).not.toContain('/volunteer');
  });

  it('shows the market pages to their people', () => {
    expect(paths(user({ role: 'manager', program: 'market' }))).toEqual([
      '/',
      '/account',
      '/market',
      '/market/plan',
      '/market/products',
      '/market/campaigns',
      '/market/shipping',
      '/live',
      '/performances',
      '/neighbourhood',
    ]);
    expect(paths(user({ role: 'manager', program: 'live' }))).toEqual(['/', '/account', '/market', '/live', '/performances', '/neighbourhood']);
    expect(paths(user({ role: 'merchant', program: null }))).toEqual([
      '/',
      '/account',
      '/market',
      '/market/products',
      '/market/shipping',
      '/live',
      '/performances',
      '/neighbourhood',
      '/neighbourhood/redeem',
    ]);
    const live = kScreens.find((row) => row.path === '/market/drops/:id/live')!;
    expect(decideAccess(live.access, user({ role: 'customer', program: null }))).toBe('forbidden');
    expect(decideAccess(live.access, user({ role: 'auditor', program: null }))).toBe('allow');
  });

  it('shows the outage pages to their people: manager and admin change, auditor reads', () => {
    const outageManager = user({ role: 'manager', program: 'outage' });
    expect(paths(outageManager)).toEqual(['/', '/account', '/market', '/outages', '/live', '/performances', '/neighbourhood']);
    const report = screenFor('/outages/new')!;
    expect(decideAccess(report.access, outageManager)).toBe('allow');
    expect(decideAccess(report.access, user({ role: 'auditor', program: null }))).toBe('forbidden');
    expect(decideAccess(report.access, user({ role: 'manager', program: 'market' }))).toBe('forbidden');
    expect(decideAccess(screenFor('/outages/terms')!.access, null)).toBe('allow');
    // The fixed paths come before /outages/:id, so the router does not read "new" as an id.
    const order = kScreens.map((row) => row.path);
    expect(order.indexOf('/outages/new')).toBeLessThan(order.indexOf('/outages/:id'));
    expect(order.indexOf('/outages/terms')).toBeLessThan(order.indexOf('/outages/:id'));
  });

  it('shows the live schedule and the performances to everyone, the control page to managers', () => {
    expect(decideAccess(screenFor('/live')!.access, null)).toBe('allow');
    expect(decideAccess(screenFor('/performances')!.access, null)).toBe('allow');
    const control = kScreens.find((row) => row.path === '/live/:id/control')!;
    expect(decideAccess(control.access, null)).toBe('login');
    expect(decideAccess(control.access, user({ role: 'customer', program: null }))).toBe('forbidden');
    expect(decideAccess(control.access, user({ role: 'manager', program: 'events' }))).toBe('allow');
    const order = kScreens.map((row) => row.path);
    expect(order.indexOf('/live/:id')).toBeLessThan(order.indexOf('/live/:id/control'));
  });

  it('shows the grant review to the hearing program\'s reviewers only; the fund page to all', () => {
    expect(paths(user({ role: 'manager', program: 'hearing' }))).toEqual(['/', '/account', '/market', '/live', '/performances', '/neighbourhood', '/grants/review']);
    const review = screenFor('/grants/review')!;
    expect(decideAccess(review.access, user({ role: 'manager', program: 'market' }))).toBe('forbidden');
    expect(decideAccess(screenFor('/funds/art-hall')!.access, null)).toBe('allow');
    const order = kScreens.map((row) => row.path);
    expect(order.indexOf('/grants/review')).toBeLessThan(order.indexOf('/grants/:id'));
  });

  it('shows the dispatch board to care managers, the day to helpers, the booking form to customers', () => {
    const care = user({ role: 'manager', program: 'it-support' }, { role: 'manager', program: 'female-tech' });
    expect(paths(care)).toContain('/care/dispatch');
    expect(paths(user({ role: 'manager', program: 'market' }))).not.toContain('/care/dispatch');
    expect(paths(user({ role: 'helper', program: null }))).toContain('/care/today');
    expect(paths(user({ role: 'customer', program: null }))).not.toContain('/care/today');
    expect(decideAccess(screenFor('/care/request')!.access, null)).toBe('login');
  });

  it('decides access: login, forbidden, already signed in', () => {
    const audit = screenFor('/audit')!;
    expect(decideAccess(audit.access, null)).toBe('login');
    expect(decideAccess(audit.access, user({ role: 'merchant', program: null }))).toBe('forbidden');
    expect(decideAccess(screenFor('/login')!.access, user({ role: 'customer', program: null }))).toBe(
      'already-signed-in',
    );
    expect(decideAccess(screenFor('/account/')!.access, null)).toBe('login');
  });

  it('scopes program roles to their program', () => {
    const manager = user({ role: 'manager', program: 'market' });
    expect(hasRole(manager, 'manager', 'market')).toBe(true);
    expect(hasRole(manager, 'manager', 'live')).toBe(false);
    expect(hasRole(user({ role: 'admin', program: null }), 'admin', 'live')).toBe(true);
    expect(decideAccess({ kind: 'roles', roles: ['manager'], program: 'live' }, manager)).toBe('forbidden');
  });

  it('has unique paths', () => {
    const all = kScreens.map((row) => row.path);
    expect(new Set(all).size).toBe(all.length);
  });
});
