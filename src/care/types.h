// Care and dispatch records (issue 16): helpers, beneficiaries, their requests for a visit, a
// day's dispatch plan and the visits a published plan assigns. Plain values; the rules live in
// care/rules.h, the use cases in care/service.h.
//
// Times of day (shifts, windows) are minutes after midnight, Asia/Seoul; dates are Seoul
// calendar days "YYYY-MM-DD".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/time.h"

namespace sangsaeng::care {

// The care programs (slugs of the programs table). Weekend service is the IT supporters'
// (DESIGN.md section 1): a request on a Saturday or Sunday, planned against weekend shifts.
inline constexpr std::string_view kPrograms[] = {"it-support", "internet-doctor", "female-tech"};
bool is_care_program(std::string_view slug);

enum class HelperKind { it_supporter, technician, volunteer };
enum class Gender { unrecorded, female, male };
enum class RequestKind { home_it_help, it_education, broadband_repair, installation };
enum class RequestStatus { requested, planned, visiting, done, cancelled };
enum class Outcome { solved, follow_up, not_home };

std::string_view to_string(HelperKind v);
std::string_view to_string(Gender v);
std::string_view to_string(RequestKind v);
std::string_view to_string(RequestStatus v);
std::string_view to_string(Outcome v);
std::optional<HelperKind> parse_helper_kind(std::string_view text);
std::optional<Gender> parse_gender(std::string_view text);
std::optional<RequestKind> parse_request_kind(std::string_view text);
std::optional<RequestStatus> parse_request_status(std::string_view text);
std::optional<Outcome> parse_outcome(std::string_view text);

// [start_min, end_min] minutes after midnight (Seoul).
struct Span {
  int start_min = 0;
  int end_min = 0;
  bool operator==(const Span&) const = default;
};

struct Certification {
  std::string name = {};        // e.g. "IT 서포터 인증"
  std::string issued_on = {};   // date
  std::string expires_on = {};  // date; valid through this day
  bool operator==(const Certification&) const = default;
};

struct Place {
  std::string address = {};
  double lat = 0, lon = 0;  // degrees, WGS 84
};

struct Helper {
  Id id = 0;
  std::optional<Id> user_id = {};  // the platform account that signs in to see its visits
  std::string name = {};
  HelperKind kind = HelperKind::it_supporter;
  std::vector<Certification> certifications = {};
  std::vector<std::string> skills = {};     // e.g. "smartphone", "router", "kiosk"
  std::vector<std::string> languages = {};  // e.g. "ko", "vi", "zh", "en", "tl", "ksl"
  Gender gender = Gender::unrecorded;
  Place home = {};
  std::optional<Span> weekday_shift = {}, weekend_shift = {};  // none: not on shift
  std::string team = {};
  UnixMicros created_at_us = 0;
};

// A person the programs visit. Their contact, address and needs are personal data
// (DESIGN.md section 5): shown to the program's managers and the helper visiting that day.
struct Beneficiary {
  Id id = 0;
  std::string program = {};  // the program that registered them
  std::string name = {}, phone = {};
  Place place = {};
  std::vector<std::string> needs = {};  // e.g. "elderly", "lives-alone", "disability", "migrant"
  std::optional<std::string> consent_on = {};   // the date they consented; none: no visit
  std::optional<Id> designated_helper_id = {};  // the engineer they named (internet doctor)
  bool female_helper_only = false;
  UnixMicros created_at_us = 0;
};

struct Request {
  Id id = 0;
  std::string program = {};
  Id beneficiary_id = 0;
  RequestKind kind = RequestKind::home_it_help;
  std::string date = {};  // the day of the visit
  int duration_min = 60;
  std::vector<Span> windows = {};  // the visit starts inside one; empty: any time of the shift
  int priority = 0;                // 0..100
  std::vector<std::string> skills = {};
  std::optional<std::string> language = {};  // a language code the helper must speak
  RequestStatus status = RequestStatus::requested;
  std::string reason = {};  // why it was cancelled
  Id created_by = 0;
  UnixMicros created_at_us = 0, updated_at_us = 0;
};

// One planned visit: when the helper begins and ends it.
struct PlannedVisit {
  Id request_id = 0;
  UnixMicros start_at_us = 0, end_at_us = 0;
};
struct PlanRoute {
  Id helper_id = 0;
  std::vector<PlannedVisit> visits = {};
};
// A request left out, with the reason's slug (care/reasons.h words it for people).
struct Left {
  Id request_id = 0;
  std::string reason = {};
};
struct PlanSummary {
  int requests = 0, assigned = 0, unassigned = 0, helpers_on_shift = 0, helpers_used = 0;
  int designated = 0, designated_honoured = 0;
  int kept = 0;  // a re-plan: published visits kept with their helper and time
  double travel_km = 0;
  std::int64_t solver_ms = 0, iterations = 0;
};

struct Plan {
  Id id = 0;
  std::string date = {};
  bool published = false;
  std::vector<PlanRoute> routes = {};
  std::vector<Left> unassigned = {};
  PlanSummary summary = {};
  int moves = 0;  // visits moved by hand since the solver
  // A re-plan starts from the day's published plan: its visits stay unless their request was
  // cancelled. `moved` lists the published visits (by request id) that did not keep their
  // helper and start time; kept ones are in summary.kept.
  std::optional<Id> base_plan_id = {};
  std::vector<Id> moved = {};
  Id created_by = 0;
  UnixMicros created_at_us = 0;
  std::optional<UnixMicros> published_at_us = {};
};

enum class VisitStatus { planned, visiting, done };
std::string_view to_string(VisitStatus v);

// A visit a published plan assigned to a helper.
struct Visit {
  Id id = 0;
  Id plan_id = 0, request_id = 0, helper_id = 0;
  std::string date = {};
  int seq = 0;  // its place in the helper's day
  UnixMicros start_at_us = 0, end_at_us = 0;
  VisitStatus status = VisitStatus::planned;
  std::optional<UnixMicros> checked_in_at_us = {}, checked_out_at_us = {};
  std::optional<Outcome> outcome = {};
  std::string notes = {};
  std::optional<int> duration_min = {};
  std::optional<int> satisfaction = {};  // 1..5, the beneficiary's
};

}  // namespace sangsaeng::care
