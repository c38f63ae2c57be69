// JSON views of account values, shared by the handlers that return them. Ids are strings.
#pragma once

#include <boost/json/object.hpp>

#include "accounts/types.h"

namespace sangsaeng::api {

boost::json::object user_json(const accounts::User& user);
boost::json::object org_json(const accounts::Org& org);
boost::json::object program_json(const accounts::Program& program);
boost::json::object audit_json(const accounts::AuditEntry& entry);
boost::json::object token_json(const accounts::ApiToken& token);

}  // namespace sangsaeng::api
