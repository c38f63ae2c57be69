// `sangsaeng ledger ...`: the ledger's command-line commands.
#pragma once

#include <functional>
#include <memory>

#include "store/db.h"

namespace CLI {
class App;
}

namespace sangsaeng::ledger {

// Registers under `app`:
//   ledger verify                  recomputes the books; prints the result. exit_code = 0 when
//                                  they verify, 1 with the first mismatch named, 2 when the
//                                  database cannot be read.
//   ledger export --from --to      writes the transfers of [from, to) (RFC 3339) as CSV to stdout.
//   ledger publish                 writes the whole journal (ledger/verify.h write_journal) to
//                                  stdout: the file anyone verifies without the database.
//   ledger verify --journal FILE [--head HASH]
//                                  replays a published journal (no database is opened); exit 0
//                                  when it verifies (and reaches HASH), 1 when not, 2 when the
//                                  file cannot be read.
// open_db is called only when a ledger command runs; exit_code must outlive app's parsing.
void add_ledger_commands(CLI::App& app, std::function<std::unique_ptr<store::Db>()> open_db,
                         int& exit_code);

}  // namespace sangsaeng::ledger
