-- PostgreSQL's 0720 announces live events' changes to the other nodes (LISTEN/NOTIFY). One
-- SQLite file has no other node: its feed polls (src/api/live_feed.h). The index serves the
-- same lookup as PostgreSQL's.
CREATE INDEX live_event_products_product ON live_event_products(product_id);
