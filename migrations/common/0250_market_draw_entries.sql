-- Fair-start entries (issue 15): the requests that arrived in a drop's fair-start window, on
-- whichever node, written before the draw, so that one draw covers every node's entries and a
-- restart loses none. The draw reads them in arrival order (arrived_at, then id) under the
-- drop's draw lock (src/market/entries.h). id becomes the order's id when the entry wins.
-- outcome is NULL until the draw, then 'admitted' or the refusal ('sold_out', 'not_enough',
-- 'per_buyer_limit', 'per_address_limit'); remaining is the units left when it was decided.
-- The unique key makes a retried request (same buyer, same Idempotency-Key) one entry on every
-- node.
CREATE TABLE market_draw_entries (
  drop_id BIGINT NOT NULL REFERENCES market_drops(id),
  id BIGINT NOT NULL,
  buyer_id BIGINT NOT NULL,
  idem_key TEXT NOT NULL,
  units INTEGER NOT NULL CHECK (units >= 1),
  client_address TEXT NOT NULL,
  node TEXT NOT NULL,
  arrived_at BIGINT NOT NULL,
  outcome TEXT,
  remaining BIGINT,
  PRIMARY KEY (drop_id, id),
  UNIQUE (drop_id, buyer_id, idem_key)
);
CREATE INDEX market_draw_entries_arrival ON market_draw_entries(drop_id, arrived_at, id);
