// Opaque list cursors: lists are paginated newest first by id; the cursor names the last id
// a page returned. Clients must treat it as opaque (it is base64url, not a number).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"

namespace sangsaeng {

std::string encode_cursor(Id last_id);
// nullopt for anything encode_cursor did not produce.
std::optional<Id> decode_cursor(std::string_view cursor);

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<Id> next;  // pass as the cursor for the next page; none on the last page
};

constexpr int kPageLimitMax = 200;  // a bound on every list read
constexpr int kPageLimitDefault = 50;

}  // namespace sangsaeng
