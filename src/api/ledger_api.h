// /api/v1/ledger/...: the books over HTTP (issue 4). Thin: parse, call the ledger engine or
// its store, write the answer. Admins and services (bearer tokens of admin users) create
// accounts and transfers; admins and auditors read everything; an account's owner (the
// customer whose user id, or the organisation whose org id, is the owner_ref) reads that
// account, its history and balances.
#pragma once

#include "api/api.h"
#include "ledger/engine.h"

namespace sangsaeng::api {

// Registers the ledger routes. `engine` writes; reads go to routes.deps().db.
// REQUIRES: engine outlives the server.
void add_ledger_routes(Routes& routes, ledger::Engine& engine);

}  // namespace sangsaeng::api
