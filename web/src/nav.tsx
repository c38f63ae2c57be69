// The screen table: one row per page, with who may open it and whether it shows in the
// navigation. A program that adds pages adds rows here; the router, the navigation bar and the
// access checks all read this table and nothing else.
import type { ComponentType } from 'preact';
import type { Role, User } from './api/client';
import type { MessageKey } from './i18n';
import { AccountScreen } from './screens/Account';
import { AuditScreen } from './screens/Audit';
import { BooksScreen } from './screens/Books';
import { HomeScreen } from './screens/Home';
import { LoginScreen } from './screens/Login';
import { SignupScreen } from './screens/Signup';
import { MarketScreen } from './screens/Market';
import { MarketDropScreen } from './screens/MarketDrop';
import { MarketLiveScreen } from './screens/MarketLive';
import { MarketOrdersScreen } from './screens/MarketOrders';
import { MarketPlanScreen } from './screens/MarketPlan';
import { MarketProductsScreen } from './screens/MarketProducts';
import { MarketShippingScreen } from './screens/MarketShipping';
import { MyOutagesScreen } from './screens/MyOutages';
import { OutageDetailScreen } from './screens/OutageDetail';
import { OutageReportScreen } from './screens/OutageReport';
import { OutagesScreen } from './screens/Outages';
import { OutageTermsScreen } from './screens/OutageTerms';
import { PublicCauseScreen, PublicProgramScreen } from './screens/PublicFigures';
import { ReconciliationScreen } from './screens/Reconciliation';
import { LiveScreen } from './screens/Live';
import { LiveControlScreen } from './screens/LiveControl';
import { LiveEventScreen } from './screens/LiveEvent';
import { PerformancesScreen } from './screens/Performances';
import { VolunteerScreen } from './screens/Volunteer';
import { VolunteerActivityScreen } from './screens/VolunteerActivity';
import { VolunteerManageScreen } from './screens/VolunteerManage';
import { GrantCaseScreen } from './screens/GrantCase';
import { GrantFundScreen } from './screens/GrantFund';
import { GrantQueueScreen } from './screens/GrantQueue';
import { MyGrantsScreen } from './screens/MyGrants';
import { NeighbourhoodOffersScreen } from './screens/NeighbourhoodOffers';
import { NeighbourhoodRedeemScreen } from './screens/NeighbourhoodRedeem';
import { CareDispatchScreen } from './screens/CareDispatch';
import { CareMyDayScreen } from './screens/CareMyDay';
import { CareRequestFormScreen } from './screens/CareRequestForm';
import { CreditPartnersScreen } from './screens/CreditPartners';
import { CreditSettlementsScreen } from './screens/CreditSettlements';
import { MyCausesScreen } from './screens/MyCauses';
import { MyCreditScreen } from './screens/MyCredit';
import { CareCourseScreen, CareCoursesScreen, CareSessionScreen } from './screens/CareEducation';
import { CampaignsScreen } from './screens/Campaigns';

/** Who may open a screen. */
export type Access =
  /** Everyone, logged in or not (the public pages). */
  | { kind: 'public' }
  /** Only visitors who are not logged in (the log-in page). */
  | { kind: 'anonymous' }
  /** Any logged-in user. */
  | { kind: 'signed-in' }
  /**
   * Users holding one of the roles. With `program`, a program-scoped grant must be for that
   * program (a manager of "market" opens market pages, not another program's); global grants
   * (program null) count for every program.
   */
  | { kind: 'roles'; roles: readonly Role[]; program?: string };

export interface ScreenRow {
  /** A preact-iso pattern: "/market/drops/:id" passes `id` to the screen (useRoute). */
  path: string;
  label: MessageKey;
  access: Access;
  /** Shown in the navigation bar (to those who may open it). */
  inNav: boolean;
  screen: ComponentType;
}

