// The admission engine on its own: a drop never sells more than its stock, a buyer never more
// than the limit, a retry is the first answer, refusals change nothing, the fair-start draw
// follows the published lottery. A randomized test checks the promises after every step.
#include "market/admission.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "draw/draw.h"

namespace sangsaeng::market {
namespace {

constexpr UnixMicros kOpens = 1'800'000'000LL * kMicrosPerSecond;
constexpr UnixMicros kSecond = kMicrosPerSecond;
constexpr UnixMicros kHour = 3600 * kSecond;

DropTerms terms(std::int64_t stock, int limit) {
  return {.drop_id = 1,
          .opens_at_us = kOpens,
          .closes_at_us = kOpens + kHour,
          .stock = stock,
          .per_buyer_limit = limit,
          .hold_us = 600 * kSecond};
}

// Buyer b's n-th request with its own key; hold ids are unique per (buyer, n).
BuyRequest req(Id buyer, int n, int units = 1) {
  return {.buyer_id = buyer,
          .idem_key = "k" + std::to_string(n),
          .units = units,
          .hold_id = buyer * 1000 + n};
}

TEST(Admission, TermsAManagerCannotMeanAreRefused) {
  DropTerms t = terms(10, 2);
  t.closes_at_us = t.opens_at_us;
  t.per_buyer_limit = 0;
  const Status s = validate_terms(t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.fields().size(), 2u);
  t = terms(10, 2);
  t.fair_start_us = kSecond;  // no seed
  EXPECT_FALSE(validate_terms(t).ok());
  EXPECT_TRUE(validate_terms(terms(2000, 2)).ok());
}

TEST(Admission, OpensAndClosesOnTime) {
  Admission a(terms(10, 2));
  EXPECT_EQ(a.state(kOpens - 1), DropState::scheduled);
  EXPECT_EQ(a.buy(req(1, 1), kOpens - 1).verdict, Verdict::not_open);
  EXPECT_EQ(a.state(kOpens), DropState::open);
  EXPECT_EQ(a.buy(req(1, 1), kOpens).verdict, Verdict::admitted);
  EXPECT_EQ(a.state(kOpens + kHour), DropState::closed);
  EXPECT_EQ(a.buy(req(2, 1), kOpens + kHour).verdict, Verdict::closed);
  EXPECT_EQ(a.counts().held, 1);
}

TEST(Admission, TenThousandBuyersForTwoThousandUnits) {
  Admission a(terms(2000, 2));
  int admitted = 0, sold_out = 0;
  for (Id buyer = 1; buyer <= 10'000; ++buyer) {
    const Decision d = a.buy(req(buyer, 1), kOpens + buyer);
    if (d.verdict == Verdict::admitted) ++admitted;
    if (d.verdict == Verdict::sold_out) ++sold_out;
  }
  EXPECT_EQ(admitted, 2000);
  EXPECT_EQ(sold_out, 8000);
  EXPECT_EQ(a.counts().held, 2000);
  EXPECT_EQ(a.counts().remaining, 0);
  EXPECT_EQ(a.state(kOpens + 10'001), DropState::sold_out);
}

TEST(Admission, PerBuyerLimitCountsEveryHoldOfTheBuyer) {
  Admission a(terms(100, 2));
  EXPECT_EQ(a.buy(req(7, 1), kOpens).verdict, Verdict::admitted);
  EXPECT_EQ(a.buy(req(7, 2), kOpens).verdict, Verdict::admitted);
  EXPECT_EQ(a.buy(req(7, 3), kOpens).verdict, Verdict::per_buyer_limit);
  EXPECT_EQ(a.buy(req(8, 1, 3), kOpens).verdict, Verdict::per_buyer_limit);
  EXPECT_EQ(a.units_of(7), 2);
  EXPECT_EQ(a.units_of(8), 0);
  // A released hold frees the buyer's allowance too.
  ASSERT_TRUE(a.release(7 * 1000 + 1));
  EXPECT_EQ(a.buy(req(7, 3), kOpens).verdict, Verdict::admitted);
}

TEST(Admission, ARetryIsTheFirstAnswer) {
  Admission a(terms(1, 5));
  const Decision first = a.buy(req(1, 1), kOpens);
  ASSERT_EQ(first.verdict, Verdict::admitted);
  // Sold out now; the same request again still gets its hold back, nothing changes.
  BuyRequest retry = req(1, 1);
  retry.hold_id = 999'999;  // the retry's own fresh id is ignored
  const Decision again = a.buy(retry, kOpens + kSecond);
  EXPECT_EQ(again.verdict, Verdict::replayed);
  ASSERT_TRUE(again.hold);
  EXPECT_EQ(again.hold->id, first.hold->id);
  EXPECT_EQ(again.hold->pay_by_us, first.hold->pay_by_us);
  EXPECT_EQ(a.counts().held, 1);
  EXPECT_EQ(a.buy(req(1, 1, 2), kOpens).verdict, Verdict::key_reused);
  EXPECT_EQ(a.buy(req(2, 1), kOpens).verdict, Verdict::sold_out);
}

TEST(Admission, FewerLeftThanAskedSaysHowMany) {
  Admission a(terms(3, 5));
  ASSERT_EQ(a.buy(req(1, 1, 2), kOpens).verdict, Verdict::admitted);
  const Decision d = a.buy(req(2, 1, 2), kOpens);
  EXPECT_EQ(d.verdict, Verdict::not_enough);
  EXPECT_EQ(d.remaining, 1);
  EXPECT_EQ(a.buy(req(2, 2, 1), kOpens).verdict, Verdict::admitted);
}

TEST(Admission, UnpaidHoldsExpireOldestFirstAndReturnTheirUnits) {
  Admission a(terms(3, 1));
  for (Id b = 1; b <= 3; ++b) ASSERT_EQ(a.buy(req(b, 1), kOpens + b).verdict, Verdict::admitted);
  ASSERT_TRUE(a.pay(2000 + 1));
  EXPECT_EQ(a.buy(req(4, 1), kOpens + 10).verdict, Verdict::sold_out);
  EXPECT_EQ(*a.next_deadline_us(), kOpens + 1 + 600 * kSecond);
  EXPECT_TRUE(a.overdue(kOpens + 600 * kSecond, 10).empty());
  // Both unpaid holds are due, oldest first, as many as asked; listing changes nothing.
  const auto first = a.overdue(kOpens + 700 * kSecond, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].buyer_id, 1);
  const auto both = a.overdue(kOpens + 700 * kSecond, 10);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].buyer_id, 3);
  EXPECT_EQ(a.counts().held, 2);
  for (const Hold& h : both) ASSERT_TRUE(a.release(h.id));
  EXPECT_EQ(a.counts().sold, 1);
  EXPECT_EQ(a.counts().held, 0);
  EXPECT_EQ(a.counts().remaining, 2);
  // An expired hold cannot be paid any more.
  EXPECT_FALSE(a.pay(1000 + 1));
  EXPECT_EQ(a.buy(req(4, 1), kOpens + 701 * kSecond).verdict, Verdict::admitted);
}

TEST(Admission, AnAbandonedHoldIsAsIfNeverAsked) {
  Admission a(terms(1, 1));
  ASSERT_EQ(a.buy(req(1, 1), kOpens).verdict, Verdict::admitted);
  a.abandon(1000 + 1);
  EXPECT_EQ(a.counts().held, 0);
  EXPECT_EQ(a.find(1000 + 1), nullptr);
  // The retry of the failed request runs again.
  EXPECT_EQ(a.buy(req(1, 1), kOpens).verdict, Verdict::admitted);
}

TEST(Admission, RestoreRebuildsTheCounts) {
  Admission a(terms(10, 3));
  for (Id b = 1; b <= 4; ++b) a.buy(req(b, 1, 2), kOpens);
  a.pay(1000 + 1);
  a.release(2000 + 1);
  std::vector<Hold> stored;
  for (Id b = 1; b <= 4; ++b) stored.push_back(*a.find(b * 1000 + 1));
  Admission b(terms(10, 3));
  b.restore(stored, false);
  EXPECT_EQ(b.counts().sold, a.counts().sold);
  EXPECT_EQ(b.counts().held, a.counts().held);
  EXPECT_EQ(b.units_of(1), 2);
  EXPECT_EQ(b.units_of(2), 0);
  EXPECT_EQ(b.buy(req(3, 1, 2), kOpens).verdict, Verdict::replayed);
  EXPECT_EQ(b.buy(req(2, 1, 2), kOpens).verdict, Verdict::replayed);  // released keeps its key
}

TEST(Admission, LeasedStockCanGrowButNeverBelowWhatIsTaken) {
  Admission a(terms(2, 1));
  a.buy(req(1, 1), kOpens);
  a.buy(req(2, 1), kOpens);
  EXPECT_EQ(a.buy(req(3, 1), kOpens).verdict, Verdict::sold_out);
  EXPECT_FALSE(a.set_stock(1));
  EXPECT_TRUE(a.set_stock(3));
  EXPECT_EQ(a.buy(req(3, 1), kOpens).verdict, Verdict::admitted);
}

DropTerms fair_terms(std::int64_t stock, int limit) {
  DropTerms t = terms(stock, limit);
  t.fair_start_us = 2 * kSecond;
  t.seed = *draw::from_hex(std::string(64, 'c'));
  t.queue_max = 50;
  return t;
}

TEST(Admission, FairStartAdmitsInLotteryOrderNotArrival) {
  Admission a(fair_terms(5, 1));
  std::vector<std::string> tickets;  // one buyer each: their entry's id
  for (Id b = 1; b <= 20; ++b) {
    const Decision d = a.buy(req(b, 1), kOpens + b * 1000);
    ASSERT_EQ(d.verdict, Verdict::queued);
    tickets.push_back(id_to_string(a.queued().back().hold_id));
  }
  EXPECT_EQ(a.counts().queued, 20);
  EXPECT_EQ(a.counts().held, 0);
  EXPECT_FALSE(a.draw_due(kOpens + 2 * kSecond - 1));
  ASSERT_TRUE(a.draw_due(kOpens + 2 * kSecond));
  const auto drawn = a.draw(a.queued(), kOpens + 2 * kSecond);
  ASSERT_EQ(drawn.size(), 20u);
  EXPECT_EQ(a.counts().queued, 0);
  EXPECT_FALSE(a.draw_due(kOpens + 3 * kSecond));  // once
  // The first five of the published order get the five units.
  const auto order = draw::ordering(fair_terms(5, 1).seed, tickets);
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    EXPECT_EQ(id_to_string(drawn[i].request.hold_id), tickets[order[i]]);
    EXPECT_EQ(drawn[i].decision.verdict, i < 5 ? Verdict::admitted : Verdict::sold_out);
  }
  EXPECT_EQ(a.counts().held, 5);
  // After the window: first come first served.
  EXPECT_EQ(a.buy(req(30, 1), kOpens + 3 * kSecond).verdict, Verdict::sold_out);
}

