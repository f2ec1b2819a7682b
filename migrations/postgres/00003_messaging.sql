-- +goose Up
ALTER TABLE tenants ADD COLUMN quiet_hours_start text NOT NULL DEFAULT '21:00';
ALTER TABLE tenants ADD COLUMN quiet_hours_end text NOT NULL DEFAULT '07:00';
ALTER TABLE tenants ADD COLUMN send_window_start text NOT NULL DEFAULT '06:00';
ALTER TABLE tenants ADD COLUMN send_window_end text NOT NULL DEFAULT '21:00';
ALTER TABLE tenants ADD COLUMN channel_order jsonb NOT NULL DEFAULT '["whatsapp","sms"]';
ALTER TABLE tenants ADD COLUMN default_language text NOT NULL DEFAULT 'id';
ALTER TABLE tenants ADD COLUMN ai_enabled boolean NOT NULL DEFAULT false;

CREATE TABLE messages (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL REFERENCES tenants(id),
    to_phone            text,
    patient_id          uuid REFERENCES patients(id),
    direction           text NOT NULL CHECK (direction IN ('outbound','inbound')),
    channel             text NOT NULL,
    channel_order       jsonb NOT NULL DEFAULT '[]',
    channel_index       integer NOT NULL DEFAULT 0,
    status              text NOT NULL CHECK (status IN ('queued','sending','sent','delivered','read','failed','skipped','received')),
    skip_reason         text,
    body                text NOT NULL DEFAULT '',
    kakao_template_code text,
    kakao_parameters    jsonb NOT NULL DEFAULT '{}',
    source              text NOT NULL,
    source_id           text,
    provider_message_id text,
    automated           boolean NOT NULL DEFAULT false,
    ai_generated        boolean NOT NULL DEFAULT false,
    priority            smallint NOT NULL DEFAULT 1,
    error_code          text,
    error_message       text,
    channel_attempts    integer NOT NULL DEFAULT 0,
    total_attempts      integer NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz,
    send_before         timestamptz,
    receipt_deadline    timestamptz,
    claimed_by          text,
    claim_expires_at    timestamptz,
    dedupe_key          text,
    created_by          uuid,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    sent_at             timestamptz,
    delivered_at        timestamptz,
    read_at             timestamptz,
    failed_at           timestamptz,
    version             integer NOT NULL DEFAULT 1
);
CREATE INDEX messages_due ON messages (priority, next_attempt_at) WHERE status = 'queued';
CREATE INDEX messages_leases ON messages (claim_expires_at) WHERE status = 'sending';
CREATE INDEX messages_receipts ON messages (receipt_deadline) WHERE status = 'sent' AND receipt_deadline IS NOT NULL;
CREATE INDEX messages_tenant_created ON messages (tenant_id, created_at DESC, id DESC);
CREATE INDEX messages_tenant_patient ON messages (tenant_id, patient_id, created_at DESC);
CREATE INDEX messages_provider_id ON messages (provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX messages_source ON messages (tenant_id, source, source_id);
CREATE UNIQUE INDEX messages_dedupe ON messages (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

CREATE TABLE message_attempts (
    id                  uuid PRIMARY KEY,
    message_id          uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    tenant_id           uuid NOT NULL,
    attempt_no          integer NOT NULL,
    channel             text NOT NULL,
    status              text NOT NULL CHECK (status IN ('started','sent','failed','throttled','unknown','skipped')),
    error_code          text,
    error_message       text,
    provider_message_id text,
    started_at          timestamptz NOT NULL,
    finished_at         timestamptz
);
CREATE INDEX message_attempts_message ON message_attempts (message_id, attempt_no);

-- +goose Down
DROP TABLE message_attempts;
DROP TABLE messages;
ALTER TABLE tenants DROP COLUMN ai_enabled;
ALTER TABLE tenants DROP COLUMN default_language;
ALTER TABLE tenants DROP COLUMN channel_order;
ALTER TABLE tenants DROP COLUMN send_window_end;
ALTER TABLE tenants DROP COLUMN send_window_start;
ALTER TABLE tenants DROP COLUMN quiet_hours_end;
ALTER TABLE tenants DROP COLUMN quiet_hours_start;
