-- Community market (issue 15): products, weekly drops and their orders. Money is integer won;
-- times are UTC microseconds. An order in status 'held' is a hold on units of its drop until
-- pay_by; 'paid' and the shipping states count as sold; 'cancelled' and 'expired' gave the
-- units back. The unique key makes a retried purchase (same buyer, same Idempotency-Key) one
-- order whatever the node.
CREATE TABLE market_products (
  id BIGINT PRIMARY KEY,
  merchant_org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  origin TEXT NOT NULL,
  unit_label TEXT NOT NULL,
  price_won BIGINT NOT NULL CHECK (price_won >= 0),
  market_price_won BIGINT NOT NULL CHECK (market_price_won >= 0),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX market_products_merchant ON market_products(merchant_org_id, id);

CREATE TABLE market_drops (
  id BIGINT PRIMARY KEY,
  product_id BIGINT NOT NULL REFERENCES market_products(id),
  title TEXT NOT NULL,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  per_buyer_limit INTEGER NOT NULL CHECK (per_buyer_limit >= 1),
  price_won BIGINT NOT NULL CHECK (price_won >= 0),
  market_price_won BIGINT NOT NULL CHECK (market_price_won >= 0),
  gift TEXT NOT NULL,
  free_shipping INTEGER NOT NULL,
  zones TEXT NOT NULL,
  donation_percent INTEGER NOT NULL CHECK (donation_percent BETWEEN 0 AND 100),
  charity_org_id BIGINT REFERENCES orgs(id),
  fair_start_seconds INTEGER NOT NULL CHECK (fair_start_seconds BETWEEN 0 AND 60),
  seed_hex TEXT NOT NULL,
  seed_commitment TEXT NOT NULL,
  hold_seconds INTEGER NOT NULL CHECK (hold_seconds >= 1),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (closes_at > opens_at)
);
CREATE INDEX market_drops_opens ON market_drops(opens_at);

CREATE TABLE market_orders (
  id BIGINT PRIMARY KEY,
  drop_id BIGINT NOT NULL REFERENCES market_drops(id),
  buyer_id BIGINT NOT NULL REFERENCES users(id),
  units INTEGER NOT NULL CHECK (units >= 1),
  amount_won BIGINT NOT NULL CHECK (amount_won >= 0),
  status TEXT NOT NULL CHECK (status IN ('held', 'paid', 'cancelled', 'expired', 'packed', 'shipped', 'delivered', 'refunded')),
  idem_key TEXT NOT NULL,
  pay_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (drop_id, buyer_id, idem_key)
);
CREATE INDEX market_orders_drop ON market_orders(drop_id, id);
CREATE INDEX market_orders_buyer ON market_orders(buyer_id, id);

-- The fair-start draw of a drop, published after it ran: the entries in arrival order as JSON
-- ([{"entry": order id, "ticket": ticket id, "units": n}, ...]); the seed is in market_drops.
CREATE TABLE market_draws (
  drop_id BIGINT PRIMARY KEY REFERENCES market_drops(id),
  drawn_at BIGINT NOT NULL,
  entries TEXT NOT NULL
);

-- One payment per paid order: what the provider answered and the two ledger transfers it posts
-- (their ids chosen once, so posting again after a crash changes nothing). posted = 1 once the
-- books hold them; a job posts the ones left at 0.
CREATE TABLE market_payments (
  order_id BIGINT PRIMARY KEY REFERENCES market_orders(id),
  provider TEXT NOT NULL,
  provider_ref TEXT NOT NULL,
  amount_won BIGINT NOT NULL,
  sale_transfer_id BIGINT NOT NULL,
  donation_transfer_id BIGINT NOT NULL,
  posted INTEGER NOT NULL,
  paid_at BIGINT NOT NULL
);
CREATE INDEX market_payments_unposted ON market_payments(posted, paid_at);
