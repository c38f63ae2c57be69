#include "neighbourhood/cli/draw_command.h"

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "neighbourhood/prize_check.h"

namespace sangsaeng::neighbourhood {

namespace {

constexpr std::size_t kDrawBytesMax = 64 << 20;  // 100,000 entries are about 6 MB

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::cerr << "draw verify: cannot read " << path << "\n";
      return std::nullopt;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kDrawBytesMax) {
      std::cerr << "draw verify: the file is larger than 64 MiB\n";
      return std::nullopt;
    }
  }
  return text;
}

int run_verify(const std::string& what,
               const std::function<std::unique_ptr<store::Db>()>& open_db) {
  std::optional<std::string> text;
  if (const auto event_id = parse_id(what)) {
    auto db = open_db();
    NeighbourhoodService service(*db);
    const auto p = service.published(*event_id);
    if (!p) {
      std::cerr << "draw verify: no prize event " << *event_id << "\n";
      return 2;
    }
    text = boost::json::serialize(published_draw(*p));
  } else {
    text = read_text(what);
  }
  if (!text) return 2;
  const PrizeCheck check = check_published_prize_draw(*text);
  if (!check.winners.empty()) {
    std::cout << "place\tentry (drawn again from the revealed seed)\n";
    for (std::size_t i = 0; i < check.winners.size(); ++i)
      std::cout << i + 1 << "\t" << check.winners[i] << "\n";
  }
  (check.ok ? std::cout : std::cerr) << check.message << "\n";
  return check.ok ? 0 : 1;
}

}  // namespace

void add_draw_commands(CLI::App& app, std::function<std::unique_ptr<store::Db>()> open_db,
                       int& exit_code) {
  CLI::App* draw = app.add_subcommand("draw", "Prize draws: check a published draw");
  draw->require_subcommand(1);
  CLI::App* verify = draw->add_subcommand(
      "verify", "Draw a prize event's published draw again from its seed and say if it matches");
  auto what = std::make_shared<std::string>();
  verify
      ->add_option("EVENT_OR_FILE", *what,
                   "a prize event id (read from the database), or the JSON of "
                   "GET /api/v1/neighbourhood/prize-events/{id}/draw (- for stdin)")
      ->required();
  verify->callback(
      [what, open_db = std::move(open_db), &exit_code] { exit_code = run_verify(*what, open_db); });
}

}  // namespace sangsaeng::neighbourhood
