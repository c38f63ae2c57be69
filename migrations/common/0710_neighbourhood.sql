-- Neighbourhood membership (issue 20): neighbourhoods (alleys), their member shops (merchant
-- organisations), the shops' offers to members, the one-time codes members show, and prize
-- events. Coordinates are integer microdegrees (WGS 84), so both databases store them exactly.
-- A code is redeemed at most once: redeemed_at is set by one conditional UPDATE, so of two
-- simultaneous tries exactly one changes the row. A prize event's seed is kept secret until
-- drawn_at is set; its SHA-256 (seed_commitment) is public from the start.
CREATE TABLE neighbourhood_areas (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  lat_e6 BIGINT NOT NULL,
  lon_e6 BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE neighbourhood_shops (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  area_id BIGINT NOT NULL REFERENCES neighbourhood_areas(id),
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  address TEXT NOT NULL,
  lat_e6 BIGINT NOT NULL CHECK (lat_e6 BETWEEN -90000000 AND 90000000),
  lon_e6 BIGINT NOT NULL CHECK (lon_e6 BETWEEN -180000000 AND 180000000),
  created_at BIGINT NOT NULL
);
CREATE INDEX neighbourhood_shops_area ON neighbourhood_shops(area_id);
CREATE INDEX neighbourhood_shops_lat ON neighbourhood_shops(lat_e6, lon_e6);

CREATE TABLE neighbourhood_offers (
  id BIGINT PRIMARY KEY,
  shop_org_id BIGINT NOT NULL REFERENCES neighbourhood_shops(org_id),
  title TEXT NOT NULL,
  conditions TEXT NOT NULL,
  discount_kind TEXT NOT NULL CHECK (discount_kind IN ('percent', 'fixed')),
  discount_value BIGINT NOT NULL CHECK (discount_value > 0),
  valid_from BIGINT NOT NULL,
  valid_until BIGINT NOT NULL,
  weekly_cap INTEGER NOT NULL CHECK (weekly_cap >= 0),
  member_daily_max INTEGER NOT NULL CHECK (member_daily_max >= 1),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (valid_until > valid_from)
);
CREATE INDEX neighbourhood_offers_shop ON neighbourhood_offers(shop_org_id, id);

CREATE TABLE neighbourhood_codes (
  id BIGINT PRIMARY KEY,
  offer_id BIGINT NOT NULL REFERENCES neighbourhood_offers(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  code TEXT NOT NULL UNIQUE,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  redeemed_at BIGINT,
  redeemed_by BIGINT
);
CREATE INDEX neighbourhood_codes_member ON neighbourhood_codes(user_id, offer_id, redeemed_at);
CREATE INDEX neighbourhood_codes_offer ON neighbourhood_codes(offer_id, redeemed_at);

CREATE TABLE neighbourhood_prize_events (
  id BIGINT PRIMARY KEY,
  area_id BIGINT REFERENCES neighbourhood_areas(id),
  title TEXT NOT NULL,
  prize TEXT NOT NULL,
  winners_count INTEGER NOT NULL CHECK (winners_count BETWEEN 1 AND 1000),
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  seed_hex TEXT NOT NULL,
  seed_commitment TEXT NOT NULL,
  drawn_at BIGINT,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (closes_at > opens_at)
);

CREATE TABLE neighbourhood_prize_entries (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES neighbourhood_prize_events(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  UNIQUE (event_id, user_id)
);

CREATE TABLE neighbourhood_prize_winners (
  event_id BIGINT NOT NULL REFERENCES neighbourhood_prize_events(id),
  place INTEGER NOT NULL,
  entry_id BIGINT NOT NULL REFERENCES neighbourhood_prize_entries(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (event_id, place)
);