export const kScreens: readonly ScreenRow[] = [
  { path: '/', label: 'nav.home', access: { kind: 'public' }, inNav: true, screen: HomeScreen },
  { path: '/account', label: 'nav.account', access: { kind: 'signed-in' }, inNav: true, screen: AccountScreen },
  {
    path: '/audit',
    label: 'nav.audit',
    access: { kind: 'roles', roles: ['admin', 'auditor'] },
    inNav: true,
    screen: AuditScreen,
  },
  {
    path: '/books',
    label: 'nav.books',
    access: { kind: 'roles', roles: ['admin', 'auditor'] },
    inNav: true,
    screen: BooksScreen,
  },
  // Community market (issue 15).
  { path: '/market', label: 'nav.market', access: { kind: 'public' }, inNav: true, screen: MarketScreen },
  { path: '/market/drops/:id', label: 'nav.market', access: { kind: 'public' }, inNav: false, screen: MarketDropScreen },
  {
    path: '/market/drops/:id/live',
    label: 'market.live_link',
    access: { kind: 'roles', roles: ['manager', 'admin', 'auditor'], program: 'market' },
    inNav: false,
    screen: MarketLiveScreen,
  },
  {
    path: '/market/orders',
    label: 'nav.market_orders',
    access: { kind: 'roles', roles: ['customer'] },
    inNav: true,
    screen: MarketOrdersScreen,
  },
  {
    path: '/market/plan',
    label: 'nav.market_plan',
    access: { kind: 'roles', roles: ['manager', 'admin'], program: 'market' },
    inNav: true,
    screen: MarketPlanScreen,
  },
  {
    path: '/market/products',
    label: 'nav.market_products',
    access: { kind: 'roles', roles: ['merchant', 'manager', 'admin'], program: 'market' },
    inNav: true,
    screen: MarketProductsScreen,
  },
  // Matching campaigns and budgets, merchants' verification (the market's giving).
  {
    path: '/market/campaigns',
    label: 'nav.campaigns',
    access: { kind: 'roles', roles: ['manager', 'admin'], program: 'market' },
    inNav: true,
    screen: CampaignsScreen,
  },
  {
    path: '/market/shipping',
    label: 'nav.market_shipping',
    access: { kind: 'roles', roles: ['merchant', 'manager', 'admin'], program: 'market' },
    inNav: true,
    screen: MarketShippingScreen,
  },
  // Outage compensation (issue 18). The fixed paths come before /outages/:id.
  {
    path: '/outages',
    label: 'nav.outages',
    access: { kind: 'roles', roles: ['manager', 'admin', 'auditor'], program: 'outage' },
    inNav: true,
    screen: OutagesScreen,
  },
  {
    path: '/outages/new',
    label: 'outage.report.title',
    access: { kind: 'roles', roles: ['manager', 'admin'], program: 'outage' },
    inNav: false,
    screen: OutageReportScreen,
  },
  // The terms are public (GET /outage/terms is); linked from the outages and the customer's page.
  { path: '/outages/terms', label: 'outage.terms.title', access: { kind: 'public' }, inNav: false, screen: OutageTermsScreen },
  {
    path: '/outages/:id',
    label: 'outage.detail_title',
    access: { kind: 'roles', roles: ['manager', 'admin', 'auditor'], program: 'outage' },
    inNav: false,
    screen: OutageDetailScreen,
  },
  {
    path: '/my-outages',
    label: 'nav.my_outages',
    access: { kind: 'roles', roles: ['customer'] },
    inNav: true,
    screen: MyOutagesScreen,
  },
  // IT education (issue 16): courses, a course's progress, a session's attendance.
  {
    path: '/care/education',
    label: 'nav.education',
    access: { kind: 'roles', roles: ['helper', 'manager', 'admin'], program: 'it-support' },
    inNav: true,
    screen: CareCoursesScreen,
  },
  {
    path: '/care/education/courses/:id',
    label: 'education.title',
    access: { kind: 'roles', roles: ['helper', 'manager', 'admin'], program: 'it-support' },
    inNav: false,
    screen: CareCourseScreen,
  },
  {
    path: '/care/education/sessions/:id',
    label: 'education.attendance',
    access: { kind: 'roles', roles: ['helper', 'manager', 'admin'], program: 'it-support' },
    inNav: false,
    screen: CareSessionScreen,
  },
  // Public figures (transparency): a page per program (linked from the home page's cards) and per
  // cause (linked from the program pages).
  { path: '/transparency/programs/:slug', label: 'figures.nav', access: { kind: 'public' }, inNav: false, screen: PublicProgramScreen },
  { path: '/transparency/causes/:id', label: 'figures.nav', access: { kind: 'public' }, inNav: false, screen: PublicCauseScreen },
  {
    path: '/transparency/reconciliation',
    label: 'figures.reconciliation.nav',
    access: { kind: 'roles', roles: ['admin', 'auditor'] },
    inNav: true,
    screen: ReconciliationScreen,
  },
  // Live events and free performances (issue 20). The control page's program check is the
  // event's (a manager of live, events or performances runs their own kind).
  { path: '/live', label: 'nav.live', access: { kind: 'public' }, inNav: true, screen: LiveScreen },
  { path: '/live/:id', label: 'nav.live', access: { kind: 'public' }, inNav: false, screen: LiveEventScreen },
  {
    path: '/live/:id/control',
    label: 'live.control_title',
    access: { kind: 'roles', roles: ['manager', 'admin'] },
    inNav: false,
    screen: LiveControlScreen,
  },
  { path: '/performances', label: 'nav.performances', access: { kind: 'public' }, inNav: true, screen: PerformancesScreen },
  // Neighbourhood membership (issue 20): offers around the member (public; members take codes),
  // and the shop's counter page (a merchant redeems its own codes; the program's manager any).
  { path: '/neighbourhood', label: 'nav.neighbourhood', access: { kind: 'public' }, inNav: true, screen: NeighbourhoodOffersScreen },
  {
    path: '/neighbourhood/redeem',
    label: 'nb.redeem_title',
    access: { kind: 'roles', roles: ['merchant', 'admin', 'manager'], program: 'alley' },
    inNav: true,
    screen: NeighbourhoodRedeemScreen,
  },
  // Volunteer corps (issue 19): an employee's page and an activity (sign-up; attendance for its
  // team's leader). Volunteers and leaders are helpers; the server checks who is an employee.
  {
    path: '/volunteer',
    label: 'nav.volunteer',
    access: { kind: 'roles', roles: ['helper', 'manager', 'admin'], program: 'volunteer' },
    inNav: true,
    screen: VolunteerScreen,
  },
  {
    path: '/volunteer/activities/:id',
    label: 'volunteer.activity',
    access: { kind: 'roles', roles: ['helper', 'manager', 'admin'], program: 'volunteer' },
    inNav: false,
    screen: VolunteerActivityScreen,
  },
  // The corps' manager: teams, facilities, activities, the hours report and the grants.
  {
    path: '/volunteer/manage',
    label: 'nav.volunteer_manage',
    access: { kind: 'roles', roles: ['manager', 'admin'], program: 'volunteer' },
    inNav: true,
    screen: VolunteerManageScreen,
  },
  // The art hall fund (public) and hearing-support grants (issue 19). Cases are the applicant's
  // own or the reviewers' (the server answers 404 to anyone else).
  // The fund page is linked from the grants pages rather than the bar.
  { path: '/funds/art-hall', label: 'nav.grant_fund', access: { kind: 'public' }, inNav: false, screen: GrantFundScreen },
  { path: '/grants', label: 'nav.my_grants', access: { kind: 'roles', roles: ['customer'] }, inNav: true, screen: MyGrantsScreen },
  {
    path: '/grants/review',
    label: 'nav.grant_queue',
    access: { kind: 'roles', roles: ['manager'], program: 'hearing' },
    inNav: true,
    screen: GrantQueueScreen,
  },
  { path: '/grants/:id', label: 'grants.case.title', access: { kind: 'signed-in' }, inNav: false, screen: GrantCaseScreen },
  // Care and dispatch (issue 16): the dispatcher's board (a care program's manager; the demo's
  // manages all three), the helper's day on a phone, a customer's booking (the API takes a
  // booking from anyone signed in; the page is in the customers' menu).
  {
    path: '/care/dispatch',
    label: 'nav.care_board',
    access: { kind: 'roles', roles: ['manager', 'admin'], program: 'it-support' },
    inNav: true,
    screen: CareDispatchScreen,
  },
  { path: '/care/today', label: 'nav.care_day', access: { kind: 'roles', roles: ['helper'] }, inNav: true, screen: CareMyDayScreen },
  { path: '/care/request', label: 'nav.care_request', access: { kind: 'roles', roles: ['customer'] }, inNav: true, screen: CareRequestFormScreen },
  // Happiness credit (issue 17): a customer's credit and causes; the program's partner shops and
  // settlements (its manager and admins act, auditors read).
  { path: '/credit', label: 'nav.credit', access: { kind: 'roles', roles: ['customer'] }, inNav: true, screen: MyCreditScreen },
  { path: '/credit/causes', label: 'giving.causes.title', access: { kind: 'roles', roles: ['customer'] }, inNav: false, screen: MyCausesScreen },
  {
    path: '/credit/partners',
    label: 'nav.credit_partners',
    access: { kind: 'roles', roles: ['manager', 'admin', 'auditor'], program: 'credit' },
    inNav: true,
    screen: CreditPartnersScreen,
  },
  {
    path: '/credit/settlements',
    label: 'nav.credit_settlements',
    access: { kind: 'roles', roles: ['manager', 'admin', 'auditor'], program: 'credit' },
    inNav: true,
    screen: CreditSettlementsScreen,
  },
  { path: '/login', label: 'nav.login', access: { kind: 'anonymous' }, inNav: true, screen: LoginScreen },
  { path: '/signup', label: 'signup.title', access: { kind: 'anonymous' }, inNav: false, screen: SignupScreen },
];

