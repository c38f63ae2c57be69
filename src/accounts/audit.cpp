// The audit log: append-only, listed newest first.
#include <cassert>

#include "accounts/internal.h"
#include "accounts/service.h"

namespace sangsaeng::accounts {

namespace {

constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (id, at, actor_id, actor_email, action, target, remote_addr, "
    "request_id, status) "
    "VALUES (:id, :at, :actor, :email, :action, :target, :addr, :rid, :status)";
constexpr const char* kSelectAudit =
    "SELECT id, at, actor_id, actor_email, action, target, remote_addr, request_id, status "
    "FROM audit_log WHERE id < :before ORDER BY id DESC LIMIT :lim";

}  // namespace

void AccountService::record(const AuditEntry& e) {
  db_.write([&](soci::session& s) { append_audit(s, e); });
}

void append_audit(soci::session& s, const AuditEntry& e) {
  long long id = e.id != 0 ? e.id : ids().next(), at = e.at, actor = e.actor_id.value_or(0);
  soci::indicator actor_ind = e.actor_id ? soci::i_ok : soci::i_null;
  int status = e.status;
  s << kInsertAudit, soci::use(id), soci::use(at), soci::use(actor, actor_ind),
      soci::use(e.actor_email), soci::use(e.action), soci::use(e.target), soci::use(e.remote_addr),
      soci::use(e.request_id), soci::use(status);
}

Page<AuditEntry> AccountService::list_audit(std::optional<Id> before, int limit) {
  assert(limit > 0 && limit <= kPageLimitMax);
  return db_.read([&](soci::session& s) {
    Page<AuditEntry> page;
    long long cursor = before.value_or(kNoCursor);
    int lim = limit + 1;
    AuditEntry e;
    long long id, at, actor;
    int status;
    soci::indicator actor_ind, email_ind;
    soci::statement st =
        (s.prepare << kSelectAudit, soci::use(cursor), soci::use(lim), soci::into(id),
         soci::into(at), soci::into(actor, actor_ind), soci::into(e.actor_email, email_ind),
         soci::into(e.action), soci::into(e.target), soci::into(e.remote_addr),
         soci::into(e.request_id), soci::into(status));
    st.execute();
    while (st.fetch()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.next = page.items.back().id;
        break;
      }
      e.id = id;
      e.at = at;
      e.actor_id = actor_ind == soci::i_ok ? std::optional<Id>(actor) : std::nullopt;
      if (email_ind != soci::i_ok) e.actor_email.clear();
      e.status = status;
      page.items.push_back(e);
    }
    return page;
  });
}

}  // namespace sangsaeng::accounts
