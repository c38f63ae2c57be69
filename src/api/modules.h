// One registration function per API file; api/server.cpp calls them all.
#pragma once

#include "api/api.h"

namespace sangsaeng::api {

void add_ops_routes(Routes& routes);       // /healthz, /readyz, /metrics, /api/v1/openapi.json
void add_auth_routes(Routes& routes);      // /api/v1/auth/...
void add_programs_routes(Routes& routes);  // /api/v1/programs...
void add_admin_routes(Routes& routes);     // /api/v1/orgs, users, tokens, audit

}  // namespace sangsaeng::api