/** True when the user holds `role`, globally or (when given) for `program`. */
export function hasRole(user: User | null, role: Role, program?: string): boolean {
  if (!user) return false;
  return user.roles.some(
    (grant) =>
      grant.role === role && (program === undefined || !grant.program || grant.program === program),
  );
}

export type AccessDecision = 'allow' | 'login' | 'forbidden' | 'already-signed-in';

/** Decides whether `user` (null when logged out) may open a screen with `access`. */
export function decideAccess(access: Access, user: User | null): AccessDecision {
  switch (access.kind) {
    case 'public':
      return 'allow';
    case 'anonymous':
      return user ? 'already-signed-in' : 'allow';
    case 'signed-in':
      return user ? 'allow' : 'login';
    case 'roles':
      if (!user) return 'login';
      return access.roles.some((role) => hasRole(user, role, access.program)) ? 'allow' : 'forbidden';
  }
}

/** The rows to show in the navigation bar for this user, in table order. */
export function visibleNav(user: User | null, screens: readonly ScreenRow[] = kScreens): ScreenRow[] {
  return screens.filter((row) => row.inNav && decideAccess(row.access, user) === 'allow');
}

/** The row for a path, if any (exact match; the table has no parameters yet). */
export function screenFor(path: string, screens: readonly ScreenRow[] = kScreens): ScreenRow | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return screens.find((row) => row.path === normalized);
}
