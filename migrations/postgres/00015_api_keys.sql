-- +goose Up
-- API keys for integrations (SPEC §4.1): only a SHA-256 hash of the key is
-- kept (a key is 200+ random bits, so a fast hash is safe); the prefix lets
-- people recognise a key. last_used_at is written at most once a minute per key.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    name         text NOT NULL,
    prefix       text NOT NULL,
    key_hash     text NOT NULL,
    scopes       text NOT NULL,
    created_by   uuid NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    revoked_by   uuid
);
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
CREATE INDEX api_keys_tenant_created ON api_keys (tenant_id, created_at DESC, id DESC);

-- The API key an audited action was taken with (actor_user_id is then the key's creator).
ALTER TABLE audit_events ADD COLUMN api_key_id uuid;

-- +goose Down
ALTER TABLE audit_events DROP COLUMN api_key_id;
DROP TABLE api_keys;