TEST(Admission, FairStartQueueIsBoundedAndRetriesDoNotQueueTwice) {
  Admission a(fair_terms(5, 2));
  for (Id b = 1; b <= 50; ++b) ASSERT_EQ(a.buy(req(b, 1), kOpens).verdict, Verdict::queued);
  EXPECT_EQ(a.buy(req(1, 1), kOpens).verdict, Verdict::queued);  // the same entry
  EXPECT_EQ(a.buy(req(1, 1, 2), kOpens).verdict, Verdict::key_reused);
  EXPECT_EQ(a.buy(req(51, 1), kOpens).verdict, Verdict::queue_full);
  EXPECT_EQ(a.buy(req(52, 1, 3), kOpens).verdict, Verdict::per_buyer_limit);
  EXPECT_EQ(a.counts().queued, 50);
}

TEST(Admission, FairStartHoldsTheLimitAcrossABuyersEntries) {
  Admission a(fair_terms(100, 2));
  for (int n = 1; n <= 4; ++n) ASSERT_EQ(a.buy(req(9, n), kOpens).verdict, Verdict::queued);
  int admitted = 0;
  for (const auto& e : a.draw(a.queued(), kOpens + 2 * kSecond))
    admitted += e.decision.verdict == Verdict::admitted;
  EXPECT_EQ(admitted, 2);
  EXPECT_EQ(a.units_of(9), 2);
}

