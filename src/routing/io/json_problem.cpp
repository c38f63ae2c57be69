// The JSON problem format (docs/routing.md), modelled on VROOM's input: vehicles and jobs with
// ids, coordinates or matrix indices, windows, amounts, skills; our extensions are string
// skills, vehicle attributes ("female"), female_only, designated_vehicle, max_working_time.
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "routing/io/load.h"

namespace sangsaeng::routing::io {

namespace json = boost::json;

namespace {

// Content errors carry the JSON path; caught once in parse_json_problem.
struct ContentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw ContentError(path + ": " + message);
}

double to_number(const json::value& v, const std::string& path) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double() && std::isfinite(v.as_double())) return v.as_double();
  fail(path, "expected a number");
}

std::int64_t to_integer(const json::value& v, const std::string& path) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.as_uint64());
  if (v.is_double() && v.as_double() == std::floor(v.as_double()) &&
      std::abs(v.as_double()) < 9e15) {
    return static_cast<std::int64_t>(v.as_double());
  }
  fail(path, "expected an integer");
}

const json::object& to_object(const json::value& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object");
  return v.as_object();
}

const json::array& to_array(const json::value& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array");
  return v.as_array();
}

TimeWindow to_window(const json::value& v, const std::string& path) {
  const auto& a = to_array(v, path);
  if (a.size() != 2) fail(path, "expected [start, end]");
  TimeWindow w{to_number(a[0], path + "[0]"), to_number(a[1], path + "[1]")};
  if (w.end < w.start) fail(path, "the window ends before it starts");
  return w;
}

class Reader {
 public:
  Problem read(const json::object& root) {
    // VROOM features we do not plan for are refused, not silently dropped.
    if (const auto* s = root.if_contains("shipments");
        s && !(s->is_array() && s->as_array().empty())) {
      fail("shipments", "shipments (pickup and delivery pairs) are not supported");
    }
    const bool matrix = root.contains("matrices") || root.contains("matrix");
    read_options(root);
    if (matrix) read_matrix(root);
    const auto& vehicles = to_array(field(root, "vehicles", ""), "vehicles");
    const auto& jobs = to_array(field(root, "jobs", ""), "jobs");
    for (std::size_t i = 0; i < vehicles.size(); ++i)
      read_vehicle(vehicles[i], "vehicles[" + std::to_string(i) + "]", matrix);
    for (std::size_t i = 0; i < jobs.size(); ++i)
      read_job(jobs[i], "jobs[" + std::to_string(i) + "]", matrix);
    resolve_designated();
    if (matrix) {
      problem_.travel = std::make_shared<MatrixTravel>(matrix_size_, std::move(distances_),
                                                       std::move(durations_));
    } else if (euclidean_) {
      problem_.travel = std::make_shared<EuclideanTravel>(std::move(points_));
    } else {
      problem_.travel = std::make_shared<GreatCircleTravel>(std::move(points_), great_circle_);
    }
    return std::move(problem_);
  }

 private:
  static const json::value& field(const json::object& o, const char* key, const std::string& path) {
    const auto* v = o.if_contains(key);
    if (!v)
      fail(path.empty() ? std::string(key) : path,
           path.empty() ? "missing" : std::string("missing \"") + key + "\"");
    return *v;
  }

  void read_options(const json::object& root) {
    const auto* o = root.if_contains("options");
    if (!o) return;
    const auto& options = to_object(*o, "options");
    if (const auto* v = options.if_contains("objective")) {
      if (*v == "vehicles") {
        problem_.objective.minimise_vehicles = true;
      } else if (*v != "distance") {
        fail("options.objective", "expected \"distance\" or \"vehicles\"");
      }
    }
    if (const auto* v = options.if_contains("travel")) {
      if (*v == "euclidean") {
        euclidean_ = true;
      } else if (*v != "great_circle") {
        fail("options.travel", "expected \"great_circle\" or \"euclidean\"");
      }
    }
    if (const auto* v = options.if_contains("road_factor")) {
      great_circle_.road_factor = to_number(*v, "options.road_factor");
      if (!(great_circle_.road_factor >= 1.0)) fail("options.road_factor", "must be at least 1");
    }
    if (const auto* v = options.if_contains("speed_kmh")) {
      great_circle_.speed_kmh = to_number(*v, "options.speed_kmh");
      if (!(great_circle_.speed_kmh > 0)) fail("options.speed_kmh", "must be positive");
    }
  }

