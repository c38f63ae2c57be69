#include "ledger/cli/ledger_command.h"

#include <CLI/CLI.hpp>
#include <fstream>
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

// A published journal, without the database. With `head`, the chain must reach that hash.
int run_verify_journal(const std::string& path, const std::string& head) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "ledger verify: cannot read " << path << "\n";
    return 2;
  }
  const JournalCheck check = verify_journal(in, head);
  if (!check.report.ok()) {
    std::cerr << describe(check.report) << "\n";
    return 1;
  }
  std::cout << describe(check.report) << "\n";
  if (head.empty()) return 0;
  if (check.head_seq == 0) {
    std::cerr << "books do NOT reach head " << head << ": no entry of this journal has that hash\n";
    return 1;
  }
  std::cout << "head " << head << " reached at entry " << check.head_seq << "\n";
  return 0;
}

int run_publish(const std::function<std::unique_ptr<store::Db>()>& open_db) {
  try {
    auto db = open_db();
    db->read([&](soci::session& s) { write_journal(s, std::cout); });
    std::cout.flush();
    return std::cout ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "ledger publish: " << e.what() << "\n";
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
  CLI::App* ledger = app.add_subcommand("ledger", "The books: verify, export, publish");
  ledger->require_subcommand(1);
  CLI::App* verify_cmd = ledger->add_subcommand(
      "verify", "Recompute the hash chain and every balance; name the first mismatch");
  auto journal = std::make_shared<std::string>();
  auto head = std::make_shared<std::string>();
  verify_cmd->add_option("--journal", *journal,
                         "a published journal (ledger publish) to verify instead of the database");
  verify_cmd->add_option("--head", *head, "with --journal: a head hash the chain must reach");
  verify_cmd->callback([open_db, journal, head, &exit_code] {
    exit_code = journal->empty() ? run_verify(open_db) : run_verify_journal(*journal, *head);
  });
  CLI::App* publish_cmd = ledger->add_subcommand(
      "publish",
      "Write the whole journal as CSV to stdout, for anyone to verify without the "
      "database (ledger verify --journal)");
  publish_cmd->callback([open_db, &exit_code] { exit_code = run_publish(open_db); });
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
