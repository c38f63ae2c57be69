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

Result<std::vector<std::vector<std::string>>> csv_parse(std::string_view text,
                                                        std::size_t rows_max) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, after_quote = false, any = false;
  std::size_t line = 1;
  auto malformed = [&](const char* what) {
    return Status(Code::invalid_argument, "malformed-csv",
                  "The CSV is malformed at line " + std::to_string(line) + ": " + what);
  };
  auto end_row = [&]() -> bool {
    row.push_back(std::move(field));
    field.clear();
    const bool blank = row.size() == 1 && row[0].empty() && !any;
    if (!blank) rows.push_back(std::move(row));
    row.clear();
    any = after_quote = false;
    return rows.size() <= rows_max;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !after_quote) {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
      after_quote = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the \n ends the row
    } else if (c == '\n' || c == '\r') {
      if (!end_row()) break;
      ++line;
    } else if (after_quote) {
      return malformed("text after a closing quote");
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) return malformed("a quoted field is not closed");
  if (rows.size() <= rows_max && (!field.empty() || !row.empty() || any)) end_row();
  if (rows.size() > rows_max) {
    return Status(Code::invalid_argument, "too-many-rows",
                  "At most " + std::to_string(rows_max) + " rows at a time");
  }
  return rows;
}

}  // namespace sangsaeng
