// The one place that decides who may do what. Every API route names an Action; the route
// guard asks allowed() before the handler runs. tests/api walks the role x route matrix.
#pragma once

#include <string_view>

#include "accounts/types.h"

namespace sangsaeng::accounts {

enum class Action {
  public_read,     // anyone, signed in or not (programs, transparency, health)
  signed_in,       // any signed-in user, for things about themselves (me, log-out, password)
  read_audit,      // the audit log: admin, auditor
  read_users,      // the user list: admin, auditor
  manage_users,    // create users, grant roles: admin
  manage_orgs,     // create organisations: admin
  manage_tokens,   // create, list and revoke API tokens: admin
  update_program,  // change a program's status and dates: admin, that program's manager
  read_books,      // the ledger, read-only: admin, auditor (owners see their own accounts)
  write_books,     // create ledger transfers and accounts: admin (and services by token)
  // The community market ("market" program).
  add_products,        // merchant (its own organisation's), the market's manager, admin
  manage_market,       // plan drops and seasons: the market's manager, admin
  buy,                 // order from a drop: customer
  read_market_orders,  // every order of a drop: the market's manager, admin, auditor
  fulfil_orders,       // pack, ship, deliver, label files: merchant (its own), manager, admin
  refund_orders,       // refund a paid order: its buyer, its merchant, the manager, admin
  // Outage compensation ("outage" program).
  manage_outages,  // import lines, report and correct outages, add terms: its manager, admin
  read_outages,    // outages, their lines and compensations: its manager, admin, auditor
  // Public figures (transparency). The pages themselves are public_read.
  reconcile_figures,  // every public figure recomputed, ledger against records: admin, auditor
  // Live events and free performances ("live", "events", "performances" programs).
  run_live_events,      // schedule, go live, pin, moderate: a manager of any of the three
                        // programs, admin (which events: the program of the event's kind)
  manage_performances,  // partners, titles and line-ups: the performances' manager, admin
  // Volunteer corps ("volunteer" program). Signing up, withdrawing and one's own page and
  // certificate are signed_in (the domain checks that the person is an employee).
  manage_volunteer,      // teams, facilities, the grant rule and budget: its manager, admin
  lead_volunteers,       // a team's activities, members, attendance: helper (the domain checks
                         // they lead that team), its manager, admin
  read_volunteer_hours,  // hours reports and grants: its manager, admin, auditor, helper (the
                         // handler limits a helper to the teams they lead)
  see_volunteer_corps,   // the lists of teams and facilities: its manager, admin, auditor, helper
                         // (a volunteer); a facility's contact only to its manager, admins and
                         // team leaders (the handler leaves it out for the others)
  // The art hall fund ("art-hall") and hearing-support grants ("hearing").
  credit_fund,      // post the hall's revenue to its fund: the art hall's manager, admin
  apply_for_grant,  // upload a report, apply, read one's own: any signed-in user (a guardian)
  // Applications with the children's personal and medical data, and their steps: the hearing
  // program's managers (its reviewers) only; not admins or auditors, who read counts and books.
  review_grants,
  // Happiness credit ("credit" program). A partner shop's purchase reports are public_read
  // here: the handler checks the partner's signature (giving/signature.h) instead.
  manage_credit_partners,  // add partner shops, their rates and keys: admin
  read_credit,    // partners, refused partner requests, settlements: manager, admin, auditor
  manage_credit,  // causes, settlements: the program's manager, admin
  // Matching campaigns and their budgets (giving/campaigns.h): the credit program's manager, the
  // market's manager (whose drops name a campaign), admin.
  manage_campaigns,
  // Care and dispatch ("it-support", "internet-doctor", "female-tech").
  manage_care,       // helpers, people, requests, plans: a care program's manager, admin
  read_care_person,  // a person's record: care managers, admin, helpers (care decides whose)
  visit_care,        // a helper's own day, check-in and check-out: helper
  // Neighbourhood membership ("alley"). Offers near a point and prize draws are public_read.
  manage_alley,        // neighbourhoods, member shops, prize events and draws: its manager, admin
  run_alley_shop,      // publish offers, redeem codes: merchant (its own shop; the domain
                       // checks), the program's manager, admin
  join_alley,          // take a one-time code, enter a prize event: customer (a member)
  read_alley_reports,  // redemptions per shop and offer: manager, admin, auditor, merchant (own)
  request_care,        // book a visit for oneself, read one's own bookings: any signed-in user
};

std::string_view to_string(Action action);

// True if `principal` may perform `action` (on `program`, for per-program actions).
// REQUIRES: principal != nullptr unless action == Action::public_read.
bool allowed(const Principal* principal, Action action, std::string_view program = {});

}  // namespace sangsaeng::accounts
