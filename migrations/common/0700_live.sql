-- Live events and free performances (issue 20). An event streams on the channels of
-- live_channels; its state only moves forward (scheduled, live, ended, replay_available) and
-- version counts every change viewers see, so a node that did not make the change notices it.
-- Pins are the replay's timeline (seconds into the show). Messages are hidden, never deleted;
-- a block stops a user's messages on one event. A reminder is sent once (sent_at), through the
-- outbox, before the start.
CREATE TABLE live_events (
  id BIGINT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('market_show', 'ceremony', 'performance')),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  hosts TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('scheduled', 'live', 'ended', 'replay_available')),
  went_live_at BIGINT,
  ended_at BIGINT,
  replay_url TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX live_events_starts ON live_events(starts_at, id);

CREATE TABLE live_channels (
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  position INTEGER NOT NULL,
  platform TEXT NOT NULL CHECK (platform IN ('youtube', 'facebook', 'iptv')),
  url TEXT NOT NULL,
  iptv_channel TEXT NOT NULL,
  embed_url TEXT NOT NULL,
  PRIMARY KEY (event_id, position)
);

CREATE TABLE live_event_products (
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  product_id BIGINT NOT NULL REFERENCES market_products(id),
  PRIMARY KEY (event_id, product_id)
);

CREATE TABLE live_pins (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  kind TEXT NOT NULL CHECK (kind IN ('product', 'moment')),
  product_id BIGINT REFERENCES market_products(id),
  title TEXT NOT NULL,
  at_s BIGINT NOT NULL CHECK (at_s >= 0),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX live_pins_event ON live_pins(event_id, id);

CREATE TABLE live_messages (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  display_name TEXT NOT NULL,
  body TEXT NOT NULL,
  hidden INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX live_messages_event ON live_messages(event_id, id);
CREATE INDEX live_messages_user ON live_messages(event_id, user_id, created_at);

CREATE TABLE live_blocks (
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (event_id, user_id)
);

CREATE TABLE live_reminders (
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX live_reminders_unsent ON live_reminders(sent_at, event_id);

CREATE TABLE live_rsvps (
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'maybe')),
  party_size INTEGER NOT NULL CHECK (party_size BETWEEN 1 AND 10),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (event_id, user_id)
);

CREATE TABLE live_guestbook (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES live_events(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  display_name TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX live_guestbook_event ON live_guestbook(event_id, id);

-- Free performances: partner organisations' titles, each in a month's line-up and available
-- to watch in a window; views counted per title.
CREATE TABLE perf_partners (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  url TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE perf_titles (
  id BIGINT PRIMARY KEY,
  partner_id BIGINT NOT NULL REFERENCES perf_partners(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 600),
  age_rating TEXT NOT NULL CHECK (age_rating IN ('all', '7', '12', '15', '19')),
  iptv_channel TEXT NOT NULL,
  mobile_url TEXT NOT NULL,
  lineup_month TEXT NOT NULL,
  available_from BIGINT NOT NULL,
  available_until BIGINT NOT NULL,
  views BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (available_until > available_from)
);
CREATE INDEX perf_titles_window ON perf_titles(available_from, available_until);
CREATE INDEX perf_titles_month ON perf_titles(lineup_month, id);
