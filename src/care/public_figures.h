// A care program's part of the public figures (figures/source.h), one source per care program
// (it-support, internet-doctor, female-tech), all from the records (care moves no money):
//   people_helped         people visited (a visit done, the person at home) or taught (present
//                         at a session held), each once a month
//   visits                visits done, not counting "not home"
//   minutes               the minutes of those visits and of the sessions held
//   learners              learners present at a session held, each once a month
//   satisfaction_ratings  visits the person rated; satisfaction_points, the sum of the ratings
// A visit counts in the month of its day, a session in the month of its Seoul day; the program
// is the request's (visits) and the course's (sessions).
#pragma once

#include <string>

#include "figures/source.h"

namespace sangsaeng::care {

class PublicFigures : public figures::Source {
 public:
  // REQUIRES: a care program's slug (care/types.h kPrograms).
  explicit PublicFigures(std::string program);
  std::string program() const override { return program_; }
  std::vector<figures::Row> from_ledger(soci::session&) const override { return {}; }
  std::vector<figures::Row> from_records(soci::session& s) const override;
  bool reports_activity() const override { return true; }

 private:
  std::string program_;
};

}  // namespace sangsaeng::care
