// Demo data for `sangsaeng demo`: organisations, one user per role, program statuses, and
// small books (a KRW and a CREDIT ledger) written through the ledger engine.
// Idempotent: running it on a seeded database changes nothing.
#pragma once

#include "accounts/service.h"
#include "store/db.h"

namespace sangsaeng::app {

// The password of every demo user (the README lists the logins).
inline constexpr const char* kDemoPassword = "sangsaeng-demo";

// Returns true if it seeded, false if the data was already there.
bool seed_demo(accounts::AccountService& accounts, UnixMicros now);

// The demo's books: ledger accounts of the company, the farm, the community market's donation
// pool, the happiness-credit program, the customer and the charity, and a handful of posted
// transfers (three drops' sales with half donated, a grant paid and one awaiting payment,
// credit earned and donated). Fixed ids, so the ledger itself refuses to write them twice.
// Runs its own ledger::Engine: call it before the server starts its own. REQUIRES: seed_demo
// ran (it looks up the demo organisations and the customer). Returns true if it wrote, false
// if the books were already there. Throws std::runtime_error if the ledger refuses an entry.
bool seed_demo_books(store::Db& db, accounts::AccountService& accounts);

// The community market's demo: two more farms, three products and three drops relative to
// `now`: one open (salted cabbage, 2,000 boxes, half of every sale donated), one opening in ten
// minutes with a fair start (the countdown), and next Wednesday's at 10:00 KST. Runs its own
// market service: call it before the server starts. REQUIRES: seed_demo ran. Returns true if it
// wrote, false if the market already had products.
bool seed_demo_market(store::Db& db, accounts::AccountService& accounts, UnixMicros now);

// Outage compensation's demo: 53 broadband lines in three Seoul areas (the demo customer's home
// in Mapo among them), a 3.5-hour fibre cut in Mapo twelve days before `now`, settled under the
// terms in force (refunds credited, damages claimable), an 80-minute fault in Seodaemun below
// the threshold, and an outage in Eunpyeong still going on. Runs its own ledger engine: call it
// before the server starts. REQUIRES: seed_demo ran. Returns true if it wrote.
bool seed_demo_outage(store::Db& db, accounts::AccountService& accounts, UnixMicros now);
// The volunteer corps: teams, facilities, a month of activities with attendance and grants.
// Runs its own ledger::Engine: call it before the server starts. REQUIRES: seed_demo ran.
// Returns true if it wrote.
bool seed_demo_volunteer(store::Db& db, accounts::AccountService& accounts, UnixMicros now);

// The live program's demo: 망원시장's live show about to start (with its products in the
// market), last week's show with a replay timeline, an online entrance ceremony, and this
// month's four free performances. REQUIRES: seed_demo ran. Returns true if it wrote.
bool seed_demo_live(store::Db& db, accounts::AccountService& accounts, UnixMicros now);

// The art hall fund and hearing-support grants' demo: a year of the hall's ticket revenue (a
// day's total per performance day) credited to the fund, and seven applications in every state
// (the demo customer's child paid at surgery and in rehabilitation, one helped last year and
// closed, one reserved, one in screening, a new one, one declined, one ended before surgery),
// with guardians' accounts (guardian1-6@sangsaeng.test). Runs its own ledger engine: call it
// before the server starts. REQUIRES: seed_demo ran. Returns true if it wrote.
bool seed_demo_grants(store::Db& db, accounts::AccountService& accounts, UnixMicros now);

// Happiness credit's demo: three causes (charities), two partner shops with their rates, and
// the demo customer's credit: last year's purchases settled at New Year (statements), this
// year's earning (one purchase cancelled) split 70/30 between the causes they chose. Runs its
// own ledger engine: call it before the server starts. REQUIRES: seed_demo ran. Returns true
// if it wrote.
bool seed_demo_giving(store::Db& db, accounts::AccountService& accounts, UnixMicros now);

// Care and dispatch's demo: seven helpers in Seoul (helper@ is the IT supporter 최하나, tech@ the
// technician 정다은; languages Korean, Vietnamese, Chinese, English and sign language; one
// certificate expired), ten people (elderly, migrants, a deaf couple; one without consent, one
// asking for a woman, one naming their engineer) and their requests for tomorrow, to plan as
// care@. REQUIRES: seed_demo ran. Returns true if it wrote, false if helpers existed.
bool seed_demo_care(store::Db& db, accounts::AccountService& accounts, UnixMicros now);

// Neighbourhood membership's demo: 망원동's alley of five shops around 망원역 and two shops in
// 연남동, each with an offer valid from a week before `now`; the alley's manager (alley@) and
// the bakery's owner (shop@, a merchant who redeems codes); members member1-4@; a prize event
// open for entries (the demo customer not yet entered) and last month's event, drawn.
// REQUIRES: seed_demo ran. Returns true if it wrote, false if alley@ existed.
bool seed_demo_neighbourhood(store::Db& db, accounts::AccountService& accounts, UnixMicros now);
// IT education's demo: the course "스마트폰 첫걸음" taught by 최하나 (helper@) to five elderly
// learners, two sessions held (attendance, goals reached) and two to come, one at a learner's
// home. REQUIRES: seed_demo_care ran. Returns true if it wrote, false if a course existed.
bool seed_demo_care_education(store::Db& db, accounts::AccountService& accounts, UnixMicros now);
// The market's giving: a matching campaign (half of what customers spend, for a giving cause,
// up to 200,000 won) with part of its budget used by last week's drop of a social enterprise's
// rice, and this week's drop of it, open, earning buyers 3 % happiness credit (giver4@ bought
// some; giver1-4@ are this demo's own customers). Runs its own ledger engine: call it before the
// server starts. REQUIRES: seed_demo and seed_demo_market ran. Returns true if it wrote.
bool seed_demo_campaigns(store::Db& db, accounts::AccountService& accounts, UnixMicros now);
}  // namespace sangsaeng::app
