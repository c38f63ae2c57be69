// sangsaeng: serve | demo | migrate | user add | version (+ route, ledger when built).
// Config: defaults < TOML file (--config) < SANGSAENG_* environment < flags.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "accounts/service.h"
#include "api/server.h"
#include "app/demo.h"
#include "app/demo_photos.h"
#include "core/config.h"
#include "store/db.h"
#include "store/migrations.h"
#ifdef SANGSAENG_HAS_ROUTE
#include "routing/cli/route_command.h"
#endif
#ifdef SANGSAENG_HAS_MARKET
#include "market/cli/market_command.h"
#endif
#ifdef SANGSAENG_HAS_NEIGHBOURHOOD
#include "neighbourhood/cli/draw_command.h"
#endif
#ifdef SANGSAENG_HAS_LEDGER
#include "ledger/cli/ledger_command.h"
#endif

namespace {

using namespace sangsaeng;

constexpr const char* kVersion = "0.1.0";

// Flags that override the config; unset ones leave it alone.
struct Flags {
  std::string config_path;
  std::optional<int> port, threads;
  std::optional<std::string> data_dir, db_url, web_dir, address;
};

void add_server_flags(CLI::App* cmd, Flags& f) {
  cmd->add_option("--port", f.port, "Port to listen on (0 picks a free one and prints it)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", f.threads, "HTTP io threads")->check(CLI::Range(1, 256));
  cmd->add_option("--address", f.address, "Address to bind (default 127.0.0.1)");
  cmd->add_option("--web-dir", f.web_dir, "Directory of the built web UI (default web/dist)");
}

void add_db_flags(CLI::App* cmd, Flags& f) {
  cmd->add_option("--data-dir", f.data_dir, "Data directory (the SQLite file lives here)");
  cmd->add_option("--db", f.db_url, "Database URL: sqlite://PATH or postgresql://...");
}

Config load_config(const Flags& f) {
  Config c;
  Status s = apply_toml_file(c, f.config_path);
  if (s.ok()) s = apply_env(c, sangsaeng_env());
  if (!s.ok()) throw std::runtime_error(s.message());
  if (f.port) c.port = *f.port;
  if (f.threads) c.threads = *f.threads;
  if (f.data_dir) c.data_dir = *f.data_dir;
  if (f.db_url) c.db_url = *f.db_url;
  if (f.web_dir) c.web_dir = *f.web_dir;
  if (f.address) c.address = *f.address;
  return c;
}

void setup_logging(const Config& c) {
  spdlog::set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%v"})");
  spdlog::set_level(spdlog::level::from_str(c.log_level));
}

std::unique_ptr<store::Db> open_db(const Config& c) {
  auto db = store::Db::open({.url = c.effective_db_url(),
                             .pool_size = c.db_pool_size,
                             .pool_timeout_ms = c.db_pool_timeout_ms});
  const auto report = store::migrate(*db);
  if (report.applied > 0)
    spdlog::info("applied {} migrations; schema version {}", report.applied, report.version);
  return db;
}

int serve(const Config& c, bool demo) {
  setup_logging(c);
  set_node_id(c.node_id);
  auto db = open_db(c);
  if (demo) {
    accounts::AccountService accounts(*db);
    if (app::seed_demo(accounts, now_us())) spdlog::info("demo data seeded");
    if (app::seed_demo_books(*db, accounts)) spdlog::info("demo books seeded");
    if (app::seed_demo_market(*db, accounts, now_us())) spdlog::info("demo market seeded");
    if (app::seed_demo_outage(*db, accounts, now_us())) spdlog::info("demo outages seeded");
    if (app::seed_demo_live(*db, accounts, now_us())) spdlog::info("demo live events seeded");
    if (app::seed_demo_volunteer(*db, accounts, now_us())) spdlog::info("demo volunteers seeded");
    if (app::seed_demo_grants(*db, accounts, now_us())) spdlog::info("demo grants seeded");
    if (app::seed_demo_giving(*db, accounts, now_us())) spdlog::info("demo credit seeded");
    if (app::seed_demo_care(*db, accounts, now_us())) spdlog::info("demo care seeded");
    if (app::seed_demo_neighbourhood(*db, accounts, now_us()))
      spdlog::info("demo neighbourhood seeded");
    if (app::seed_demo_care_education(*db, accounts, now_us()))
      spdlog::info("demo education seeded");
    if (app::seed_demo_campaigns(*db, accounts, now_us())) spdlog::info("demo campaigns seeded");
    if (int n = app::seed_demo_photos(*db, now_us()); n > 0) spdlog::info("demo photos: {}", n);
  }
  api::ApiServer server(c, *db, /*stop_on_signals=*/true);
  server.start();
  std::cout << "sangsaeng: listening on http://"
            << (c.address == "0.0.0.0" ? "127.0.0.1" : c.address) << ":" << server.port()
            << std::endl;
  if (demo)
    std::cout
        << "sangsaeng: demo logins: admin@sangsaeng.test (and manager, merchant, helper, customer, "
           "auditor @sangsaeng.test), password "
        << app::kDemoPassword << std::endl;
  server.wait();
  spdlog::info("stopped");
  return 0;
}

