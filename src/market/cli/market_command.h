// `sangsaeng market ...`: the market's command-line commands.
#pragma once

namespace CLI {
class App;
}

namespace sangsaeng::market {

// Registers under `app`:
//   market redraw FILE   checks a published fair-start draw (the JSON of
//                        GET /api/v1/market/drops/{id}/draw; "-" reads stdin) by drawing it
//                        again. exit_code = 0 when it matches, 1 naming the first difference,
//                        2 when the file cannot be read.
// exit_code must outlive app's parsing.
void add_market_commands(CLI::App& app, int& exit_code);

}  // namespace sangsaeng::market
