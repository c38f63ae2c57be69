-- Issue 19, after review. (1) A fund's day is credited sale by sale or as one total, never both:
-- the first line of a day claims it here, and the primary key decides between a day's sales and
-- its total arriving at the same instant (a count read before the insert let both through on
-- PostgreSQL). Days already credited are claimed by what they hold.
CREATE TABLE grant_revenue_days (
  fund_id TEXT NOT NULL REFERENCES grant_funds(id),
  sold_on TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sales', 'total')),
  PRIMARY KEY (fund_id, sold_on)
);
INSERT INTO grant_revenue_days (fund_id, sold_on, kind)
SELECT fund_id, sold_on, MIN(CASE WHEN source_key LIKE 'day:%' THEN 'total' ELSE 'sales' END)
FROM grant_revenue GROUP BY fund_id, sold_on;

-- (2) The volunteer hours reports on a year of a 14,000-member corps (bench/volunteer): the
-- month's report by team reads the (month, team) range and the team's year the (team, month)
-- range without touching the table (every column the reports sum or count is in the index).
DROP INDEX volunteer_attendance_team;
CREATE INDEX volunteer_attendance_team
  ON volunteer_attendance(team_id, month, user_id, activity_id, minutes);
DROP INDEX volunteer_attendance_month;
CREATE INDEX volunteer_attendance_month
  ON volunteer_attendance(month, team_id, user_id, activity_id, minutes);