TEST(Admission, TheDrawTakesEveryNodesEntriesAndAFailedCommitUndoesIt) {
  // This engine queued two entries; the database holds three more from other nodes.
  Admission a(fair_terms(3, 1));
  ASSERT_EQ(a.buy(req(1, 1), kOpens).verdict, Verdict::queued);
  ASSERT_EQ(a.buy(req(2, 1), kOpens).verdict, Verdict::queued);
  std::vector<BuyRequest> all = a.queued();
  for (Id b = 3; b <= 5; ++b) all.push_back({b, "k", 1, 900 + b});
  auto drawn = a.draw(all, kOpens + 2 * kSecond);
  ASSERT_EQ(drawn.size(), 5u);
  EXPECT_EQ(a.counts().held, 3);
  // The commit failed: as if it never ran; the same entries draw the same way again.
  a.undo_draw(drawn);
  EXPECT_EQ(a.counts().held, 0);
  ASSERT_TRUE(a.draw_due(kOpens + 2 * kSecond));
  const auto again = a.draw(all, kOpens + 2 * kSecond);
  for (std::size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].request.hold_id, drawn[i].request.hold_id);
    EXPECT_EQ(again[i].decision.verdict, drawn[i].decision.verdict);
  }
}

TEST(Admission, ANodeLearnsAnotherNodesDrawAndHoldsTheLimitAfterIt) {
  Admission a(fair_terms(0, 1));  // a node with no lease yet
  ASSERT_EQ(a.buy(req(1, 1), kOpens).verdict, Verdict::queued);
  a.learn_draw(
      {Hold{.id = 77, .buyer_id = 1, .units = 1, .pay_by_us = kOpens + kHour, .idem_key = "k1"}},
      /*grow_stock=*/true);
  EXPECT_TRUE(a.drawn());
  EXPECT_EQ(a.counts().queued, 0);
  EXPECT_EQ(a.counts().held, 1);
  EXPECT_EQ(a.counts().remaining, 0);
  ASSERT_TRUE(a.set_stock(5));
  EXPECT_EQ(a.buy(req(1, 1, 1), kOpens + 3 * kSecond).verdict, Verdict::replayed);
  EXPECT_EQ(a.buy({1, "other", 1, 500}, kOpens + 3 * kSecond).verdict, Verdict::per_buyer_limit);
}

