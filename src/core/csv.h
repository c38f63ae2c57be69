// CSV for exports (DESIGN.md: "Exports are CSV"), RFC 4180: comma-separated, CRLF line ends, a
// field quoted ("...", a quote doubled) when it holds a comma, a quote, CR or LF. Files meant for
// people start with a UTF-8 byte-order mark, without which Excel reads Korean as mojibake.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sangsaeng {

// One field as it appears in a CSV line.
std::string csv_field(std::string_view value);

// Builds a CSV text row by row, in memory (callers bound the rows: a page, a drop's orders).
class CsvWriter {
 public:
  struct Options {
    bool bom = true;  // a UTF-8 BOM first, for spreadsheets
    // A field a spreadsheet would run as a formula (it starts with = + - @, a tab or CR) gets a
    // leading ' (OWASP "CSV injection"): buyers write memos, merchants open the file in Excel.
    // Off for machine-read exports whose numbers may be negative.
    bool guard_formulas = true;
  };
  CsvWriter() : CsvWriter(Options{}) {}
  explicit CsvWriter(Options options);

  void row(std::span<const std::string> fields);
  void row(std::initializer_list<std::string_view> fields);
  const std::string& text() const { return text_; }
  std::size_t rows() const { return rows_; }

 private:
  void field(std::string_view value, bool first);
  Options options_;
  std::string text_;
  std::size_t rows_ = 0;
};

// Reads a CSV text (an import): RFC 4180 quoting, CRLF or LF line ends, a leading UTF-8 BOM
// skipped, empty lines skipped. At most `rows_max` rows (then invalid_argument "too-many-rows");
// a quote left open or text after a closing quote is invalid_argument "malformed-csv" naming
// the line.
Result<std::vector<std::vector<std::string>>> csv_parse(std::string_view text,
                                                        std::size_t rows_max);

}  // namespace sangsaeng
