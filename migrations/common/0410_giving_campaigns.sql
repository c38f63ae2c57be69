-- Matching campaigns with budgets, and the market's giving (issues 15 and 17).
--
-- A campaign: the company gives match_percent of what customers spend in it to a named charity,
-- up to its budget. The budget is a ledger account (KRW, "debits must not exceed credits")
-- funded from the company's giving account; funded_won counts the fundings the books confirmed,
-- matched_won the matches decided (each in the transaction that records its payment), less the
-- ones a refund gave back once the books confirmed the reversal. The CHECK is the database's
-- own stop; the account flag is the books'.
CREATE TABLE giving_campaigns (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  charity_org_id BIGINT NOT NULL REFERENCES orgs(id),
  match_percent INTEGER NOT NULL CHECK (match_percent BETWEEN 1 AND 100),
  account_id BIGINT NOT NULL UNIQUE,
  funded_won BIGINT NOT NULL DEFAULT 0,
  matched_won BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (matched_won >= 0 AND matched_won <= funded_won)
);

-- Money put into a campaign's budget: written (transfer id chosen) before the transfer is sent;
-- posted = 1 once the books hold it, and only then does funded_won grow.
CREATE TABLE giving_campaign_fundings (
  id BIGINT PRIMARY KEY,
  campaign_id BIGINT NOT NULL REFERENCES giving_campaigns(id),
  amount_won BIGINT NOT NULL CHECK (amount_won > 0),
  transfer_id BIGINT NOT NULL UNIQUE,
  posted INTEGER NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX giving_campaign_fundings_unposted ON giving_campaign_fundings(posted, created_at);

-- A merchant's verification flags, which the giving rules read: goods of a social enterprise or
-- a small merchant earn the buyer donation-only credit where the drop gives a rate.
CREATE TABLE market_merchants (
  org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  social_enterprise INTEGER NOT NULL,
  small_merchant INTEGER NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- A drop may name a campaign (its match then comes from the campaign's budget, capped at what is
-- left) and gives credit at credit_rate_bp (basis points of the amount paid) when its merchant
-- is flagged.
ALTER TABLE market_drops ADD COLUMN campaign_id BIGINT REFERENCES giving_campaigns(id);
ALTER TABLE market_drops ADD COLUMN credit_rate_bp INTEGER NOT NULL DEFAULT 0;

-- What a payment donated (decided when it was paid: the rule's share, or the campaign's match
-- capped at its budget) and the happiness-credit purchase it earned, if any.
ALTER TABLE market_payments ADD COLUMN donation_won BIGINT NOT NULL DEFAULT 0;
ALTER TABLE market_payments ADD COLUMN credit_purchase_id BIGINT;
UPDATE market_payments SET donation_won = (
  SELECT CASE WHEN d.charity_org_id IS NULL THEN 0
              ELSE market_payments.amount_won * d.donation_percent / 100 END
  FROM market_orders o JOIN market_drops d ON d.id = o.drop_id
  WHERE o.id = market_payments.order_id);