// Randomized: buys, retries, pays, releases, expiries, abandons in any order; after every step
// the engine's counts equal what its holds say and the promises hold.
TEST(Admission, RandomSequencesKeepEveryPromise) {
  for (int seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    DropTerms t = terms(1 + pick(60), 1 + pick(4));
    if (seed % 2 == 0) {
      t.fair_start_us = 5 * kSecond;
      t.seed = *draw::from_hex(std::string(64, 'a' + seed % 6));
    }
    Admission a(t);
    std::vector<Id> ids;
    UnixMicros now = kOpens - 2 * kSecond;
    Id next_id = 1;
    for (int step = 0; step < 3000; ++step) {
      now += pick(3) * kSecond / 2;
      if (a.draw_due(now))
        for (const DrawnEntry& e : a.draw(a.queued(), now))
          if (e.decision.verdict == Verdict::admitted) ids.push_back(e.request.hold_id);
      const int op = pick(10);
      if (op < 6) {
        const Id buyer = 1 + pick(30);
        const BuyRequest r{buyer, "k" + std::to_string(pick(5)), 1 + pick(3), next_id++};
        const Decision d = a.buy(r, now);
        if (d.verdict == Verdict::admitted) ids.push_back(r.hold_id);
      } else if (!ids.empty()) {
        const Id id = ids[pick(static_cast<int>(ids.size()))];
        const Hold* h = a.find(id);
        if (op == 6) a.pay(id);
        if (op == 7) a.release(id);
        if (op == 8) {
          for (const Hold& due : a.overdue(now, 1 + pick(3))) ASSERT_TRUE(a.release(due.id));
        }
        if (op == 9 && h && h->status == HoldStatus::held && pick(4) == 0) a.abandon(id);
      }
      // Recount from the holds.
      std::int64_t sold = 0, held = 0;
      std::map<Id, int> per_buyer;
      for (Id id : ids) {
        const Hold* h = a.find(id);
        if (!h || h->status == HoldStatus::released) continue;
        (h->status == HoldStatus::paid ? sold : held) += h->units;
        per_buyer[h->buyer_id] += h->units;
      }
      const Counts c = a.counts();
      ASSERT_EQ(c.sold, sold) << "seed " << seed << " step " << step;
      ASSERT_EQ(c.held, held) << "seed " << seed << " step " << step;
      ASSERT_LE(sold + held, t.stock);
      ASSERT_EQ(c.remaining, t.stock - sold - held);
      for (const auto& [buyer, units] : per_buyer) {
        ASSERT_LE(units, t.per_buyer_limit);
        ASSERT_EQ(a.units_of(buyer), units);
      }
    }
  }
}

}  // namespace
}  // namespace sangsaeng::market
