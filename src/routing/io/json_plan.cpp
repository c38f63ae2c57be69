// Plans as JSON: what `sangsaeng route` prints and `sangsaeng route --check` reads.
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <map>

#include "routing/io/load.h"

namespace sangsaeng::routing::io {

namespace json = boost::json;

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[64];
  const double rounded = std::round(value * 1e6) / 1e6;
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, rounded == 0 ? 0.0 : rounded,
                                       std::chars_format::fixed);
  if (ec != std::errc()) return "null";
  std::string out(buffer, end);
  if (out.find('.') != std::string::npos) {  // fixed notation prints every digit: trim zeros
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  return out;
}

std::string plan_to_json(const Problem& problem, const Solution& plan, const PlanSummary& summary) {
  // Written by hand so numbers read as 828.936867, not Boost.JSON's 8.28936867E2.
  std::string out = "{\"vehicles\":" + std::to_string(plan.cost.vehicles) +
                    ",\"distance\":" + json_number(plan.cost.distance) + ",\"routes\":[";
  for (std::size_t r = 0; r < plan.routes.size(); ++r) {
    out += r ? ",[" : "[";
    const auto& jobs = plan.routes[r].jobs;
    for (std::size_t k = 0; k < jobs.size(); ++k) {
      out += (k ? "," : "") + std::to_string(problem.jobs[static_cast<std::size_t>(jobs[k])].id);
    }
    out += "]";
  }
  out += "],\"route_vehicles\":[";
  for (std::size_t r = 0; r < plan.routes.size(); ++r) {
    out += (r ? "," : "") +
           std::to_string(problem.vehicles[static_cast<std::size_t>(plan.routes[r].vehicle)].id);
  }
  out += "],\"unassigned\":[";
  for (std::size_t k = 0; k < plan.unassigned.size(); ++k) {
    const Unassigned& u = plan.unassigned[k];
    out += std::string(k ? "," : "") +
           "{\"id\":" + std::to_string(problem.jobs[static_cast<std::size_t>(u.job)].id) +
           ",\"reason\":\"" + std::string(to_string(u.reason)) + "\"}";
  }
  std::int64_t designated = 0;
  for (const Job& j : problem.jobs) designated += j.designated_vehicle ? 1 : 0;
  out += "],\"summary\":{\"jobs\":" + std::to_string(problem.jobs.size()) +
         ",\"assigned\":" + std::to_string(problem.jobs.size() - plan.unassigned.size()) +
         ",\"unassigned_weight\":" + std::to_string(plan.cost.unassigned_weight) +
         ",\"designated\":" + std::to_string(designated) +
         ",\"designated_honoured\":" + std::to_string(designated - plan.cost.designated_missed) +
         ",\"seed\":" + std::to_string(summary.seed) +
         ",\"iterations\":" + std::to_string(summary.iterations) +
         ",\"seconds\":" + json_number(std::round(summary.seconds * 1000) / 1000) + "}}\n";
  return out;
}

namespace {

struct PlanError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::int64_t to_id(const json::value& v, const std::string& path) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.as_uint64());
  throw PlanError(path + ": expected an integer id");
}

