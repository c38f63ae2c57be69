-- Outages imported from network monitoring's export (issue 18): each row names the monitoring
-- system's incident, so importing the same file again, or a later export that closes an open
-- outage, finds the outage it reported instead of reporting it twice. NULL for outages entered
-- by hand (a UNIQUE index allows many NULLs on SQLite and PostgreSQL alike).
ALTER TABLE outage_events ADD COLUMN incident_ref TEXT;
CREATE UNIQUE INDEX outage_events_incident ON outage_events(incident_ref);

-- Fewer indexes to maintain per posting (a settlement writes one per compensated line, bench/outage):
-- a line's postings are found through the (event_id, line_id, kind, seq) key, and the postings
-- the books have not confirmed through a partial index that holds only those.
DROP INDEX outage_postings_line;
DROP INDEX outage_postings_unposted;
CREATE INDEX outage_postings_unposted ON outage_postings(id) WHERE posted = 0;
