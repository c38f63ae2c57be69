// Finding the line of a JSON path ("jobs[3].time_windows[1]") in a document already known to be
// valid JSON, so that content errors name a line as syntax errors do. Boost.JSON keeps no
// source positions, hence this small walker over the text.
#include <cctype>
#include <string>
#include <variant>
#include <vector>

#include "routing/io/load.h"

namespace sangsaeng::routing::io {

namespace {

using Step = std::variant<std::string, std::size_t>;  // an object key or an array index

std::vector<Step> split_path(std::string_view path) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
    } else if (path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string_view::npos) break;
      steps.emplace_back(
          static_cast<std::size_t>(std::stoull(std::string(path.substr(i + 1, close - i - 1)))));
      i = close + 1;
    } else {
      const auto end = path.find_first_of(".[", i);
      steps.emplace_back(std::string(
          path.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
      i = end == std::string_view::npos ? path.size() : end;
    }
  }
  return steps;
}

class Walker {
 public:
  explicit Walker(std::string_view text) : text_(text) {}

  // The offset of the value at the path, or of the deepest part of it that exists.
  std::size_t find(const std::vector<Step>& steps) {
    std::size_t pos = skip_ws(0);
    for (const Step& step : steps) {
      const std::size_t next = std::holds_alternative<std::string>(step)
                                   ? member(pos, std::get<std::string>(step))
                                   : element(pos, std::get<std::size_t>(step));
      if (next == std::string_view::npos) break;
      pos = next;
    }
    return pos;
  }

 private:
  std::size_t skip_ws(std::size_t pos) const {
    while (pos < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos]))) ++pos;
    return pos;
  }

  std::size_t skip_string(std::size_t pos) const {  // pos at the opening quote
    for (++pos; pos < text_.size() && text_[pos] != '"'; ++pos) {
      if (text_[pos] == '\\') ++pos;
    }
    return pos + 1;
  }

  std::size_t skip_value(std::size_t pos) const {
    if (pos >= text_.size()) return pos;
    if (text_[pos] == '"') return skip_string(pos);
    if (text_[pos] == '{' || text_[pos] == '[') {
      int depth = 0;
      while (pos < text_.size()) {
        const char c = text_[pos];
        if (c == '"') {
          pos = skip_string(pos);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) return pos + 1;
        ++pos;
      }
      return pos;
    }
    while (pos < text_.size() && text_[pos] != ',' && text_[pos] != '}' && text_[pos] != ']' &&
           !std::isspace(static_cast<unsigned char>(text_[pos]))) {
      ++pos;
    }
    return pos;
  }

  std::size_t member(std::size_t pos, const std::string& key) const {
    if (pos >= text_.size() || text_[pos] != '{') return std::string_view::npos;
    pos = skip_ws(pos + 1);
    while (pos < text_.size() && text_[pos] == '"') {
      const std::size_t end = skip_string(pos);
      const std::string_view name = text_.substr(pos + 1, end - pos - 2);
      pos = skip_ws(skip_ws(end) + 1);  // past ':'
      if (name == key) return pos;
      pos = skip_ws(skip_value(pos));
      if (pos < text_.size() && text_[pos] == ',') pos = skip_ws(pos + 1);
    }
    return std::string_view::npos;
  }

  std::size_t element(std::size_t pos, std::size_t index) const {
    if (pos >= text_.size() || text_[pos] != '[') return std::string_view::npos;
    pos = skip_ws(pos + 1);
    for (std::size_t i = 0; pos < text_.size() && text_[pos] != ']'; ++i) {
      if (i == index) return pos;
      pos = skip_ws(skip_value(pos));
      if (pos < text_.size() && text_[pos] == ',') pos = skip_ws(pos + 1);
    }
    return std::string_view::npos;
  }

  std::string_view text_;
};

}  // namespace

int line_of_path(std::string_view text, std::string_view path) {
  return line_of(text, Walker(text).find(split_path(path)));
}

}  // namespace sangsaeng::routing::io