std::optional<UnassignedReason> reason_from(std::string_view s) {
  for (auto r :
       {UnassignedReason::skill, UnassignedReason::female, UnassignedReason::capacity,
        UnassignedReason::window, UnassignedReason::working_time, UnassignedReason::no_room}) {
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

Solution read_plan(const json::object& root, const Problem& problem, bool* has_cost) {
  std::map<std::int64_t, int> jobs;
  std::map<std::int64_t, int> vehicles;
  for (std::size_t i = 0; i < problem.jobs.size(); ++i)
    jobs.emplace(problem.jobs[i].id, static_cast<int>(i));
  for (std::size_t i = 0; i < problem.vehicles.size(); ++i)
    vehicles.emplace(problem.vehicles[i].id, static_cast<int>(i));
  auto job_index = [&](const json::value& v, const std::string& path) {
    const auto it = jobs.find(to_id(v, path));
    if (it == jobs.end()) throw PlanError(path + ": no job has this id");
    return it->second;
  };
  Solution plan;
  const auto* routes = root.if_contains("routes");
  if (!routes || !routes->is_array()) throw PlanError("routes: expected an array of job id lists");
  const auto* route_vehicles = root.if_contains("route_vehicles");
  if (route_vehicles && (!route_vehicles->is_array() ||
                         route_vehicles->as_array().size() != routes->as_array().size())) {
    throw PlanError("route_vehicles: expected one vehicle id per route");
  }
  for (std::size_t r = 0; r < routes->as_array().size(); ++r) {
    const std::string path = "routes[" + std::to_string(r) + "]";
    const auto& list = routes->as_array()[r];
    if (!list.is_array()) throw PlanError(path + ": expected a list of job ids");
    Route route;
    if (route_vehicles) {
      const std::string vpath = "route_vehicles[" + std::to_string(r) + "]";
      const auto it = vehicles.find(to_id(route_vehicles->as_array()[r], vpath));
      if (it == vehicles.end()) throw PlanError(vpath + ": no vehicle has this id");
      route.vehicle = it->second;
    } else {
      route.vehicle = static_cast<int>(r);  // the fleet in order (Solomon's identical vehicles)
      if (route.vehicle >= static_cast<int>(problem.vehicles.size()))
        throw PlanError(path + ": more routes than vehicles");
    }
    for (std::size_t k = 0; k < list.as_array().size(); ++k) {
      route.jobs.push_back(job_index(list.as_array()[k], path + "[" + std::to_string(k) + "]"));
    }
    plan.routes.push_back(std::move(route));
  }
  if (const auto* u = root.if_contains("unassigned")) {
    if (!u->is_array()) throw PlanError("unassigned: expected an array");
    for (std::size_t k = 0; k < u->as_array().size(); ++k) {
      const std::string path = "unassigned[" + std::to_string(k) + "]";
      const auto& item = u->as_array()[k];
      Unassigned entry;
      if (item.is_object()) {
        const auto* id = item.as_object().if_contains("id");
        if (!id) throw PlanError(path + ": missing \"id\"");
        entry.job = job_index(*id, path + ".id");
        if (const auto* reason = item.as_object().if_contains("reason")) {
          const auto parsed = reason->is_string() ? reason_from(reason->as_string()) : std::nullopt;
          if (!parsed) throw PlanError(path + ".reason: unknown reason");
          entry.reason = *parsed;
        }
      } else {
        entry.job = job_index(item, path);
      }
      plan.unassigned.push_back(entry);
    }
  }
  const auto* v = root.if_contains("vehicles");
  const auto* d = root.if_contains("distance");
  *has_cost = v && d && v->is_number() && d->is_number();
  if (*has_cost) {
    plan.cost.vehicles = v->to_number<std::int64_t>();
    plan.cost.distance = d->to_number<double>();
  }
  return plan;
}

}  // namespace

LoadedPlan parse_json_plan(std::string_view text, const Problem& problem) {
  LoadedPlan result;
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const bool truncated = ec == json::error::incomplete;
    result.error =
        "line " + std::to_string(line_of(text, truncated ? text.size() : used)) + ": " +
        (truncated ? std::string("truncated JSON") : "invalid JSON (" + ec.message() + ")");
    return result;
  }
  const json::value root = parser.release();
  try {
    if (!root.is_object()) throw PlanError("the plan must be a JSON object");
    result.plan = read_plan(root.as_object(), problem, &result.has_cost);
  } catch (const std::exception& e) {
    const std::string message = e.what();
    const auto colon = message.find(": ");
    const std::string path = colon == std::string::npos ? std::string() : message.substr(0, colon);
    result.error = "line " + std::to_string(line_of_path(text, path)) + ": " + message;
    result.plan.reset();
  }
  return result;
}

}  // namespace sangsaeng::routing::io
