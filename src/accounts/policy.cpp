#include "accounts/policy.h"

#include <cassert>

namespace sangsaeng::accounts {

std::string_view to_string(Action action) {
  switch (action) {
    case Action::public_read:
      return "public_read";
    case Action::signed_in:
      return "signed_in";
    case Action::read_audit:
      return "read_audit";
    case Action::read_users:
      return "read_users";
    case Action::manage_users:
      return "manage_users";
    case Action::manage_orgs:
      return "manage_orgs";
    case Action::manage_tokens:
      return "manage_tokens";
    case Action::update_program:
      return "update_program";
    case Action::read_books:
      return "read_books";
    case Action::write_books:
      return "write_books";
    case Action::add_products:
      return "add_products";
    case Action::manage_market:
      return "manage_market";
    case Action::buy:
      return "buy";
    case Action::read_market_orders:
      return "read_market_orders";
    case Action::fulfil_orders:
      return "fulfil_orders";
    case Action::refund_orders:
      return "refund_orders";
    case Action::manage_outages:
      return "manage_outages";
    case Action::read_outages:
      return "read_outages";
    case Action::reconcile_figures:
      return "reconcile_figures";
    case Action::run_live_events:
      return "run_live_events";
    case Action::manage_performances:
      return "manage_performances";
    case Action::manage_volunteer:
      return "manage_volunteer";
    case Action::lead_volunteers:
      return "lead_volunteers";
    case Action::read_volunteer_hours:
      return "read_volunteer_hours";
    case Action::see_volunteer_corps:
      return "see_volunteer_corps";
    case Action::credit_fund:
      return "credit_fund";
    case Action::apply_for_grant:
      return "apply_for_grant";
    case Action::review_grants:
      return "review_grants";
    case Action::manage_credit_partners:
      return "manage_credit_partners";
    case Action::read_credit:
      return "read_credit";
    case Action::manage_credit:
      return "manage_credit";
    case Action::manage_campaigns:
      return "manage_campaigns";
    case Action::manage_care:
      return "manage_care";
    case Action::read_care_person:
      return "read_care_person";
    case Action::visit_care:
      return "visit_care";
    case Action::manage_alley:
      return "manage_alley";
    case Action::run_alley_shop:
      return "run_alley_shop";
    case Action::join_alley:
      return "join_alley";
    case Action::read_alley_reports:
      return "read_alley_reports";
    case Action::request_care:
      return "request_care";
  }
  return "?";
}

bool allowed(const Principal* p, Action action, std::string_view program) {
  if (action == Action::public_read) return true;
  if (p == nullptr || p->user.disabled) return false;
  switch (action) {
    case Action::public_read:
    case Action::signed_in:
      return true;
    case Action::read_audit:
    case Action::read_users:
    case Action::read_books:
      return p->has(Role::admin) || p->has(Role::auditor);
    case Action::manage_users:
    case Action::manage_orgs:
    case Action::manage_tokens:
    case Action::write_books:
      return p->has(Role::admin);
    case Action::update_program:
      return p->has(Role::admin) || p->manages(program);
    case Action::add_products:
      return p->has(Role::admin) || p->manages("market") || p->has(Role::merchant);
    case Action::manage_market:
      return p->has(Role::admin) || p->manages("market");
    case Action::buy:
      return p->has(Role::customer);
    case Action::read_market_orders:
      return p->has(Role::admin) || p->has(Role::auditor) || p->manages("market");
    case Action::fulfil_orders:  // which orders: the market domain (the merchant's own)
      return p->has(Role::admin) || p->manages("market") || p->has(Role::merchant);
    case Action::refund_orders:  // which orders: the market domain (the buyer's, the merchant's)
      return p->has(Role::admin) || p->manages("market") || p->has(Role::merchant) ||
             p->has(Role::customer);
    case Action::manage_outages:
      return p->has(Role::admin) || p->manages("outage");
    case Action::read_outages:
      return p->has(Role::admin) || p->has(Role::auditor) || p->manages("outage");
    case Action::reconcile_figures:
      return p->has(Role::admin) || p->has(Role::auditor);
    case Action::run_live_events:
      return p->has(Role::admin) || p->manages("live") || p->manages("events") ||
             p->manages("performances");
    case Action::manage_performances:
      return p->has(Role::admin) || p->manages("performances");
    case Action::manage_volunteer:
      return p->has(Role::admin) || p->manages("volunteer");
    case Action::lead_volunteers:
      return p->has(Role::admin) || p->manages("volunteer") || p->has(Role::helper);
    case Action::read_volunteer_hours:
    case Action::see_volunteer_corps:
      return p->has(Role::admin) || p->has(Role::auditor) || p->manages("volunteer") ||
             p->has(Role::helper);
    case Action::credit_fund:
      return p->has(Role::admin) || p->manages("art-hall");
    case Action::apply_for_grant:
      return true;
    case Action::review_grants:
      return p->manages("hearing");
    case Action::manage_credit_partners:
      return p->has(Role::admin);
    case Action::read_credit:
      return p->has(Role::admin) || p->has(Role::auditor) || p->manages("credit");
    case Action::manage_credit:
      return p->has(Role::admin) || p->manages("credit");
    case Action::manage_campaigns:
      return p->has(Role::admin) || p->manages("credit") || p->manages("market");
    case Action::manage_care:
      return p->has(Role::admin) || p->manages("it-support") || p->manages("internet-doctor") ||
             p->manages("female-tech");
    case Action::read_care_person:
      return allowed(p, Action::manage_care) || p->has(Role::helper);
    case Action::visit_care:
      return p->has(Role::helper);
    case Action::manage_alley:
      return p->has(Role::admin) || p->manages("alley");
    case Action::run_alley_shop:
      return allowed(p, Action::manage_alley) || p->has(Role::merchant);
    case Action::join_alley:
      return p->has(Role::customer);
    case Action::read_alley_reports:
      return allowed(p, Action::run_alley_shop) || p->has(Role::auditor);
    case Action::request_care:
      return true;
  }
  assert(false && "unhandled action");
  return false;
}

}  // namespace sangsaeng::accounts
