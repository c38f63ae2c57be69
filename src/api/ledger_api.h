// /api/v1/ledger/...: the books over HTTP (issue 4). Thin: parse, call the ledger engine or
// its store, write the answer. Admins and services (bearer tokens of admin users) create
// accounts and transfers; admins and auditors read everything; an account's owner (the
// customer whose user id, or the organisation whose org id, is the owner_ref) reads that
// account, its history and balances.
#pragma once

#include "api/api.h"
#include "ledger/engine.h"
#include "ledger/verify.h"

namespace sangsaeng::api {

// Registers the ledger routes. `engine` writes; `verifications` runs GET /ledger/verify off the
// io threads; other reads go to routes.deps().db. REQUIRES: engine and verifications outlive
// the server, and are destroyed before `routes` (their callbacks answer through it).
void add_ledger_routes(Routes& routes, ledger::Engine& engine,
                       ledger::Verifications& verifications);

}  // namespace sangsaeng::api
