#include "market/cli/market_command.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "market/draw_check.h"

namespace sangsaeng::market {

namespace {

constexpr std::size_t kDrawBytesMax = 64 << 20;  // a draw of 100,000 entries is about 8 MB

int run_redraw(const std::string& path) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::cerr << "market redraw: cannot read " << path << "\n";
      return 2;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kDrawBytesMax) {
      std::cerr << "market redraw: the file is larger than 64 MiB\n";
      return 2;
    }
  }
  const DrawCheck check = check_published_draw(text);
  (check.ok ? std::cout : std::cerr) << check.message << "\n";
  return check.ok ? 0 : 1;
}

}  // namespace

void add_market_commands(CLI::App& app, int& exit_code) {
  CLI::App* market = app.add_subcommand("market", "The community market: check a draw");
  market->require_subcommand(1);
  CLI::App* redraw = market->add_subcommand(
      "redraw", "Check a published fair-start draw by drawing it again from its seed");
  auto path = std::make_shared<std::string>();
  redraw
      ->add_option("FILE", *path,
                   "the draw's JSON (GET /api/v1/market/drops/{id}/draw), - for stdin")
      ->required();
  redraw->callback([path, &exit_code] { exit_code = run_redraw(*path); });
}

}  // namespace sangsaeng::market
