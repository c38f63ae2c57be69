-- Units of held and sold orders per client address and drop, across nodes (issue 15, abuse
-- controls): with leases an order's commit raises it only while it stays within the per-address
-- limit, as market_buyer_units does for the per-buyer limit, so one address asking several
-- nodes behind the balancer gets no more than the limit in all. Counted only while a limit is
-- set; orders without an address are not counted (src/market/leases.h).
CREATE TABLE market_address_units (
  drop_id BIGINT NOT NULL REFERENCES market_drops(id),
  address TEXT NOT NULL,
  units INTEGER NOT NULL CHECK (units >= 0),
  PRIMARY KEY (drop_id, address)
);

-- Drops already shared by nodes count their orders from now on.
INSERT INTO market_address_units (drop_id, address, units)
SELECT drop_id, client_address, SUM(units) FROM market_orders
WHERE client_address <> '' AND status IN ('held', 'paid', 'packed', 'shipped', 'delivered')
  AND drop_id IN (SELECT drop_id FROM market_stock)
GROUP BY drop_id, client_address;
