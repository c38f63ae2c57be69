-- Stock leases for several nodes on one database (issue 15, DESIGN.md section 8). A node sells
-- only units it leased: for every drop, at every commit,
--   units of held and sold orders + SUM(market_leases.units) + market_stock.unleased = quantity
-- so no node can sell more than the drop has (src/market/leases.h). A drop's row in
-- market_stock is made on first use (from its quantity and the orders it already has).
CREATE TABLE market_stock (
  drop_id BIGINT PRIMARY KEY REFERENCES market_drops(id),
  unleased BIGINT NOT NULL CHECK (unleased >= 0)
);

-- Units a node leased and has not sold yet (an order takes its units from its node's lease in
-- the order's own transaction). heartbeat_at is the node's proof of life: a lease not renewed
-- within the timeout is reclaimed into the pool by another node.
CREATE TABLE market_leases (
  drop_id BIGINT NOT NULL REFERENCES market_drops(id),
  node TEXT NOT NULL,
  units BIGINT NOT NULL CHECK (units >= 0),
  heartbeat_at BIGINT NOT NULL,
  PRIMARY KEY (drop_id, node)
);

-- Units of held and sold orders per buyer and drop, across nodes: an order's commit raises it
-- only while it stays within the drop's per-buyer limit.
CREATE TABLE market_buyer_units (
  drop_id BIGINT NOT NULL REFERENCES market_drops(id),
  buyer_id BIGINT NOT NULL,
  units INTEGER NOT NULL CHECK (units >= 0),
  PRIMARY KEY (drop_id, buyer_id)
);

-- Held orders by deadline: any node expires them, also those of a node that died.
CREATE INDEX market_orders_held_due ON market_orders(drop_id, pay_by) WHERE status = 'held';
