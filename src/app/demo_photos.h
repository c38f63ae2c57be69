// Photos for the demo market's products, drawn here (shapes and colours, no files from anywhere)
// and stored through the same path as an upload (uploads::prepare, market::add_photo), so the
// demo shows what a merchant's photo looks like on the market list and the drop page.
#pragma once

#include "core/time.h"
#include "store/db.h"

namespace sangsaeng::app {

// Gives each demo product (by name, see seed_demo_market) that has no photo yet its drawing.
// Idempotent. Returns how many photos it added. Throws std::runtime_error if an upload is
// refused (a bug in the drawing).
int seed_demo_photos(store::Db& db, UnixMicros now);

}  // namespace sangsaeng::app
