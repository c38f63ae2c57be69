// Solomon's VRPTW text format, e.g.
//   C101
//   VEHICLE
//   NUMBER     CAPACITY
//     25         200
//   CUSTOMER
//   CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
//       0      40         50          0          0       1236          0
#include <charconv>
#include <cmath>
#include <set>
#include <vector>

#include "routing/io/load.h"

namespace sangsaeng::routing::io {

namespace {

struct Line {
  int number;
  std::string_view text;
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  int number = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({number++, line});
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

bool number(std::string_view s, double* value) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *value);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(*value);
}

LoadedProblem fail(int line, const std::string& message) {
  LoadedProblem r;
  r.error = "line " + std::to_string(line) + ": " + message;
  return r;
}

// The index of the next non-blank line at or after i, or lines.size().
std::size_t skip_blank(const std::vector<Line>& lines, std::size_t i) {
  while (i < lines.size() && blank(lines[i].text)) ++i;
  return i;
}

}  // namespace

LoadedProblem parse_solomon(std::string_view text) {
  const std::vector<Line> lines = split_lines(text);
  const int last = lines.empty() ? 1 : lines.back().number;
  std::size_t i = skip_blank(lines, 0);
  if (i == lines.size()) return fail(last, "empty file: expected an instance name");
  LoadedProblem result;
  result.name = std::string(fields(lines[i].text).front());
  result.solomon = true;

  i = skip_blank(lines, i + 1);
  if (i == lines.size() || fields(lines[i].text).front() != "VEHICLE") {
    return fail(i == lines.size() ? last : lines[i].number, "expected VEHICLE");
  }
  i = skip_blank(lines, i + 1);  // NUMBER CAPACITY header
  i = skip_blank(lines, i + 1);
  if (i >= lines.size()) return fail(last, "truncated: expected the vehicle number and capacity");
  const auto fleet = fields(lines[i].text);
  double count = 0, capacity = 0;
  if (fleet.size() != 2 || !number(fleet[0], &count) || !number(fleet[1], &capacity) || count < 0 ||
      capacity < 0 || count != std::floor(count) || count > kVehiclesMax) {
    return fail(lines[i].number, "expected two numbers: vehicle count and capacity");
  }
  i = skip_blank(lines, i + 1);
  if (i == lines.size() || fields(lines[i].text).front() != "CUSTOMER") {
    return fail(i == lines.size() ? last : lines[i].number, "expected CUSTOMER");
  }
  i = skip_blank(lines, i + 1);  // column header
  if (i == lines.size()) return fail(last, "truncated: expected the customer table");

  std::vector<Point> points;
  Problem problem;
  TimeWindow depot_window;
  std::set<std::int64_t> numbers;
  for (i = i + 1; i < lines.size(); ++i) {
    if (blank(lines[i].text)) continue;
    const auto f = fields(lines[i].text);
    double v[7];
    if (f.size() != 7)
      return fail(lines[i].number, "expected 7 numbers, found " + std::to_string(f.size()));
    for (int k = 0; k < 7; ++k) {
      if (!number(f[static_cast<std::size_t>(k)], &v[k])) {
        return fail(lines[i].number,
                    "not a number: '" + std::string(f[static_cast<std::size_t>(k)]) + "'");
      }
    }
    if (v[5] < v[4]) return fail(lines[i].number, "due date before ready time");
    if (v[0] != std::floor(v[0]) || std::abs(v[0]) > 1e15)
      return fail(lines[i].number, "customer number must be an integer");
    if (!numbers.insert(static_cast<std::int64_t>(v[0])).second) {
      return fail(lines[i].number, "duplicate customer number " + std::string(f[0]));
    }
    if (v[3] < 0 || v[6] < 0) return fail(lines[i].number, "negative demand or service time");
    const int location = static_cast<int>(points.size());
    points.push_back({v[1], v[2]});
    if (location == 0) {
      depot_window = {v[4], v[5]};
      continue;
    }
    Job job;
    job.id = static_cast<std::int64_t>(v[0]);
    job.location = location;
    job.demand = static_cast<std::int64_t>(v[3]);
    job.windows = {{v[4], v[5]}};
    job.service = v[6];
    problem.jobs.push_back(job);
  }
  if (points.empty()) return fail(last, "truncated: no depot line");
  for (int k = 0; k < static_cast<int>(count); ++k) {
    Vehicle veh;
    veh.id = k + 1;
    veh.start_location = 0;
    veh.end_location = 0;
    veh.shift = depot_window;
    veh.capacity = static_cast<std::int64_t>(capacity);
    problem.vehicles.push_back(veh);
  }
  problem.travel = std::make_shared<EuclideanTravel>(std::move(points));
  result.problem = std::move(problem);
  return result;
}

}  // namespace sangsaeng::routing::io
