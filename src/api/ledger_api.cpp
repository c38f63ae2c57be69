// The ledger's handlers: accounts, transfers (single and batch), history, balances, CSV
// export, verify. Writes are submitted to the engine's single writer and answered after their
// durable commit, without an io thread waiting meanwhile (bounded queue: 429 when full).
#include "api/ledger_api.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cassert>
#include <cctype>
#include <sstream>

#include "core/cursor.h"
#include "core/json.h"
#include "ledger/queries.h"
#include "ledger/read_policy.h"
#include "ledger/store.h"
#include "ledger/verify.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace lg = ledger;
using accounts::Action;
using http::Method;

namespace {

constexpr std::size_t kTransfersBodyBytesMax = 4 * 1024 * 1024;  // 8,190 transfers fit
constexpr std::int64_t kExportPeriodUsMax = 400 * kMicrosPerDay;

json::value id_json(Id id) {
  return id == 0 ? json::value(nullptr) : json::value(id_to_string(id));
}

json::object transfer_json(const lg::Transfer& t) {
  return {{"id", id_to_string(t.id)},
          {"seq", t.seq},
          {"kind", lg::transfer_kind(t.flags)},
          {"debit_account_id", id_to_string(t.debit_account_id)},
          {"credit_account_id", id_to_string(t.credit_account_id)},
          {"amount", t.amount},
          {"ledger", t.ledger},
          {"code", t.code},
          {"pending_id", id_json(t.pending_id)},
          {"released", t.released},
          {"timeout_s", t.timeout_s},
          {"linked", (t.flags & lg::transfer_flags::kLinked) != 0},
          {"reference", t.reference},
          {"timestamp", format_rfc3339(t.timestamp_us)}};
}

json::object balances_json(const lg::Balances& b) {
  return {{"debits_pending", b.debits_pending},
          {"debits_posted", b.debits_posted},
          {"credits_pending", b.credits_pending},
          {"credits_posted", b.credits_posted},
          {"net_posted", b.credits_posted - b.debits_posted}};
}

json::object account_json(const lg::Account& a) {
  namespace af = lg::account_flags;
  return {{"id", id_to_string(a.id)},
          {"ledger", a.ledger},
          {"unit", a.ledger == lg::kLedgerKrw      ? "KRW"
                   : a.ledger == lg::kLedgerCredit ? "CREDIT"
                                                   : ""},
          {"code", a.code},
          {"owner_kind", lg::to_string(a.owner_kind)},
          {"owner_ref", a.owner_ref},
          {"debits_must_not_exceed_credits", (a.flags & af::kDebitsMustNotExceedCredits) != 0},
          {"credits_must_not_exceed_debits", (a.flags & af::kCreditsMustNotExceedDebits) != 0},
          {"created_at", format_rfc3339(a.created_at_us)}};
}

// Where an owner_ref points, by owner kind: a user's id, an organisation's id, a program's slug
// (a fund's ref is its program's slug: the art hall fund is "art-hall").
enum class OwnerRegistry { users, orgs, programs, none };

OwnerRegistry registry_of(lg::OwnerKind kind) {
  switch (kind) {
    case lg::OwnerKind::customer:
      return OwnerRegistry::users;
    case lg::OwnerKind::merchant:
    case lg::OwnerKind::charity:
    case lg::OwnerKind::company:
      return OwnerRegistry::orgs;
    case lg::OwnerKind::program:
    case lg::OwnerKind::fund:
      return OwnerRegistry::programs;
  }
  return OwnerRegistry::none;
}

// Owners' names for a page of accounts, looked up together: one query per registry, never one
// per account.
struct OwnerNames {
  accounts::DisplayNames names;
  std::vector<accounts::Program> programs;

