-- Live events across nodes (issue 20): every change a viewer of a live event must see is
-- announced on the channel sangsaeng_live with the event's id as the payload, in the
-- transaction that makes it (delivered at commit, never for a rollback; PostgreSQL folds equal
-- payloads of one transaction into one). Each node LISTENs and republishes at once to the
-- viewers connected to it (src/api/live_feed.h). The changes: the event's row (its state and
-- version; a pin bumps the version), a new guest message, and a market order of a featured
-- product changing status while the show is live (its counters). SQLite has no other node:
-- its 0720 migration is empty. Each function stands on one line: the migration runner splits
-- statements at line ends.
CREATE FUNCTION live_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('sangsaeng_live', NEW.id::text); RETURN NULL; END $$;
CREATE TRIGGER live_events_notify AFTER UPDATE ON live_events FOR EACH ROW EXECUTE FUNCTION live_notify_event();
CREATE FUNCTION live_notify_message() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('sangsaeng_live', NEW.event_id::text); RETURN NULL; END $$;
CREATE TRIGGER live_messages_notify AFTER INSERT ON live_messages FOR EACH ROW EXECUTE FUNCTION live_notify_message();
CREATE FUNCTION live_notify_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('sangsaeng_live', p.event_id::text) FROM market_drops d JOIN live_event_products p ON p.product_id = d.product_id JOIN live_events e ON e.id = p.event_id WHERE d.id = NEW.drop_id AND e.state = 'live'; RETURN NULL; END $$;
CREATE TRIGGER market_orders_live_notify AFTER INSERT OR UPDATE OF status ON market_orders FOR EACH ROW EXECUTE FUNCTION live_notify_order();
CREATE INDEX live_event_products_product ON live_event_products(product_id);
