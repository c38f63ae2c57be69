-- Idempotency keys are reserved before their request runs (status 0 until its answer is
-- stored); `reservation` names the attempt holding the key, so only it answers or releases it.
ALTER TABLE idempotency_keys ADD COLUMN reservation TEXT NOT NULL DEFAULT '';
-- The scheduled cleanup deletes the oldest keys first.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Scheduled jobs (src/jobs): when each last ran, and the lease of the runner running it now.
-- A lease past lease_expires_at is free, so a crashed holder never blocks the job for long.
CREATE TABLE scheduled_jobs (
  name TEXT PRIMARY KEY,
  last_run_at BIGINT NOT NULL,
  holder TEXT NOT NULL DEFAULT '',
  lease_expires_at BIGINT NOT NULL DEFAULT 0
);