  // Sets owner_name (as registered; a program's Korean name) and owner_name_en (a program's
  // English name; anyone else's name as it is); both null if the owner is not on record.
  void write(const lg::Account& a, json::object& o) const {
    o["owner_name"] = nullptr;
    o["owner_name_en"] = nullptr;
    const auto registry = registry_of(a.owner_kind);
    if (registry == OwnerRegistry::programs) {
      for (const auto& p : programs)
        if (p.slug == a.owner_ref) {
          o["owner_name"] = p.name_ko;
          o["owner_name_en"] = p.name_en;
        }
      return;
    }
    const auto& by_id = registry == OwnerRegistry::users ? names.users : names.orgs;
    const auto id = parse_id(a.owner_ref);
    const auto it = id && registry != OwnerRegistry::none ? by_id.find(*id) : by_id.end();
    if (it == by_id.end()) return;
    o["owner_name"] = it->second;
    o["owner_name_en"] = it->second;
  }
};

OwnerNames owner_names(Deps& deps, const std::vector<lg::AccountView>& views) {
  static_assert(static_cast<std::size_t>(kPageLimitMax) <=
                accounts::AccountService::kDisplayNamesMax);
  assert(views.size() <= static_cast<std::size_t>(kPageLimitMax));
  std::vector<Id> user_ids, org_ids;
  bool any_program = false;
  for (const auto& v : views) {
    const auto registry = registry_of(v.account.owner_kind);
    const auto id = parse_id(v.account.owner_ref);
    if (id && registry == OwnerRegistry::users) user_ids.push_back(*id);
    if (id && registry == OwnerRegistry::orgs) org_ids.push_back(*id);
    any_program = any_program || registry == OwnerRegistry::programs;
  }
  for (auto* ids : {&user_ids, &org_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  OwnerNames out;
  out.names = deps.accounts.display_names(org_ids, user_ids);
  if (any_program) out.programs = deps.accounts.list_programs();
  return out;
}

json::object view_json(const lg::AccountView& v, const OwnerNames& owners) {
  json::object o = account_json(v.account);
  owners.write(v.account, o);
  o["closed"] = v.closed;
  o["closed_at"] =
      v.closed_at_us ? json::value(format_rfc3339(*v.closed_at_us)) : json::value(nullptr);
  o["balances"] = balances_json(v.balances);
  return o;
}

// The caller as the ledger's read policy sees it. REQUIRES: signed in.
lg::Reader reader_of(const Call& call) {
  const accounts::User& u = call.principal->user;
  return {accounts::allowed(call.principal, Action::read_books), u.id, u.org_id};
}

// The account if the caller may read it; 404 otherwise (no hint that it exists).
Result<lg::AccountView> readable_account(Deps& deps, Call& call) {
  auto id = id_param(call.req, "id");
  auto view =
      id ? deps.db.read([&](soci::session& s) { return lg::find_account(s, *id); }) : std::nullopt;
  if (!view || !lg::may_read(reader_of(call), view->account))
    return Status::not_found("No ledger account with this id");
  return *view;
}

lg::Transfer read_transfer(FieldReader& r) {
  namespace tf = lg::transfer_flags;
  lg::Transfer t;
  t.id = read_id(r, "id", true).value_or(0);
  t.debit_account_id = read_id(r, "debit_account_id", false).value_or(0);
  t.credit_account_id = read_id(r, "credit_account_id", false).value_or(0);
  t.pending_id = read_id(r, "pending_id", false).value_or(0);
  t.amount = r.optional_integer("amount", 0, INT64_MAX).value_or(0);
  t.ledger = static_cast<lg::LedgerId>(r.optional_integer("ledger", 1, INT32_MAX).value_or(0));
  t.code = static_cast<std::int32_t>(r.optional_integer("code", INT32_MIN, INT32_MAX).value_or(0));
  t.timeout_s = r.optional_integer("timeout_s", 0, lg::kTimeoutSecondsMax).value_or(0);
  t.reference =
      r.optional_string("reference", {.min_chars = 0, .max_chars = lg::kReferenceCharsMax})
          .value_or("");
  if (r.optional_boolean("linked").value_or(false)) t.flags |= tf::kLinked;
  if (r.optional_boolean("pending").value_or(false)) t.flags |= tf::kPending;
  if (r.optional_boolean("post_pending").value_or(false)) t.flags |= tf::kPostPending;
  if (r.optional_boolean("void_pending").value_or(false)) t.flags |= tf::kVoidPending;
  r.reject_unknown({"id", "debit_account_id", "credit_account_id", "pending_id", "amount", "ledger",
                    "code", "timeout_s", "reference", "linked", "pending", "post_pending",
                    "void_pending"});
  return t;
}

lg::Account read_account(FieldReader& r) {
  namespace af = lg::account_flags;
  lg::Account a;
  a.id = read_id(r, "id", true).value_or(0);
  a.ledger = static_cast<lg::LedgerId>(r.integer("ledger", 1, INT32_MAX));
  a.code = static_cast<std::int32_t>(r.integer("code", INT32_MIN, INT32_MAX));
  const std::string kind =
      r.one_of("owner_kind", {"customer", "merchant", "charity", "fund", "program", "company"});
  lg::parse_owner_kind(kind, a.owner_kind);
  a.owner_ref = r.string("owner_ref", {.min_chars = 1, .max_chars = lg::kOwnerRefCharsMax});
  if (r.optional_boolean("debits_must_not_exceed_credits").value_or(false))
    a.flags |= af::kDebitsMustNotExceedCredits;
  if (r.optional_boolean("credits_must_not_exceed_debits").value_or(false))
    a.flags |= af::kCreditsMustNotExceedDebits;
  r.reject_unknown({"id", "ledger", "code", "owner_kind", "owner_ref",
                    "debits_must_not_exceed_credits", "credits_must_not_exceed_debits"});
  return a;
}

// Reads `key` as a list of 1..kBatchEventsMax objects, each through `read_one`.
template <class T, class F>
std::vector<T> read_list(FieldReader& r, const json::object& body, std::string_view key,
                         F read_one) {
  std::vector<T> out;
  const json::value* v = body.if_contains(key);
  if (v == nullptr || !v->is_array() || v->as_array().empty() ||
      v->as_array().size() > lg::kBatchEventsMax) {
    r.add_error(std::string(key),
                "must be a list of 1 to " + std::to_string(lg::kBatchEventsMax) + " objects");
    return out;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const std::string field = std::string(key) + "[" + std::to_string(i) + "]";
    if (!v->as_array()[i].is_object()) {
      r.add_error(field, "must be an object");
      continue;
    }
    FieldReader item(v->as_array()[i].as_object());
    out.push_back(read_one(item));
    for (const auto& f : item.status().fields()) r.add_error(field + "." + f.field, f.message);
  }
  return out;
}

// A single transfer's refusal as a problem: shape errors 422, everything else 409.
Status refusal(lg::ResultCode code) {
  using R = lg::ResultCode;
  const std::string slug(lg::to_string(code));
  switch (code) {
    case R::id_must_be_positive:
    case R::flags_are_invalid:
    case R::debit_account_id_must_be_positive:
    case R::credit_account_id_must_be_positive:
    case R::accounts_must_be_different:
    case R::pending_id_must_be_zero:
    case R::pending_id_must_be_positive:
    case R::pending_id_must_be_different:
    case R::timeout_reserved_for_pending_transfer:
    case R::timeout_out_of_range:
    case R::amount_must_be_positive:
    case R::ledger_must_be_positive:
    case R::reference_too_long:
    case R::code_must_not_be_zero:
      return Status(Code::invalid_argument, slug, "The transfer was refused: " + slug);
    default:
      return Status(Code::failed_precondition, slug, "The transfer was refused: " + slug);
  }
}

// A batch's answer: {"results":[{"index","result",<key>: the item or null}]}, one per event.
template <class Item, class ToJson>
http::Response batch_answer(const std::vector<Item>& results, const char* key, ToJson to_json) {
  json::array items;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Item& x = results[i];
    items.push_back(json::object{{"index", i},
                                 {"result", lg::to_string(x.code)},
                                 {key, lg::succeeded(x.code) ? json::value(to_json(x)) : nullptr}});
  }
  return json_response(200, json::object{{"results", items}});
}

// The answer to a batch or a single transfer, once the writer has committed it.
http::Response transfers_answer(Call& call, bool batch,
                                const Result<std::vector<lg::TransferResult>>& results) {
  if (!results.ok()) return problem(results.status());
  if (!batch) {
    const lg::TransferResult& one = results.value()[0];
    if (!lg::succeeded(one.code)) return problem(refusal(one.code));
    call.audit = accounts::AuditEntry{};
    call.audit->target = "ledger-transfer:" + id_to_string(one.transfer.id);
    return json_response(one.code == lg::ResultCode::ok ? 201 : 200, transfer_json(one.transfer));
  }
  return batch_answer(results.value(), "transfer",
                      [](const lg::TransferResult& x) { return transfer_json(x.transfer); });
}

// Parses, then submits to the writer; the io thread does not wait for the commit.
void create_transfers(lg::Engine& engine, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([status = body.status()] { return problem(status); });
  FieldReader r(body.value());
  const bool batch = body->contains("transfers");
  std::vector<lg::Transfer> ts;
  if (batch) {
    ts = read_list<lg::Transfer>(r, body.value(), "transfers", read_transfer);
    r.reject_unknown({"transfers"});
  } else {
    ts.push_back(read_transfer(r));
  }
  if (!r.ok()) return reply([status = r.status()] { return problem(status); });
  engine.submit_transfers(std::move(ts), [&call, batch, reply](auto results) {
    reply([&call, batch, results = std::move(results)] {
      return transfers_answer(call, batch, results);
    });
  });
}

void create_accounts(lg::Engine& engine, Call& call, Reply reply) {
  auto body = body_object(call.req);
  if (!body.ok()) return reply([status = body.status()] { return problem(status); });
  FieldReader r(body.value());
  std::vector<lg::Account> accounts =
      read_list<lg::Account>(r, body.value(), "accounts", read_account);
  r.reject_unknown({"accounts"});
  if (!r.ok()) return reply([status = r.status()] { return problem(status); });
  engine.submit_accounts(std::move(accounts), [reply](auto results) {
    reply([results = std::move(results)] {
      if (!results.ok()) return problem(results.status());
      return batch_answer(results.value(), "account",
                          [](const lg::AccountResult& x) { return account_json(x.account); });
    });
  });
}

void close_account(lg::Engine& engine, Call& call, Reply reply) {
  auto id = id_param(call.req, "id");
  if (!id)
    return reply([] { return problem(Status::not_found("No ledger account with this id")); });
  engine.submit_close(*id, [id = *id, reply](auto result) {
    reply([id, result = std::move(result)] {
      if (!result.ok()) return problem(result.status());
      if (result.value() == lg::ResultCode::account_not_found)
        return problem(Status::not_found("No ledger account with this id"));
      if (result.value() != lg::ResultCode::ok)
        return problem(Status(Code::conflict, std::string(lg::to_string(result.value())),
                              "The account is already closed"));
      return json_response(200, json::object{{"id", id_to_string(id)}, {"closed", true}});
    });
  });
}

http::Response list_accounts(Deps& deps, Call& call) {
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  lg::AccountFilter f;
  f.limit = q->limit;
  f.after_id = q->before.value_or(0);
  std::vector<FieldError> errors;
  if (auto it = call.req.query.find("owner_kind"); it != call.req.query.end()) {
    lg::OwnerKind kind;
    if (lg::parse_owner_kind(it->second, kind))
      f.owner_kind = kind;
    else
      errors.push_back(
          {"owner_kind", "must be customer, merchant, charity, fund, program or company"});
  }
  if (auto it = call.req.query.find("owner_ref"); it != call.req.query.end())
    f.owner_ref = it->second;
  if (auto it = call.req.query.find("ledger"); it != call.req.query.end()) {
    f.ledger = lg::parse_ledger(it->second);
    if (!f.ledger) errors.push_back({"ledger", "must be 1 (KRW) or 2 (CREDIT)"});
  }
  if (!errors.empty()) return problem(Status::invalid(errors));
  const lg::Reader reader = reader_of(call);
  f = lg::visible_to(reader, std::move(f));
  const auto views = deps.db.read([&](soci::session& s) { return lg::list_accounts(s, f); });
  const OwnerNames owners = owner_names(deps, views);
  json::array items;
  for (const auto& v : views)
    if (lg::may_read(reader, v.account)) items.push_back(view_json(v, owners));
  const bool more = static_cast<int>(views.size()) == f.limit;
  return json_response(
      200, json::object{{"items", items},
                        {"next_cursor",
                         more ? json::value(encode_cursor(views.back().account.id)) : nullptr}});
}

http::Response get_account(Deps& deps, Call& call) {
  auto view = readable_account(deps, call);
  if (!view.ok()) return problem(view.status());
  return json_response(200, view_json(view.value(), owner_names(deps, {view.value()})));
}

http::Response history(Deps& deps, Call& call) {
  auto view = readable_account(deps, call);
  if (!view.ok()) return problem(view.status());
  auto q = page_query(call.req);
  if (!q.ok()) return problem(q.status());
  const Id id = view->account.id;
  const auto page = deps.db.read([&](soci::session& s) {
    return lg::account_history(s, id, q->before.value_or(0), q->limit);
  });
  json::array items;
  for (const auto& t : page.transfers) items.push_back(transfer_json(t));
  return json_response(
      200, json::object{{"items", items},
                        {"next_cursor", page.next_before_seq
                                            ? json::value(encode_cursor(page.next_before_seq))
                                            : nullptr}});
}

http::Response balance(Deps& deps, Call& call) {
  auto view = readable_account(deps, call);
  if (!view.ok()) return problem(view.status());
  auto it = call.req.query.find("at");
  if (it == call.req.query.end())
    return json_response(
        200, json::object{{"at", nullptr}, {"balances", balances_json(view->balances)}});
  auto at = parse_rfc3339(it->second);
  if (!at) return problem(Status::invalid("at", "must be an RFC 3339 instant with an offset"));
  const Id id = view->account.id;
  const auto b = deps.db.read([&](soci::session& s) { return lg::balance_at(s, id, *at); });
  return json_response(200,
                       json::object{{"at", format_rfc3339(*at)}, {"balances", balances_json(b)}});
}

http::Response get_transfer(Deps& deps, Call& call) {
  auto id = id_param(call.req, "id");
  auto t =
      id ? deps.db.read([&](soci::session& s) { return lg::find_transfer(s, *id); }) : std::nullopt;
  if (!t) return problem(Status::not_found("No transfer with this id"));
  return json_response(200, transfer_json(*t));
}

// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
std::string query_escape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// One page of the period's CSV (lg::kExportPageRowsMax rows at most, so an answer's memory is
// bounded whatever the period holds); a Link header (rel="next") names the next page.
http::Response export_csv(Deps& deps, Call& call) {
  std::vector<FieldError> errors;
  auto instant = [&](const char* name) -> std::optional<UnixMicros> {
    auto it = call.req.query.find(name);
    auto v = it == call.req.query.end() ? std::nullopt : parse_rfc3339(it->second);
    if (!v) errors.push_back({name, "must be an RFC 3339 instant with an offset"});
    return v;
  };
  const auto from = instant("from"), to = instant("to");
  if (from && to && (*to <= *from || *to - *from > kExportPeriodUsMax))
    errors.push_back({"to", "must be after from, and the period at most 400 days"});
  std::int64_t after_seq = 0;  // the first page
  if (auto it = call.req.query.find("cursor"); it != call.req.query.end()) {
    const auto seq = decode_cursor(it->second);
    if (seq) after_seq = *seq;
    if (!seq) errors.push_back({"cursor", "must be the cursor of a previous page's Link"});
  }
  if (!errors.empty()) return problem(Status::invalid(errors));
  std::ostringstream out;
  const lg::ExportPage page = deps.db.read([&](soci::session& s) {
    return lg::export_csv_page(s, *from, *to, after_seq, lg::kExportPageRowsMax, out);
  });
  http::Response res = http::Response::text(200, out.str(), "text/csv; charset=utf-8");
  res.header("Content-Disposition", "attachment; filename=\"ledger.csv\"");
  if (page.next_after_seq != 0)
    res.header("Link", "</api/v1/ledger/export?from=" + query_escape(call.req.query.at("from")) +
                           "&to=" + query_escape(call.req.query.at("to")) +
                           "&cursor=" + encode_cursor(page.next_after_seq) + ">; rel=\"next\"");
  return res;
}

// The head of the hash chain, public: anyone may note it, and an auditor who later verifies an
// export proves that the books then held exactly what led to this hash.
http::Response chain_head(Deps& deps) {
  const lg::Head head = deps.db.read([](soci::session& s) { return lg::read_head(s, false); });
  return json_response(200, json::object{{"seq", head.seq},
                                         {"hash", head.hash},
                                         {"at", head.timestamp_us > 0
                                                    ? json::value(format_rfc3339(head.timestamp_us))
                                                    : json::value(nullptr)}});
}

http::Response verify_answer(const lg::VerifyReport& r) {
  json::value mismatch = nullptr;
  if (r.mismatch)
    mismatch = json::object{{"kind", r.mismatch->kind},
                            {"seq", r.mismatch->seq},
                            {"entry", r.mismatch->entry},
                            {"message", r.mismatch->message}};
  return json_response(200, json::object{{"ok", r.ok()},
                                         {"entries", r.entries},
                                         {"accounts", r.accounts},
                                         {"transfers", r.transfers},
                                         {"head_hash", r.head_hash},
                                         {"mismatch", mismatch},
                                         {"summary", lg::describe(r)}});
}

// Verifies on the verifications' own thread, one at a time: a second asks again later.
void verify_books(lg::Verifications& verifications, Reply reply) {
  const bool started = verifications.try_start([reply](Result<lg::VerifyReport> r) {
    reply([r = std::move(r)] { return r.ok() ? verify_answer(r.value()) : problem(r.status()); });
  });
  if (!started)
    reply([] {
      return problem(Status(Code::unavailable, "verify-running",
                            "The books are being verified for another request; ask again later"))
          .header("Retry-After", "10");
    });
}

}  // namespace

void add_ledger_routes(Routes& routes, lg::Engine& engine, lg::Verifications& verifications) {
  Deps& d = routes.deps();
  lg::Engine* e = &engine;
  routes.add_async(
      {Method::post, "/api/v1/ledger/accounts", {Action::write_books}, true, 2 * 1024 * 1024},
      [e](Call& c, Reply reply) { create_accounts(*e, c, std::move(reply)); });
  routes.add({Method::get, "/api/v1/ledger/accounts", {Action::signed_in}},
             [&d](Call& c) { return list_accounts(d, c); });
  routes.add({Method::get, "/api/v1/ledger/accounts/{id}", {Action::signed_in}},
             [&d](Call& c) { return get_account(d, c); });
  routes.add({Method::get, "/api/v1/ledger/accounts/{id}/history", {Action::signed_in}},
             [&d](Call& c) { return history(d, c); });
  routes.add({Method::get, "/api/v1/ledger/accounts/{id}/balance", {Action::signed_in}},
             [&d](Call& c) { return balance(d, c); });
  routes.add_async(
      {Method::post, "/api/v1/ledger/accounts/{id}/close", {Action::write_books}, true, 1024},
      [e](Call& c, Reply reply) { close_account(*e, c, std::move(reply)); });
  routes.add_async({Method::post,
                    "/api/v1/ledger/transfers",
                    {Action::write_books},
                    true,
                    kTransfersBodyBytesMax},
                   [e](Call& c, Reply reply) { create_transfers(*e, c, std::move(reply)); });
  routes.add({Method::get, "/api/v1/ledger/transfers/{id}", {Action::read_books}},
             [&d](Call& c) { return get_transfer(d, c); });
  routes.add({Method::get, "/api/v1/ledger/export", {Action::read_books}},
             [&d](Call& c) { return export_csv(d, c); });
  routes.add_async(
      {Method::get, "/api/v1/ledger/verify", {Action::read_books}},
      [&verifications](Call&, Reply reply) { verify_books(verifications, std::move(reply)); });
  routes.add({Method::get, "/api/v1/ledger/head", {Action::public_read}},
             [&d](Call&) { return chain_head(d); });
}

}  // namespace sangsaeng::api
