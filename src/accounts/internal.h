// Shared by the accounts' sources only (not part of the module's contract).
#pragma once

#include <cstdint>

#include "core/id.h"

namespace sangsaeng::accounts {

// The cursor of a first page: every id is below it (lists run newest first, by id).
constexpr Id kNoCursor = INT64_MAX;

}  // namespace sangsaeng::accounts
