-- Uploads (issue 15, shared by every program): content-addressed blobs. hash is the SHA-256 of
-- the bytes (lower-case hex), so the same bytes are stored once and never change under a hash.
-- The bytes are base64 text (docs/decisions.md, "Uploads"); width and height are 0 for
-- documents.
CREATE TABLE uploads (
  hash TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
  data_b64 TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- A product's photos, in order (position, then id): the first is the main one. Each names its
-- re-encoded variants in uploads; deleting a photo leaves the blobs (another photo may share them).
CREATE TABLE market_product_photos (
  id BIGINT PRIMARY KEY,
  product_id BIGINT NOT NULL REFERENCES market_products(id),
  position INTEGER NOT NULL,
  large_hash TEXT NOT NULL REFERENCES uploads(hash),
  small_hash TEXT NOT NULL REFERENCES uploads(hash),
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX market_product_photos_product ON market_product_photos(product_id, position, id);
