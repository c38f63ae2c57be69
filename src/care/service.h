// The care programs' use cases: helpers, beneficiaries and requests taken in (by an operator
// or a CSV import), a day planned by the solver, moved by hand under the checker's eye,
// published to the helpers, and visited (check-in, check-out with the outcome).
//
// Personal data of a beneficiary (name, phone, address, needs) is read only through
// beneficiary() and day(), which decide who may see it (the program's managers and admins;
// the helper with a visit to that person on that day) and record each read in the audit log in
// the same transaction that reads it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "care/rules.h"
#include "care/store.h"
#include "care/types.h"
#include "core/status.h"
#include "store/db.h"

namespace sangsaeng::care {

// Who asks, as the API knows them (built from the signed-in principal).
struct Actor {
  Id user_id = 0;
  std::string email = {};
  bool admin = false;
  std::vector<std::string> manages = {};  // the programs they manage
  // For the audit entries of personal-data reads.
  std::string remote_addr = {}, request_id = {};
  bool manages_program(std::string_view program) const;
  bool manages_care() const;  // admin or a manager of any care program
};

struct CareOptions {
  routing::GreatCircleOptions travel = {};
  int rows_per_call_max = 5'000;  // helpers, beneficiaries or requests per import
  int helpers_max = 5'000;        // helpers given to the solver (routing's vehicle limit)
  int requests_per_day_max = 5'000;
  // The solver also stops after this many iterations (tests bound it to finish early).
  std::int64_t solver_iterations_max = 1'000'000'000;
  std::function<UnixMicros()> clock = now_us;
};

struct CheckOut {
  Outcome outcome = Outcome::solved;
  std::string notes = {};
  std::optional<int> duration_min = {};  // none: from the check-in to now
  std::optional<int> satisfaction = {};  // 1..5
};

// A visit a signed-in customer books for themselves (the web form): who and where they are,
// what they need, and when. They become a person of the program and an open request.
struct Booking {
  std::string program = {};  // it-support, internet-doctor or female-tech
  RequestKind kind = RequestKind::home_it_help;
  std::string date = {};
  std::vector<Span> windows = {};
  std::string name = {}, phone = {};
  Place place = {};
  std::vector<std::string> needs = {};
  std::optional<std::string> language = {};
  bool female_helper_only = false;
  std::optional<Id> designated_helper_id = {};  // the engineer they name (internet doctor)
  bool consent = false;                         // to the visit and to keeping their details
};

// A helper's visit with the person's details (personal data: the helper visits them today).
struct VisitView {
  Visit visit;
  Request request;
  Beneficiary beneficiary;
};

class CareService {
 public:
  // `db` must outlive the service.
  CareService(store::Db& db, CareOptions options = {});

  // Each insert checks every row first and writes none when one is wrong: invalid_argument
  // with errors named "items[i].field"; forbidden for a program the actor does not manage.
  // Answers the new ids in order.
  Result<std::vector<Id>> add_helpers(std::vector<Helper> helpers, const Actor& actor);
  Result<std::vector<Id>> add_beneficiaries(std::vector<Beneficiary> list, const Actor& actor);
  Result<std::vector<Id>> add_requests(std::vector<Request> list, const Actor& actor);
  // requested or planned -> cancelled with the reason. not_found; failed_precondition
  // "request-closed" once visiting, done or cancelled.
  Result<Request> cancel_request(Id id, const std::string& reason, const Actor& actor);

  // A customer's own booking: the person and the request in one transaction (consent dated
  // today). invalid_argument for bad fields (the date must be tomorrow to 60 days ahead, the
  // consent given, the engineer a helper); failed_precondition "too-many-requests" when the
  // customer already has 5 open requests.
  Result<Request> book(const Booking& booking, const Actor& actor);
  // The actor's own bookings, newest first (at most 50).
  std::vector<Request> my_requests(const Actor& actor);
  // The engineers a customer may name (technicians), by id: names and teams only.
  std::vector<Helper> engineers();

  Page<Helper> helpers(std::optional<Id> after, int limit);
  // The day's plans, newest first (at most 20).
  std::vector<Plan> plans_on(const std::string& date);
  std::optional<Request> find_request(Id id);
  std::vector<Request> requests_on(const std::string& date);
  // The person's record, for the program's managers and the helper visiting them that day;
  // the read is audited. not_found, or forbidden.
  Result<Beneficiary> beneficiary(Id id, const Actor& actor);

  // Plans the day's open requests with the helpers (the solver runs up to `seconds`), checks
  // the plan (DESIGN.md invariant 5) and saves it as a draft. A day with a published plan is
  // re-planned from it: its visits stay with their helper at their time unless their request
  // was cancelled, the open requests are placed around them (from now on, when the day is
  // today), and Plan::moved names any published visit that did not stay. invalid_argument
  // for a bad date or budget; internal "plan-check-failed" if the checker refuses the plan (a
  // bug).
  Result<Plan> plan_day(const std::string& date, int seconds, const Actor& actor);
  std::optional<Plan> find_plan(Id id);
  // A dispatcher's move on a draft plan: saved only when the checker accepts it (then
  // MoveResult::plan), else nothing changes (MoveResult::violations). not_found;
  // failed_precondition "plan-published".
  Result<MoveResult> move(Id plan_id, const Move& move);
  // Assigns the plan's visits (requests -> planned) and notifies each helper with new visits
  // through the outbox, in one transaction. A re-plan replaces the plan it started from: its
  // kept visits are updated in place, the planned visits of cancelled requests dropped.
  // not_found; failed_precondition "plan-published" | "day-published" (another plan of the
  // day was published: two publications at once give one 200 and one of these) |
  // "request-changed" (a request was cancelled or planned meanwhile).
  Result<Plan> publish(Id plan_id, const Actor& actor);

  // The signed-in helper's visits of the Seoul day of `now`, in order, with each person's
  // details (audited). not_found "not-a-helper" when the user is no helper.
  Result<std::vector<VisitView>> my_day(const Actor& actor);
  // planned -> visiting (the request too). not_found unless it is the actor's visit;
  // failed_precondition "visit-not-today" | "visit-state".
  Result<Visit> check_in(Id visit_id, const Actor& actor);
  // visiting -> done with the outcome; the request is done (solved, follow-up needed) or
  // cancelled "not-home". invalid_argument for bad fields; as check_in otherwise.
  Result<Visit> check_out(Id visit_id, const CheckOut& out, const Actor& actor);

 private:
  // The day's problem: the requests named (none: the open ones, and a re-plan's kept ones),
  // pinned to the base plan's visits; `now` decides what a re-plan of today leaves behind.
  Day load_day(soci::session& s, const std::string& date, const std::vector<Id>& request_ids,
               const std::optional<Plan>& base, UnixMicros now);
  // Whether the plan's routed requests may be published: new ones still open, kept ones not
  // cancelled ("request-changed" otherwise).
  Status check_requests(soci::session& s, const Plan& plan,
                        const std::unordered_map<Id, Visit>& existing);
  Result<Visit> own_visit(soci::session& s, Id visit_id, const Actor& actor, UnixMicros now);

  store::Db& db_;
  const CareOptions options_;
};

}  // namespace sangsaeng::care
