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
  // Care and dispatch ("it-support", "internet-doctor", "female-tech").
  manage_care,       // helpers, people, requests, plans: a care program's manager, admin
  read_care_person,  // a person's record: care managers, admin, helpers (care decides whose)
  visit_care,        // a helper's own day, check-in and check-out: helper
};

std::string_view to_string(Action action);

// True if `principal` may perform `action` (on `program`, for per-program actions).
// REQUIRES: principal != nullptr unless action == Action::public_read.
bool allowed(const Principal* principal, Action action, std::string_view program = {});

}  // namespace sangsaeng::accounts
