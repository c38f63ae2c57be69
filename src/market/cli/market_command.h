// `sangsaeng market ...`: the market's command-line commands.
#pragma once

#include <functional>
#include <memory>

#include "store/db.h"

namespace CLI {
class App;
}

namespace sangsaeng::market {

// Registers under `app`:
//   market redraw DROP   draws a drop's published fair-start draw again (read from the database
//                        the server uses: the --data-dir/--db flags) and prints the order;
//   market redraw FILE   the same for a draw saved from GET /api/v1/market/drops/{id}/draw
//                        ("-" reads stdin), for anyone without the database.
// A DROP is all digits; anything else is a FILE. exit_code = 0 when the seed matches its
// commitment and the order matches, 1 naming the first difference, 2 when the draw cannot be
// read (no such file or drop). open_db is called only for a DROP; exit_code must outlive app's
// parsing.
void add_market_commands(CLI::App& app, std::function<std::unique_ptr<store::Db>()> open_db,
                         int& exit_code);

}  // namespace sangsaeng::market
