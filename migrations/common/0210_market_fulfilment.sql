-- What happens to a market order after it is paid (issue 15): where it goes, how it travels,
-- and its refund.

-- The address the buyer gave when paying, and the merchant's shipping steps. One row per paid
-- order, written in the same transaction as its payment.
CREATE TABLE market_shipments (
  order_id BIGINT PRIMARY KEY REFERENCES market_orders(id),
  recipient TEXT NOT NULL,
  phone TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  address1 TEXT NOT NULL,
  address2 TEXT NOT NULL,
  memo TEXT NOT NULL,
  carrier TEXT NOT NULL,
  tracking_no TEXT NOT NULL,
  packed_at BIGINT NOT NULL,
  shipped_at BIGINT NOT NULL,
  delivered_at BIGINT NOT NULL
);

-- A refunded order: what the provider answered and the two reversing transfers (ids chosen
-- once; posted = 1 once the books hold them, a job posts the ones left at 0 after the payment's
-- own transfers are in).
CREATE TABLE market_refunds (
  order_id BIGINT PRIMARY KEY REFERENCES market_orders(id),
  provider_ref TEXT NOT NULL,
  amount_won BIGINT NOT NULL,
  reason TEXT NOT NULL,
  refunded_by BIGINT NOT NULL,
  sale_reversal_id BIGINT NOT NULL,
  donation_reversal_id BIGINT NOT NULL,
  posted INTEGER NOT NULL,
  refunded_at BIGINT NOT NULL
);
CREATE INDEX market_refunds_unposted ON market_refunds(posted, refunded_at);
CREATE INDEX market_orders_status ON market_orders(drop_id, status, id);