  std::vector<double> read_square(const json::value& v, const std::string& path) {
    const auto& rows = to_array(v, path);
    const auto n = rows.size();
    if (n > static_cast<std::size_t>(kLocationsMax))
      fail(path, "more than " + std::to_string(kLocationsMax) + " locations");
    if (matrix_size_ >= 0 && n != static_cast<std::size_t>(matrix_size_))
      fail(path, "matrix sizes differ");
    matrix_size_ = static_cast<int>(n);
    std::vector<double> out;
    out.reserve(n * n);
    for (std::size_t r = 0; r < n; ++r) {
      const std::string row_path = path + "[" + std::to_string(r) + "]";
      const auto& row = to_array(rows[r], row_path);
      if (row.size() != n) fail(row_path, "expected " + std::to_string(n) + " entries");
      for (std::size_t c = 0; c < n; ++c) {
        const double x = to_number(row[c], row_path + "[" + std::to_string(c) + "]");
        if (x < 0) fail(row_path + "[" + std::to_string(c) + "]", "negative travel");
        out.push_back(x);
      }
    }
    return out;
  }

  void read_matrix(const json::object& root) {
    if (const auto* m = root.if_contains("matrix")) {
      durations_ = read_square(*m, "matrix");
    } else {
      const auto& profiles = to_object(root.at("matrices"), "matrices");
      if (profiles.empty()) fail("matrices", "no profile");
      const auto& first = *profiles.begin();
      const std::string path = "matrices." + std::string(first.key());
      const auto& profile = to_object(first.value(), path);
      if (const auto* d = profile.if_contains("durations"))
        durations_ = read_square(*d, path + ".durations");
      if (const auto* d = profile.if_contains("distances"))
        distances_ = read_square(*d, path + ".distances");
      if (durations_.empty() && distances_.empty()) fail(path, "needs durations or distances");
    }
    if (durations_.empty()) durations_ = distances_;
    if (distances_.empty()) distances_ = durations_;  // then the objective is time
  }

  // A location: an index into the matrix, or [x, y] / [lon, lat] coordinates.
  int location(const json::object& o, const char* coords_key, const char* index_key,
               const std::string& path, bool matrix) {
    if (matrix) {
      const auto idx = to_integer(field(o, index_key, path), path + "." + index_key);
      if (idx < 0 || idx >= matrix_size_) fail(path + "." + index_key, "outside the matrix");
      return static_cast<int>(idx);
    }
    const auto& a = to_array(field(o, coords_key, path), path + "." + coords_key);
    if (a.size() != 2) fail(path + "." + coords_key, "expected [lon, lat]");
    points_.push_back({to_number(a[0], path + "." + coords_key + "[0]"),
                       to_number(a[1], path + "." + coords_key + "[1]")});
    return static_cast<int>(points_.size()) - 1;
  }

