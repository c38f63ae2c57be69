// The journal's hash chain. Every journal entry (an account opened, an account closed, a
// transfer) has a sequence number and a hash = BLAKE2b-256(previous hash || canonical bytes
// of the entry); the first entry's previous hash is kGenesisHash. Changing, removing or
// reordering any stored entry changes every hash after it, so `ledger verify` names the first
// entry that does not match. Hashes are lower-case hex (64 characters).
#pragma once

#include <string>

#include "ledger/types.h"

namespace sangsaeng::ledger {

inline const std::string kGenesisHash(64, '0');

// REQUIRES: prev_hash is 64 hex characters (asserted).
std::string hash_account(const std::string& prev_hash, std::int64_t seq, const Account& account);
std::string hash_closure(const std::string& prev_hash, std::int64_t seq, Id account_id,
                         UnixMicros closed_at_us);
// Covers every stored field of the transfer, including seq, released and timestamp_us.
std::string hash_transfer(const std::string& prev_hash, const Transfer& transfer);

}  // namespace sangsaeng::ledger
