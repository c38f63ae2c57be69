-- Care re-plans (issue 16): a day's published plan is replaced by the re-plan published after
-- it, which keeps its visits. A replaced plan keeps its publication and gets superseded_at; at
-- most one plan per day is published and not superseded, which the unique index enforces
-- (publications of one day also take a lock, so a second one answers 409, never a 500).
ALTER TABLE care_plans ADD COLUMN superseded_at BIGINT;
CREATE UNIQUE INDEX care_plans_published_day ON care_plans (plan_date)
  WHERE published_at IS NOT NULL AND superseded_at IS NULL;
