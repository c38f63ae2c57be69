-- The outbox (DESIGN.md: notifications behind a provider interface). A program writes its
-- notice in the same transaction as the change it announces, so a notice exists exactly when
-- the change does; a job sends what is unsent through the configured provider and records the
-- outcome. dedup_key makes a repeated write of the same notice one row.
CREATE TABLE outbox_messages (
  id BIGINT PRIMARY KEY,
  dedup_key TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  recipient_user_id BIGINT REFERENCES users(id),
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  sent_at BIGINT,
  provider TEXT NOT NULL,
  last_error TEXT NOT NULL
);
CREATE INDEX outbox_messages_due ON outbox_messages(sent_at, next_attempt_at);
CREATE INDEX outbox_messages_recipient ON outbox_messages(recipient_user_id, id);
