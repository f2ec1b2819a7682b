-- +goose Up
-- Ids of webhook deliveries already processed (Clerk's svix-id, …): a delivery
-- seen again (a provider's retry, a replay) is acknowledged and not processed
-- twice. Rows are purged after a few days by the scheduler's housekeeping.
CREATE TABLE webhook_receipts (
    source      text NOT NULL,
    delivery_id text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (source, delivery_id)
);
CREATE INDEX webhook_receipts_received ON webhook_receipts (received_at);

-- +goose Down
DROP TABLE webhook_receipts;
