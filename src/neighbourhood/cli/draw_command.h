// `sangsaeng draw verify`: re-runs a neighbourhood prize event's published draw.
#pragma once

#include <functional>
#include <memory>

#include "store/db.h"

namespace CLI {
class App;
}

namespace sangsaeng::neighbourhood {

// Registers under `app`:
//   draw verify EVENT   draws the prize event's published draw again (read from the database
//                       the server uses: the --data-dir/--db flags) and prints the winners;
//   draw verify FILE    the same for a draw saved from
//                       GET /api/v1/neighbourhood/prize-events/{id}/draw ("-" reads stdin),
//                       for anyone without the database.
// An EVENT is all digits; anything else is a FILE. exit_code = 0 when the seed matches its
// commitment and the winners match, 1 naming the first difference, 2 when the draw cannot be
// read. open_db is called only for an EVENT; exit_code must outlive app's parsing.
void add_draw_commands(CLI::App& app, std::function<std::unique_ptr<store::Db>()> open_db,
                       int& exit_code);

}  // namespace sangsaeng::neighbourhood
