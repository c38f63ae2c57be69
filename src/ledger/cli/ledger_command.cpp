#include "ledger/cli/ledger_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "ledger/queries.h"
#include "ledger/verify.h"

namespace sangsaeng::ledger {

namespace {

int run_verify(const std::function<std::unique_ptr<store::Db>()>& open_db) {
  try {
    auto db = open_db();
    const VerifyReport report = verify(*db);
    (report.ok() ? std::cout : std::cerr) << describe(report) << "\n";
    return report.ok() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "ledger verify: cannot read the books: " << e.what() << "\n";
    return 2;
  }
}

int run_export(const std::function<std::unique_ptr<store::Db>()>& open_db, const std::string& from,
               const std::string& to) {
  const auto from_us = parse_rfc3339(from), to_us = parse_rfc3339(to);
  if (!from_us || !to_us) {
    std::cerr << "ledger export: --from and --to must be RFC 3339 instants with an offset\n";
    return 2;
  }
  try {
    auto db = open_db();
    db->read([&](soci::session& s) { export_csv(s, *from_us, *to_us, std::cout); });
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ledger export: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

void add_ledger_commands(CLI::App& app, std::function<std::unique_ptr<store::Db>()> open_db,
                         int& exit_code) {
  CLI::App* ledger = app.add_subcommand("ledger", "The books: verify, export");
  ledger->require_subcommand(1);
  CLI::App* verify_cmd = ledger->add_subcommand(
      "verify", "Recompute the hash chain and every balance; name the first mismatch");
  verify_cmd->callback([open_db, &exit_code] { exit_code = run_verify(open_db); });
  CLI::App* export_cmd =
      ledger->add_subcommand("export", "Write the transfers of a period as CSV to stdout");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  export_cmd->add_option("--from", *from, "start (inclusive), RFC 3339")->required();
  export_cmd->add_option("--to", *to, "end (exclusive), RFC 3339")->required();
  export_cmd->callback(
      [open_db, from, to, &exit_code] { exit_code = run_export(open_db, *from, *to); });
}

}  // namespace sangsaeng::ledger