int add_user(const Config& c, const std::string& email, const std::string& name,
             const std::string& password, const std::vector<std::string>& roles) {
  auto db = open_db(c);
  accounts::AccountService accounts(*db);
  accounts::NewUser u{email, name, password, std::nullopt, {}};
  for (const auto& r : roles) {
    const auto colon = r.find(':');
    auto role = accounts::parse_role(r.substr(0, colon));
    if (!role) throw std::runtime_error("unknown role: " + r);
    u.roles.push_back({*role, colon == std::string::npos ? "" : r.substr(colon + 1)});
  }
  auto created = accounts.create_user(u, now_us());
  if (!created.ok()) {
    std::cerr << "sangsaeng: " << created.status().message();
    for (const auto& f : created.status().fields())
      std::cerr << "; " << f.field << " " << f.message;
    std::cerr << "\n";
    return 2;
  }
  std::cout << "created user " << created->id << " <" << created->email << ">\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sangsaeng (상생): community programs platform"};
  app.require_subcommand(1);
  Flags flags;
  app.add_option("--config", flags.config_path, "TOML config file")->check(CLI::ExistingFile);
  int exit_code = 0;
  std::function<int()> run;

  auto* serve_cmd = app.add_subcommand("serve", "Run the API and web server");
  add_server_flags(serve_cmd, flags);
  add_db_flags(serve_cmd, flags);
  serve_cmd->callback([&] { run = [&] { return serve(load_config(flags), false); }; });

  auto* demo_cmd = app.add_subcommand("demo", "Seed demo data (once) and run the server");
  add_server_flags(demo_cmd, flags);
  add_db_flags(demo_cmd, flags);
  demo_cmd->callback([&] { run = [&] { return serve(load_config(flags), true); }; });

  auto* migrate_cmd = app.add_subcommand("migrate", "Apply pending database migrations");
  add_db_flags(migrate_cmd, flags);
  migrate_cmd->callback([&] {
    run = [&] {
      auto db = store::Db::open({.url = load_config(flags).effective_db_url(), .pool_size = 1});
      const auto r = store::migrate(*db);
      std::cout << "applied " << r.applied << " migrations; schema version " << r.version << "\n";
      return 0;
    };
  });

  auto* user_cmd = app.add_subcommand("user", "Manage users")->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Create a user");
  std::string email, name, password;
  std::vector<std::string> roles;
  user_add->add_option("--email", email, "E-mail (the log-in)")->required();
  user_add->add_option("--name", name, "Display name")->required();
  user_add->add_option("--password", password, "Password (at least 10 characters)")->required();
  user_add->add_option("--role", roles, "Role, e.g. admin or manager:market (repeatable)")
      ->required();
  add_db_flags(user_add, flags);
  user_add->callback(
      [&] { run = [&] { return add_user(load_config(flags), email, name, password, roles); }; });

  app.add_subcommand("version", "Print the version")->callback([&] {
    run = [] {
      std::cout << "sangsaeng " << kVersion << "\n";
      return 0;
    };
  });

#ifdef SANGSAENG_HAS_ROUTE
  routing::add_route_command(app, exit_code);
#endif
#ifdef SANGSAENG_HAS_LEDGER
  ledger::add_ledger_commands(
      app, [&] { return open_db(load_config(flags)); }, exit_code);
  // The books live where the server keeps them: the same --data-dir and --db flags.
  for (CLI::App* cmd : app.get_subcommand("ledger")->get_subcommands({})) add_db_flags(cmd, flags);
#endif

#ifdef SANGSAENG_HAS_MARKET
  market::add_market_commands(
      app, [&] { return open_db(load_config(flags)); }, exit_code);
  // `market redraw DROP` reads the draw where the server keeps it: the same database flags.
  for (CLI::App* cmd : app.get_subcommand("market")->get_subcommands({})) add_db_flags(cmd, flags);
#endif

#ifdef SANGSAENG_HAS_NEIGHBOURHOOD
  neighbourhood::add_draw_commands(
      app, [&] { return open_db(load_config(flags)); }, exit_code);
  // `draw verify EVENT` reads the draw where the server keeps it: the same database flags.
  for (CLI::App* cmd : app.get_subcommand("draw")->get_subcommands({})) add_db_flags(cmd, flags);
#endif

  try {
    app.parse(argc, argv);
    if (run) return run();
    return exit_code;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "sangsaeng: " << e.what() << "\n";
    return 1;
  }
}
