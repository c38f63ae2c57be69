#include "outbox/outbox.h"

#include <algorithm>
#include <cassert>

#include "ledger/rows.h"  // row_i64, is_pg
#include "store/arrays.h"

namespace sangsaeng::outbox {

namespace {

using ledger::row_i64;

constexpr const char* kColumns =
    "SELECT id, dedup_key, topic, recipient_user_id, channel, address, subject, body, "
    "created_at, attempts, sent_at, provider, last_error FROM outbox_messages ";
constexpr std::size_t kErrorCharsMax = 500;

Message message_from(const soci::row& r) {
  Message m;
  m.id = row_i64(r, 0);
  m.dedup_key = r.get<std::string>(1);
  m.topic = r.get<std::string>(2);
  if (r.get_indicator(3) == soci::i_ok) m.recipient_user_id = row_i64(r, 3);
  m.channel = r.get<std::string>(4);
  m.address = r.get<std::string>(5);
  m.subject = r.get<std::string>(6);
  m.body = r.get<std::string>(7);
  m.created_at_us = row_i64(r, 8);
  m.attempts = static_cast<int>(row_i64(r, 9));
  if (r.get_indicator(10) == soci::i_ok) m.sent_at_us = row_i64(r, 10);
  m.provider = r.get<std::string>(11);
  m.last_error = r.get<std::string>(12);
  return m;
}

}  // namespace

bool enqueue(soci::session& s, const Message& m) {
  assert(m.id > 0 && !m.dedup_key.empty() && !m.topic.empty() && !m.channel.empty() &&
         !m.body.empty());
  long long recipient = m.recipient_user_id.value_or(0);
  soci::indicator recipient_ind = m.recipient_user_id ? soci::i_ok : soci::i_null;
  soci::statement st =
      (s.prepare << "INSERT INTO outbox_messages (id, dedup_key, topic, recipient_user_id, "
                    "channel, address, subject, body, created_at, attempts, next_attempt_at, "
                    "sent_at, provider, last_error) VALUES (:id, :k, :t, :r, :c, :a, :s, :b, "
                    ":ca, 0, :na, NULL, '', '') ON CONFLICT (dedup_key) DO NOTHING",
       soci::use(m.id), soci::use(m.dedup_key), soci::use(m.topic),
       soci::use(recipient, recipient_ind), soci::use(m.channel), soci::use(m.address),
       soci::use(m.subject), soci::use(m.body), soci::use(m.created_at_us),
       soci::use(m.created_at_us));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void enqueue_all(soci::session& s, const std::vector<Message>& messages) {
  if (messages.empty()) return;
  const std::size_t n = messages.size();
  std::vector<long long> id(n), recipient(n), at(n);
  std::vector<soci::indicator> recipient_ind(n);
  std::vector<std::string> key(n), topic(n), channel(n), address(n), subject(n), body(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Message& m = messages[i];
    assert(m.id > 0 && !m.dedup_key.empty() && !m.topic.empty() && !m.channel.empty() &&
           !m.body.empty());
    id[i] = m.id;
    recipient[i] = m.recipient_user_id.value_or(0);
    recipient_ind[i] = m.recipient_user_id ? soci::i_ok : soci::i_null;
    at[i] = m.created_at_us;
    key[i] = m.dedup_key;
    topic[i] = m.topic;
    channel[i] = m.channel;
    address[i] = m.address;
    subject[i] = m.subject;
    body[i] = m.body;
  }
  const std::string head =
      "INSERT INTO outbox_messages (id, dedup_key, topic, recipient_user_id, channel, address, "
      "subject, body, created_at, attempts, next_attempt_at, sent_at, provider, last_error) ";
  if (ledger::is_pg(s)) {  // one statement: arrays unnested into rows
    std::vector<bool> has_recipient(n);
    for (std::size_t i = 0; i < n; ++i) has_recipient[i] = recipient_ind[i] == soci::i_ok;
    const std::string a_id = store::pg_array(id), a_key = store::pg_array(key),
                      a_topic = store::pg_array(topic),
                      a_recipient = store::pg_array(recipient, has_recipient),
                      a_channel = store::pg_array(channel), a_address = store::pg_array(address),
                      a_subject = store::pg_array(subject), a_body = store::pg_array(body),
                      a_at = store::pg_array(at);
    s << head +
             "SELECT i, k, t, r, c, a, s, b, ca, 0, ca, NULL, '', '' FROM unnest(CAST(:i AS "
             "BIGINT[]), CAST(:k AS TEXT[]), CAST(:t AS TEXT[]), CAST(:r AS BIGINT[]), CAST(:c "
             "AS TEXT[]), CAST(:a AS TEXT[]), CAST(:s AS TEXT[]), CAST(:b AS TEXT[]), CAST(:ca "
             "AS BIGINT[])) AS v(i, k, t, r, c, a, s, b, ca) ON CONFLICT (dedup_key) DO NOTHING",
        soci::use(a_id), soci::use(a_key), soci::use(a_topic), soci::use(a_recipient),
        soci::use(a_channel), soci::use(a_address), soci::use(a_subject), soci::use(a_body),
        soci::use(a_at);
    return;
  }
  s << head +
           "VALUES (:id, :k, :t, :r, :c, :a, :s, :b, :ca, 0, :na, NULL, '', '') ON CONFLICT "
           "(dedup_key) DO NOTHING",
      soci::use(id), soci::use(key), soci::use(topic), soci::use(recipient, recipient_ind),
      soci::use(channel), soci::use(address), soci::use(subject), soci::use(body), soci::use(at),
      soci::use(at);
}

std::vector<Message> for_recipient(soci::session& s, Id user_id, int limit) {
  assert(limit >= 1 && limit <= 200);
  std::vector<Message> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kColumns) +
                        "WHERE recipient_user_id = :u ORDER BY id DESC LIMIT :n",
       soci::use(user_id), soci::use(limit));
  for (const auto& r : rows) out.push_back(message_from(r));
  return out;
}

Delivered deliver(store::Db& db, Provider& provider, UnixMicros now_us,
                  const DeliveryOptions& options) {
  const auto due = db.read([&](soci::session& s) {
    std::vector<Message> out;
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kColumns) +
                          "WHERE sent_at IS NULL AND attempts < :m AND next_attempt_at <= :now "
                          "ORDER BY next_attempt_at, id LIMIT :n",
         soci::use(options.attempts_max), soci::use(now_us), soci::use(options.batch_max));
    for (const auto& r : rows) out.push_back(message_from(r));
    return out;
  });
  Delivered d;
  const std::string name = provider.name();
  for (const Message& m : due) {
    const Status sent = provider.send(m);
    const int attempts = m.attempts + 1;
    if (sent.ok()) {
      ++d.sent;
      db.write([&](soci::session& s) {
        s << "UPDATE outbox_messages SET sent_at = :t, attempts = :a, provider = :p, "
             "last_error = '' WHERE id = :id",
            soci::use(now_us), soci::use(attempts), soci::use(name), soci::use(m.id);
      });
      continue;
    }
    ++d.failed;
    const UnixMicros next_us = now_us + (options.retry_first_us << std::min(attempts - 1, 20));
    const std::string error = sent.message().substr(0, kErrorCharsMax);
    db.write([&](soci::session& s) {
      s << "UPDATE outbox_messages SET attempts = :a, next_attempt_at = :n, provider = :p, "
           "last_error = :e WHERE id = :id",
          soci::use(attempts), soci::use(next_us), soci::use(name), soci::use(error),
          soci::use(m.id);
    });
  }
  return d;
}

}  // namespace sangsaeng::outbox
