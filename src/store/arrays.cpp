#include "store/arrays.h"

#include <cassert>

namespace sangsaeng::store {

std::string pg_array(const std::vector<long long>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    out += std::to_string(values[i]);
  }
  return out + "}";
}

std::string pg_array(const std::vector<long long>& values, const std::vector<bool>& present) {
  assert(values.size() == present.size());
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    out += present[i] ? std::to_string(values[i]) : "NULL";
  }
  return out + "}";
}

std::string pg_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    out.push_back('"');
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out + "}";
}

}  // namespace sangsaeng::store
