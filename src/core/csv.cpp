#include "core/csv.h"

namespace sangsaeng {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool needs_quotes(std::string_view v) {
  return v.find_first_of(",\"\r\n") != std::string_view::npos;
}

bool looks_like_formula(std::string_view v) {
  return !v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos;
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (!needs_quotes(value)) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

CsvWriter::CsvWriter(Options options) : options_(options) {
  if (options_.bom) text_ += kBom;
}

void CsvWriter::field(std::string_view value, bool first) {
  if (!first) text_ += ',';
  if (options_.guard_formulas && looks_like_formula(value))
    text_ += csv_field("'" + std::string(value));
  else
    text_ += csv_field(value);
}

void CsvWriter::row(std::span<const std::string> fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) field(fields[i], i == 0);
  text_ += "\r\n";
  ++rows_;
}

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    field(f, first);
    first = false;
  }
  text_ += "\r\n";
  ++rows_;
}

}  // namespace sangsaeng
