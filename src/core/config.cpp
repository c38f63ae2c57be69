#include "core/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

extern char** environ;

namespace sangsaeng {

std::string Config::effective_db_url() const {
  if (!db_url.empty()) return db_url;
  return "sqlite://" + data_dir + "/sangsaeng.db";
}

namespace {

// One table of settings shared by the TOML and the environment readers.
struct Setting {
  const char* key;  // TOML key; the env name is SANGSAENG_<KEY upper-cased>
  std::function<bool(Config&, std::string_view)> set;
  std::string expects = {};  // what a good value is, for the error ("a number from 1 to 3")
};

bool to_i64(std::string_view s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
bool to_double(std::string_view s, double& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}
bool to_bool(std::string_view s, bool& out) {
  if (s == "true" || s == "1" || s == "yes") return out = true, true;
  if (s == "false" || s == "0" || s == "no") return out = false, true;
  return false;
}

template <class T>
Setting int_setting(const char* key, T Config::*field, T min, T max) {
  return {key, [=](Config& c, std::string_view v) {
            std::int64_t x;
            if (!to_i64(v, x) || x < min || x > max) return false;
            c.*field = static_cast<T>(x);
            return true;
          }};
}
Setting string_setting(const char* key, std::string Config::*field) {
  return {key, [=](Config& c, std::string_view v) {
            c.*field = std::string(v);
            return true;
          }};
}
Setting double_setting(const char* key, double Config::*field) {
  return {key, [=](Config& c, std::string_view v) { return to_double(v, c.*field); }};
}
// A number in [min, max]: a setting whose value outside the range would make no sense (a
// road factor below 1, a speed of 0) is refused at start, naming the range.
Setting ranged_setting(const char* key, double Config::*field, double min, double max) {
  std::ostringstream expects;
  expects << "a number from " << min << " to " << max;
  return {key,
          [=](Config& c, std::string_view v) {
            double x = 0;
            if (!to_double(v, x) || x < min || x > max) return false;
            c.*field = x;
            return true;
          },
          expects.str()};
}
Setting with_expects(Setting s, std::string expects) {
  s.expects = std::move(expects);
  return s;
}
// " (a number from 1 to 3)" when the setting says what it expects.
std::string expecting(const Setting& s) {
  return s.expects.empty() ? "" : " (" + s.expects + ")";
}

Setting bool_setting(const char* key, bool Config::*field) {
  return {key, [=](Config& c, std::string_view v) { return to_bool(v, c.*field); }};
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> kSettings = {
      string_setting("address", &Config::address),
      int_setting("port", &Config::port, 0, 65535),
      int_setting("threads", &Config::threads, 1, 256),
      int_setting<std::int64_t>("body_limit_bytes", &Config::body_limit_bytes, 1024, 64 << 20),
      int_setting("request_timeout_ms", &Config::request_timeout_ms, 100, 600000),
      int_setting("idle_timeout_ms", &Config::idle_timeout_ms, 100, 3600000),
      int_setting("connections_max", &Config::connections_max, 1, 1'000'000),
      int_setting("async_timeout_ms", &Config::async_timeout_ms, 100, 3600000),
      string_setting("web_dir", &Config::web_dir),
      string_setting("data_dir", &Config::data_dir),
      string_setting("db_url", &Config::db_url),
      int_setting("db_pool_size", &Config::db_pool_size, 1, 256),
      int_setting("db_pool_timeout_ms", &Config::db_pool_timeout_ms, 1, 600000),
      int_setting("node_id", &Config::node_id, 0, 1023),
      bool_setting("run_scheduled_jobs", &Config::run_scheduled_jobs),
      int_setting("idempotency_retention_hours", &Config::idempotency_retention_hours, 1, 24 * 365),
      bool_setting("secure_cookies", &Config::secure_cookies),
      bool_setting("trust_proxy_headers", &Config::trust_proxy_headers),
      int_setting("session_ttl_hours", &Config::session_ttl_hours, 1, 24 * 90),
      int_setting("principal_cache_ms", &Config::principal_cache_ms, 0, 60000),
      double_setting("rate_per_address_per_s", &Config::rate_per_address_per_s),
      double_setting("burst_per_address", &Config::burst_per_address),
      double_setting("rate_per_account_per_s", &Config::rate_per_account_per_s),
      double_setting("burst_per_account", &Config::burst_per_account),
      double_setting("login_rate_per_address_per_min", &Config::login_rate_per_address_per_min),
      int_setting("password_hash_threads", &Config::password_hash_threads, 1, 64),
      int_setting("password_hash_queue_max", &Config::password_hash_queue_max, 1, 100000),
      int_setting("password_hash_nice", &Config::password_hash_nice, 0, 19),
      string_setting("log_level", &Config::log_level),
      int_setting("market_hold_minutes", &Config::market_hold_minutes, 1, 24 * 60),
      int_setting("market_lease_units", &Config::market_lease_units, 1, 100'000),
      int_setting("market_lease_timeout_seconds", &Config::market_lease_timeout_seconds, 2, 3600),
      int_setting("live_poll_ms", &Config::live_poll_ms, 10, 600'000),
      int_setting<std::int64_t>("upload_image_bytes_max", &Config::upload_image_bytes_max, 1024,
                                64 << 20),
      int_setting<std::int64_t>("upload_document_bytes_max", &Config::upload_document_bytes_max,
                                1024, 64 << 20),
      int_setting("market_units_per_address_max", &Config::market_units_per_address_max, 0,
                  10'000'000),
      string_setting("phone_sandbox_code", &Config::phone_sandbox_code),
      int_setting("public_figures_cache_ms", &Config::public_figures_cache_ms, 0, 3'600'000),
      ranged_setting("care_road_factor", &Config::care_road_factor, 1.0, 3.0),
      ranged_setting("care_speed_kmh", &Config::care_speed_kmh, 1.0, 120.0),
      with_expects(int_setting("care_plan_seconds_max", &Config::care_plan_seconds_max, 1, 600),
                   "whole seconds from 1 to 600"),
  };
  return kSettings;
}

const Setting* find_setting(std::string_view key) {
  for (const auto& s : settings())
    if (key == s.key) return &s;
  return nullptr;
}

std::string node_as_text(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (auto b = node.value_exact<bool>()) return *b ? "true" : "false";
  if (auto i = node.value_exact<std::int64_t>()) return std::to_string(*i);
  if (auto d = node.value_exact<double>()) return std::to_string(*d);
  return "\x01";  // not a scalar: no setter accepts it
}

}  // namespace

Status apply_toml_text(Config& config, std::string_view text) {
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return Status(Code::invalid_argument, "config",
                  "config: line " + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    const Setting* s = find_setting(key.str());
    if (s == nullptr)
      return Status(Code::invalid_argument, "config",
                    "config: unknown key '" + std::string(key.str()) + "'");
    if (!s->set(config, node_as_text(node)))
      return Status(Code::invalid_argument, "config",
                    "config: bad value for '" + std::string(key.str()) + "'" + expecting(*s));
  }
  return {};
}

Status apply_toml_file(Config& config, const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(Code::invalid_argument, "config", "config: cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  Status s = apply_toml_text(config, text.str());
  if (s.ok()) return s;
  return Status(s.code(), s.slug(), path + ": " + s.message());
}

Status apply_env(Config& config, const std::map<std::string, std::string>& env) {
  for (const auto& s : settings()) {
    std::string name = "SANGSAENG_";
    for (const char* p = s.key; *p; ++p) name += static_cast<char>(std::toupper(*p));
    auto it = env.find(name);
    if (it == env.end()) continue;
    if (!s.set(config, it->second))
      return Status(Code::invalid_argument, "config",
                    "bad value for environment variable " + name + expecting(s));
  }
  return {};
}

std::map<std::string, std::string> sangsaeng_env() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    if (kv.rfind("SANGSAENG_", 0) != 0) continue;
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return out;
}

}  // namespace sangsaeng