  std::vector<int> skills(const json::object& o, const std::string& path) {
    std::vector<int> out;
    const auto* v = o.if_contains("skills");
    if (!v) return out;
    const auto& a = to_array(*v, path + ".skills");
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].is_string()) {
        const std::string name(a[i].as_string());
        auto [it, inserted] =
            skill_names_.emplace(name, -1 - static_cast<int>(skill_names_.size()));
        out.push_back(it->second);
      } else {
        const auto s = to_integer(a[i], path + ".skills[" + std::to_string(i) + "]");
        if (s < 0 || s > INT32_MAX)
          fail(path + ".skills[" + std::to_string(i) + "]", "skill numbers are 0..2^31-1");
        out.push_back(static_cast<int>(s));
      }
    }
    return out;
  }

  // One capacity dimension: [n] or n.
  std::int64_t amount(const json::value& v, const std::string& path) {
    if (v.is_array()) {
      const auto& a = v.as_array();
      if (a.size() > 1) fail(path, "only one capacity dimension is supported");
      if (a.empty()) return 0;
      return amount(a[0], path + "[0]");
    }
    const auto x = to_integer(v, path);
    if (x < 0) fail(path, "must not be negative");
    return x;
  }

  void read_vehicle(const json::value& value, const std::string& path, bool matrix) {
    const auto& o = to_object(value, path);
    Vehicle v;
    v.id = to_integer(field(o, "id", path), path + ".id");
    if (!vehicle_index_.emplace(v.id, static_cast<int>(problem_.vehicles.size())).second)
      fail(path + ".id", "duplicate vehicle id");
    const char* start_key = matrix ? "start_index" : "start";
    const char* end_key = matrix ? "end_index" : "end";
    if (o.contains(start_key)) v.start_location = location(o, "start", "start_index", path, matrix);
    if (o.contains(end_key)) v.end_location = location(o, "end", "end_index", path, matrix);
    if (const auto* w = o.if_contains("time_window"))
      v.shift = to_window(*w, path + ".time_window");
    if (const auto* c = o.if_contains("capacity")) v.capacity = amount(*c, path + ".capacity");
    v.skills = skills(o, path);
    if (const auto* a = o.if_contains("attributes")) {
      const auto& list = to_array(*a, path + ".attributes");
      for (const auto& x : list) {
        if (!x.is_string()) fail(path + ".attributes", "expected strings");
        if (x.as_string() == "female") v.female = true;
      }
    }
    for (const char* key : {"breaks", "max_tasks", "max_travel_time", "max_distance"}) {
      if (o.contains(key))
        fail(path + "." + key,
             "not supported (see docs/routing.md; max_working_time limits a route)");
    }
    if (const auto* m = o.if_contains("max_working_time")) {
      v.max_working_time = to_number(*m, path + ".max_working_time");
      if (*v.max_working_time < 0) fail(path + ".max_working_time", "must not be negative");
    }
    problem_.vehicles.push_back(std::move(v));
  }

  void read_job(const json::value& value, const std::string& path, bool matrix) {
    const auto& o = to_object(value, path);
    Job j;
    j.id = to_integer(field(o, "id", path), path + ".id");
    if (!job_ids_.insert(j.id).second) fail(path + ".id", "duplicate job id");
    j.location = location(o, "location", "location_index", path, matrix);
    if (const auto* s = o.if_contains("service")) {
      j.service = to_number(*s, path + ".service");
      if (j.service < 0) fail(path + ".service", "must not be negative");
    }
    if (const auto* w = o.if_contains("time_windows")) {
      const auto& list = to_array(*w, path + ".time_windows");
      for (std::size_t i = 0; i < list.size(); ++i) {
        j.windows.push_back(to_window(list[i], path + ".time_windows[" + std::to_string(i) + "]"));
        if (i > 0 && j.windows[i].start <= j.windows[i - 1].end) {
          fail(path + ".time_windows", "windows must be sorted and disjoint");
        }
      }
    }
    if (o.contains("pickup")) fail(path + ".pickup", "pickups are not supported");
    if (o.contains("setup"))
      fail(path + ".setup", "setup times are not supported; add them to service");
    if (const auto* d = o.if_contains("delivery")) j.demand = amount(*d, path + ".delivery");
    if (const auto* d = o.if_contains("amount")) j.demand = amount(*d, path + ".amount");
    j.skills = skills(o, path);
    if (const auto* p = o.if_contains("priority")) {
      const auto x = to_integer(*p, path + ".priority");
      if (x < 0 || x > 100) fail(path + ".priority", "must be 0..100");
      j.priority = static_cast<int>(x);
    }
    if (const auto* f = o.if_contains("female_only")) {
      if (!f->is_bool()) fail(path + ".female_only", "expected true or false");
      j.female_only = f->as_bool();
    }
    if (const auto* d = o.if_contains("designated_vehicle")) {
      designated_.emplace_back(problem_.jobs.size(), to_integer(*d, path + ".designated_vehicle"));
    }
    problem_.jobs.push_back(std::move(j));
  }

  void resolve_designated() {
    for (const auto& [job, id] : designated_) {
      const auto it = vehicle_index_.find(id);
      if (it == vehicle_index_.end()) {
        fail("jobs[" + std::to_string(job) + "].designated_vehicle",
             "no vehicle has id " + std::to_string(id));
      }
      problem_.jobs[job].designated_vehicle = it->second;
    }
  }

  Problem problem_;
  std::vector<Point> points_;
  bool euclidean_ = false;
  GreatCircleOptions great_circle_;
  int matrix_size_ = -1;
  std::vector<double> distances_;
  std::vector<double> durations_;
  std::map<std::string, int> skill_names_;
  std::map<std::int64_t, int> vehicle_index_;
  std::set<std::int64_t> job_ids_;
  std::vector<std::pair<std::size_t, std::int64_t>> designated_;
};

}  // namespace

LoadedProblem parse_json_problem(std::string_view text) {
  LoadedProblem result;
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const std::size_t at = ec == json::error::incomplete ? text.size() : used;
    result.error = "line " + std::to_string(line_of(text, at)) + ": " +
                   (ec == json::error::incomplete ? std::string("truncated JSON")
                                                  : "invalid JSON (" + ec.message() + ")");
    return result;
  }
  const json::value root = parser.release();
  try {
    if (!root.is_object()) throw ContentError("the document must be a JSON object");
    result.problem = Reader().read(root.as_object());
  } catch (const ContentError& e) {
    // "jobs[3].service: must not be negative" -> "line 42: jobs[3].service: must not be negative"
    const std::string message = e.what();
    const auto colon = message.find(": ");
    const std::string path = colon == std::string::npos ? std::string() : message.substr(0, colon);
    result.error = "line " + std::to_string(line_of_path(text, path)) + ": " + message;
    result.problem.reset();
  } catch (const std::exception& e) {  // e.g. json::value::at on a missing key
    result.error = std::string("invalid problem: ") + e.what();
    result.problem.reset();
  }
  if (result.problem) {
    if (const std::string e = validate(*result.problem); !e.empty()) {
      result.error = e;
      result.problem.reset();
    }
  }
  return result;
}

}  // namespace sangsaeng::routing::io
