// Idempotency-Key rows (DESIGN.md section 5): a key is reserved before its request's handler
// runs and holds the first answer afterwards, so that a retry replays it and the handler never
// runs twice. Keys are scoped by principal, so two users' keys never meet. The primary key
// (principal, key) decides who reserves a key, also across nodes on one PostgreSQL.
// Rows are kept for the retention period (a retry may come days later), then pruned.
#pragma once

#include <string>

#include "core/time.h"
#include "store/db.h"

namespace sangsaeng::store {

// One attempt at a keyed request.
struct KeyRequest {
  std::string principal, key;
  std::string method, path;
  std::string request_hash;  // what the request was (method, path, body)
  std::string reservation;   // names this attempt (random); only it completes or releases
};

// What a key's row says.
struct KeyState {
  enum class Kind {
    reserved,  // the row is ours now: run the handler
    answered,  // the first request's answer is stored: replay it (if the request is the same)
    in_use,    // another attempt holds the key and has not answered yet
  };
  Kind kind = Kind::reserved;
  std::string request_hash;  // answered, in_use: the holder's request
  int status = 0;            // answered only
  std::string body;          // answered only
};

// Inside the caller's write transaction (e.g. a GroupWriter's): reserves the key unless a row
// exists. A reservation made before `abandoned_before` that never answered was left by a
// process that died; it is taken over. Reserving a key that is ours already is `reserved`.
KeyState reserve_key(soci::session& s, const KeyRequest& request, UnixMicros now,
                     UnixMicros abandoned_before);
// Stores the answer on our reservation. False when it is no longer ours (taken over after
// `abandoned_before`): nothing changes then.
bool store_answer(soci::session& s, const KeyRequest& request, int status, const std::string& body);
// Deletes our unanswered reservation (the request failed, so a retry may run).
void release_key(soci::session& s, const KeyRequest& request);

// Deletes at most `limit` rows created before `cutoff` (answered or not), oldest first;
// returns how many it deleted. One transaction.
int prune_keys(Db& db, UnixMicros cutoff, int limit);

}  // namespace sangsaeng::store
