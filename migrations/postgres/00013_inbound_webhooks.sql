-- +goose Up
-- Inbound trigger webhooks (SPEC §9): a tenant's URL that third-party systems
-- call to find or create a patient and start a workflow. The secrets are
-- sealed with PRIMA_ENCRYPTION_KEY (they must be read back to verify HMACs).
-- workflow_id has no foreign key: the workflow engine owns its tables, and a
-- webhook bound to a workflow that is gone simply starts nothing.
CREATE TABLE webhooks (
    id                    uuid PRIMARY KEY,
    tenant_id             uuid NOT NULL REFERENCES tenants(id),
    name                  text NOT NULL,
    workflow_id           uuid,
    is_active             boolean NOT NULL DEFAULT true,
    secret                text NOT NULL,
    previous_secret       text,
    previous_secret_until timestamptz,
    last_called_at        timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    deleted_at            timestamptz,
    version               integer NOT NULL DEFAULT 1
);
CREATE INDEX webhooks_tenant_created ON webhooks (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Every call of an inbound webhook but those to unknown ids: what came in
-- (payload, sealed: it holds patient data; kept only once the signature
-- verified), what was answered, how long it took and how it ended.
-- delivery_id is the caller's webhook-id (or the idempotency key / body hash
-- of x-webhook-signature calls). The one "started" row per delivery is the
-- replay guard: it is inserted first in the call's transaction, so a
-- concurrent copy waits for it and then answers as a replay.
CREATE TABLE webhook_executions (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    webhook_id   uuid NOT NULL REFERENCES webhooks(id),
    delivery_id  text,
    status_code  integer NOT NULL,
    outcome      text NOT NULL CHECK (outcome IN ('started','replayed','rejected','failed')),
    duration_ms  integer NOT NULL DEFAULT 0,
    payload      text,
    response     text NOT NULL DEFAULT '{}',
    patient_id   uuid,
    execution_id uuid,
    created_at   timestamptz NOT NULL
);
CREATE INDEX webhook_executions_webhook_created ON webhook_executions (tenant_id, webhook_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX webhook_executions_delivery ON webhook_executions (webhook_id, delivery_id) WHERE outcome = 'started';

-- +goose Down
DROP TABLE webhook_executions;
DROP TABLE webhooks;
