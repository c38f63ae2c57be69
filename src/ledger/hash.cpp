#include "ledger/hash.h"

#include <sodium.h>

#include <cassert>
#include <cstring>

namespace sangsaeng::ledger {

namespace {

// Canonical bytes: a one-byte entry kind, then fixed-width little-endian integers and
// length-prefixed strings, so no two different entries encode the same.
class Encoder {
 public:
  explicit Encoder(char kind) { buf_.push_back(kind); }
  Encoder& i64(std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
    return *this;
  }
  Encoder& str(const std::string& s) {
    i64(static_cast<std::int64_t>(s.size()));
    buf_.append(s);
    return *this;
  }
  std::string chain(const std::string& prev_hash) const {
    assert(prev_hash.size() == 64);
    unsigned char out[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, sizeof out);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(prev_hash.data()),
                              prev_hash.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(buf_.data()),
                              buf_.size());
    crypto_generichash_final(&st, out, sizeof out);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(64, '0');
    for (int i = 0; i < 32; ++i) {
      hex[2 * i] = kHex[out[i] >> 4];
      hex[2 * i + 1] = kHex[out[i] & 0xf];
    }
    return hex;
  }

 private:
  std::string buf_;
};

}  // namespace

std::string hash_account(const std::string& prev_hash, std::int64_t seq, const Account& a) {
  return Encoder('A')
      .i64(seq)
      .i64(a.id)
      .i64(a.ledger)
      .i64(a.code)
      .str(std::string(to_string(a.owner_kind)))
      .str(a.owner_ref)
      .i64(a.flags)
      .i64(a.created_at_us)
      .chain(prev_hash);
}

std::string hash_closure(const std::string& prev_hash, std::int64_t seq, Id account_id,
                         UnixMicros closed_at_us) {
  return Encoder('C').i64(seq).i64(account_id).i64(closed_at_us).chain(prev_hash);
}

std::string hash_transfer(const std::string& prev_hash, const Transfer& t) {
  return Encoder('T')
      .i64(t.seq)
      .i64(t.id)
      .i64(t.debit_account_id)
      .i64(t.credit_account_id)
      .i64(t.amount)
      .i64(t.pending_id)
      .i64(t.released)
      .i64(t.ledger)
      .i64(t.code)
      .i64(t.flags)
      .i64(t.timeout_s)
      .str(t.reference)
      .i64(t.timestamp_us)
      .chain(prev_hash);
}

}  // namespace sangsaeng::ledger
