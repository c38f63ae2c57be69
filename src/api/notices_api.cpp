// A signed-in person's notices (the outbox's messages addressed to them): what the programs told
// them, newest first, with whether it has been sent.
#include <boost/json/array.hpp>

#include "api/api.h"
#include "api/modules.h"
#include "outbox/outbox.h"

namespace sangsaeng::api {

namespace {

constexpr int kNoticesMax = 100;

boost::json::object notice_json(const outbox::Message& m) {
  return {{"id", id_to_string(m.id)},
          {"topic", m.topic},
          {"channel", m.channel},
          {"subject", m.subject},
          {"body", m.body},
          {"created_at", format_rfc3339(m.created_at_us)},
          {"sent_at", m.sent_at_us ? boost::json::value(format_rfc3339(*m.sent_at_us)) : nullptr}};
}

}  // namespace

void add_notices_routes(Routes& routes) {
  store::Db* db = &routes.deps().db;
  routes.add(
      {http::Method::get, "/api/v1/notices", {accounts::Action::signed_in}}, [db](Call& call) {
        boost::json::array items;
        const Id me = call.principal->user.id;
        for (const auto& m : db->read(
                 [&](soci::session& s) { return outbox::for_recipient(s, me, kNoticesMax); })) {
          items.push_back(notice_json(m));
        }
        return json_response(200, boost::json::object{{"items", items}});
      });
}

}  // namespace sangsaeng::api
