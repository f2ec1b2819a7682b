-- +goose Up
-- Outbound events (SPEC §9): a tenant's subscriptions to PRIMA's events, the
-- events recorded for them and one delivery per event and subscription.
-- Secrets are sealed with PRIMA_ENCRYPTION_KEY (they must be read back to
-- sign); the previous secret keeps signing beside the new one until its
-- overlap ends.
CREATE TABLE event_subscriptions (
    id                    text PRIMARY KEY,
    tenant_id             text NOT NULL REFERENCES tenants(id),
    url                   text NOT NULL,
    events                text NOT NULL DEFAULT '[]',
    description           text NOT NULL DEFAULT '',
    is_active             boolean NOT NULL DEFAULT 1,
    secret                text NOT NULL,
    previous_secret       text,
    previous_secret_until datetime,
    rotated_at            datetime,
    disabled_reason       text,
    created_at            datetime NOT NULL,
    updated_at            datetime NOT NULL,
    deleted_at            datetime,
    version               integer NOT NULL DEFAULT 1
);
CREATE INDEX event_subscriptions_tenant_created ON event_subscriptions (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX event_subscriptions_active ON event_subscriptions (tenant_id) WHERE is_active = 1 AND deleted_at IS NULL;

-- An event as it happened: ids and states only, never patient data (SPEC §12).
-- Recorded only for tenants with a subscription to its type, in the
-- transaction of the change it reports.
CREATE TABLE events (
    id         text PRIMARY KEY,
    tenant_id  text NOT NULL REFERENCES tenants(id),
    type       text NOT NULL,
    payload    text NOT NULL DEFAULT '{}',
    created_at datetime NOT NULL
);
CREATE INDEX events_tenant_created ON events (tenant_id, created_at);

-- One event to one subscription. webhook_id is the webhook-id header, the
-- receiver's idempotency key: a redelivery keeps it. A claim moves
-- next_attempt_at a lease ahead under claim_token, so a process that dies
-- mid-send leaves the delivery due again once the lease ends.
CREATE TABLE event_deliveries (
    id               text PRIMARY KEY,
    tenant_id        text NOT NULL REFERENCES tenants(id),
    event_id         text NOT NULL REFERENCES events(id),
    subscription_id  text NOT NULL REFERENCES event_subscriptions(id),
    event_type       text NOT NULL,
    webhook_id       text NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending','succeeded','failed')),
    attempts         integer NOT NULL DEFAULT 0,
    last_status_code integer,
    last_error       text,
    next_attempt_at  datetime,
    first_attempt_at datetime,
    last_attempt_at  datetime,
    claim_token      text,
    created_at       datetime NOT NULL,
    updated_at       datetime NOT NULL
);
CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX event_deliveries_subscription ON event_deliveries (tenant_id, subscription_id, created_at DESC, id DESC);

-- Every attempt of a delivery: when, what the endpoint answered, how long it took.
CREATE TABLE event_delivery_attempts (
    id           text PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenants(id),
    delivery_id  text NOT NULL REFERENCES event_deliveries(id),
    status_code  integer,
    error        text,
    duration_ms  integer NOT NULL DEFAULT 0,
    attempted_at datetime NOT NULL
);
CREATE INDEX event_delivery_attempts_delivery ON event_delivery_attempts (delivery_id, attempted_at);

-- +goose Down
DROP TABLE event_delivery_attempts;
DROP TABLE event_deliveries;
DROP TABLE events;
DROP TABLE event_subscriptions;
