-- +goose Up
-- Message bodies and appointment notes are encrypted at rest (SPEC §12).
-- Duplicate suppression compares body_hash, a keyed digest of the body. Rows
-- written before this change have no body_hash; the server seals their bodies
-- in the background and fills it in (the partial index finds them at once).
ALTER TABLE messages ADD COLUMN body_hash text;
CREATE INDEX messages_unsealed ON messages (id) WHERE body_hash IS NULL;
-- Stored replays held decrypted records; they are only a convenience for
-- retries within 24 hours, so they are dropped rather than kept in clear.
DELETE FROM idempotency_keys;
-- A list read is one audit event naming the ids it showed (a JSON array).
ALTER TABLE audit_events ADD COLUMN resource_ids text NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE audit_events DROP COLUMN resource_ids;
DROP INDEX messages_unsealed;
ALTER TABLE messages DROP COLUMN body_hash;
