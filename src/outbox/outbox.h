// The outbox: notices to people (an outage credited, a show about to start, a grant decided),
// written by a program in the same transaction as the change they announce and sent later
// through a provider (log, SMTP, SMS ...). A notice exists exactly when its change committed,
// and a crash between the commit and the sending only delays it.
//
// Delivery is at least once: a provider that sent but crashed before the row was marked sends
// again on the next run. Failures are retried with a doubling delay up to attempts_max, then
// left for a person (sent_at stays empty, last_error says why).
#pragma once

#include <soci/soci.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"
#include "store/db.h"

namespace sangsaeng::outbox {

struct Message {
  Id id = 0;
  std::string dedup_key = {};  // e.g. "outage:<event>:<line>:r<revision>"; one row per key
  std::string topic = {};      // the program's name for it, e.g. "outage.compensated"
  std::optional<Id> recipient_user_id = {};
  std::string channel = {};  // "app", "email", "sms", "bill"
  std::string address = {};  // where the channel delivers (an e-mail, a line number, ...)
  std::string subject = {}, body = {};
  UnixMicros created_at_us = 0;
  int attempts = 0;
  std::optional<UnixMicros> sent_at_us = {};
  std::string provider = {};  // who sent it
  std::string last_error = {};
};

// In the caller's transaction. A message whose dedup_key exists is ignored (returns false).
// REQUIRES: id set, dedup_key, topic, channel and body not empty.
bool enqueue(soci::session& s, const Message& message);
// Many at once (one statement run per message, prepared once), same rules.
void enqueue_all(soci::session& s, const std::vector<Message>& messages);

// A recipient's messages, newest first (their notices page). REQUIRES: limit 1..200.
std::vector<Message> for_recipient(soci::session& s, Id user_id, int limit);

// Sends one message. ok when it was handed over; a failed status is retried later.
class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string name() const = 0;
  virtual Status send(const Message& message) = 0;
};

// Writes each message to a callback (the server's log): the demo's and the tests' provider.
class LogProvider : public Provider {
 public:
  explicit LogProvider(std::function<void(const Message&)> log) : log_(std::move(log)) {}
  std::string name() const override { return "log"; }
  Status send(const Message& message) override {
    log_(message);
    return Status::ok_status();
  }

 private:
  std::function<void(const Message&)> log_;
};

struct DeliveryOptions {
  int batch_max = 200;                                // messages per run
  int attempts_max = 8;                               // then left for a person
  UnixMicros retry_first_us = 30 * kMicrosPerSecond;  // doubled per failed attempt
};

struct Delivered {
  int sent = 0, failed = 0;
};

// Sends the due unsent messages (oldest first, at most batch_max) and records each outcome.
// Meant to run as a scheduled job on one node at a time (jobs/jobs.h holds the lease).
Delivered deliver(store::Db& db, Provider& provider, UnixMicros now_us,
                  const DeliveryOptions& options = {});

}  // namespace sangsaeng::outbox
