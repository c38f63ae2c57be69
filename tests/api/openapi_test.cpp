// The served OpenAPI document lists exactly the routes the server has.
#include <algorithm>
#include <set>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

TEST(OpenApi, DocumentListsEveryRouteAndNoOther) {
  ApiEnv env;
  auto r = env.call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  const auto doc = boost::json::parse(r.body);
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters") continue;
      documented.insert(lower(std::string(method)) + " " + std::string(path));
      EXPECT_TRUE(op.as_object().contains("responses")) << method << " " << path;
    }
  std::set<std::string> registered;
  for (const auto& spec : env.server().routes())
    registered.insert(lower(std::string(http::to_string(spec.method))) + " " + spec.pattern);
  for (const auto& route : registered)
    EXPECT_TRUE(documented.count(route)) << "undocumented: " << route;
  for (const auto& route : documented)
    EXPECT_TRUE(registered.count(route)) << "documented but missing: " << route;
}

}  // namespace
}  // namespace sangsaeng::testing
