#include "market/cli/market_command.h"

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "market/draw_check.h"
#include "market/store.h"

namespace sangsaeng::market {

namespace {

constexpr std::size_t kDrawBytesMax = 64 << 20;  // a draw of 100,000 entries is about 8 MB

// The published draw's text from a file or stdin; nullopt (after saying why) when unreadable.
std::optional<std::string> read_file(const std::string& path) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::cerr << "market redraw: cannot read " << path << "\n";
      return std::nullopt;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kDrawBytesMax) {
      std::cerr << "market redraw: the file is larger than 64 MiB\n";
      return std::nullopt;
    }
  }
  return text;
}

// The draw as the server publishes it, from the database.
std::optional<std::string> read_drop(store::Db& db, Id drop_id) {
  return db.read([&](soci::session& s) -> std::optional<std::string> {
    const auto drop = find_drop(s, drop_id);
    if (!drop) {
      std::cerr << "market redraw: no drop " << drop_id << "\n";
      return std::nullopt;
    }
    return boost::json::serialize(published_draw(*drop, find_draw(s, drop_id)));
  });
}

int run_redraw(const std::string& what,
               const std::function<std::unique_ptr<store::Db>()>& open_db) {
  const auto drop_id = parse_id(what);
  std::optional<std::string> text;
  if (drop_id) {
    auto db = open_db();
    text = read_drop(*db, *drop_id);
  } else {
    text = read_file(what);
  }
  if (!text) return 2;
  const DrawCheck check = check_published_draw(*text);
  if (!check.redrawn.empty()) {
    std::cout << "place\tentry (drawn again from the revealed seed)\n";
    for (std::size_t i = 0; i < check.redrawn.size(); ++i)
      std::cout << i + 1 << "\t" << check.redrawn[i] << "\n";
  }
  (check.ok ? std::cout : std::cerr) << check.message << "\n";
  return check.ok ? 0 : 1;
}

}  // namespace

void add_market_commands(CLI::App& app, std::function<std::unique_ptr<store::Db>()> open_db,
                         int& exit_code) {
  CLI::App* market = app.add_subcommand("market", "The community market: check a draw");
  market->require_subcommand(1);
  CLI::App* redraw = market->add_subcommand(
      "redraw", "Draw a published fair-start draw again from its seed and say if it matches");
  auto what = std::make_shared<std::string>();
  redraw
      ->add_option("DROP_OR_FILE", *what,
                   "a drop id (read from the database), or the JSON of "
                   "GET /api/v1/market/drops/{id}/draw (- for stdin)")
      ->required();
  redraw->callback(
      [what, open_db = std::move(open_db), &exit_code] { exit_code = run_redraw(*what, open_db); });
}

}  // namespace sangsaeng::market
