// Text into HTML: for the printable pages the server writes itself (certificates, receipts).
#pragma once

#include <string>
#include <string_view>

namespace sangsaeng {

// `text` with & < > " ' escaped, safe in element content and in quoted attribute values.
inline std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace sangsaeng
