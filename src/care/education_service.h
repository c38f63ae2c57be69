// IT education's use cases: a program's manager opens a course, schedules its sessions (at a
// place, or at a learner's home) with a certified instructor, and enrols learners (people of the
// program who consented); the instructor takes attendance at a session and ticks the goals each
// learner reached; managers and the course's instructors follow each learner's progress.
//
// Who sees learners' names (personal data, DESIGN.md section 5): the program's managers and the
// helpers who teach a session of the course. Every such read is recorded in the audit log in
// the transaction that reads it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "care/education.h"
#include "care/service.h"
#include "store/db.h"

namespace sangsaeng::care {

struct CourseView {
  Course course;
  std::vector<Session> sessions;  // by start
  int enrolled = 0;
};

// A learner as the instructor's list shows them: the name and this session's mark.
struct RosterLine {
  Id learner_id = 0;
  std::string name;
  std::optional<Mark> mark;  // none until attendance is taken
};
struct Roster {
  Course course;
  Session session;
  std::vector<RosterLine> learners;  // every enrolled learner, in enrolment order
};

struct LearnerProgress {
  Id learner_id = 0;
  std::string name;
  std::vector<std::pair<Course, Progress>> courses;
};

struct EducationOptions {
  int courses_listed_max = 200;
  int sessions_per_course_max = 200;
  std::function<UnixMicros()> clock = now_us;
};

class EducationService {
 public:
  // `db` must outlive the service.
  explicit EducationService(store::Db& db, EducationOptions options = {});

  // invalid_argument (care/education.h's checks); forbidden unless the actor manages the course's
  // program.
  Result<Course> add_course(Course course, const Actor& actor);
  // The program's managers: their programs' courses; a helper: the courses they teach.
  std::vector<Course> courses(const Actor& actor);
  // not_found; forbidden unless a manager of its program or one of its instructors.
  Result<CourseView> course(Id id, const Actor& actor);

  // Schedules a session. invalid_argument for bad fields, for an instructor who is no helper
  // ("instructor_id") or holds no certification valid on the session's day, or a learner at home
  // who is not enrolled ("learner_id"); not_found; forbidden unless a manager of the program.
  Result<Session> add_session(Id course_id, Session session, const Actor& actor);
  // Enrols the learners (already enrolled ones stay as they were). invalid_argument "learner_ids"
  // for a person who does not exist, belongs to another program or has not consented;
  // failed_precondition "course-full" when the capacity would be exceeded; all or nothing.
  Result<CourseView> enrol(Id course_id, const std::vector<Id>& learner_ids, const Actor& actor);

  // The session's learners with their names and marks (audited). not_found; forbidden unless a
  // manager of the program or the session's instructor.
  Result<Roster> roster(Id session_id, const Actor& actor);
  // Records the marks (replacing earlier ones for those learners) and the goals reached; the
  // session counts as held from the first attendance. invalid_argument for a learner not
  // enrolled or a bad mark ("items[i].field"); failed_precondition "session-not-started" before
  // its start; as roster() otherwise.
  Result<Roster> take_attendance(Id session_id, std::vector<Mark> marks, const Actor& actor);

  // A learner's progress in every course they are enrolled in (audited). not_found; forbidden
  // unless a manager of the person's program or an instructor of one of those courses (who then
  // sees only the courses they teach).
  Result<LearnerProgress> learner_progress(Id learner_id, const Actor& actor);
  // Every enrolled learner's progress in the course (audited); as course() for who may.
  Result<std::vector<LearnerProgress>> course_progress(Id course_id, const Actor& actor);

 private:
  store::Db& db_;
  const EducationOptions options_;
};

}  // namespace sangsaeng::care
