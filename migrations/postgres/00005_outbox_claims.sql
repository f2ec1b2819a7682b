-- +goose Up
-- Claims carry a token of their own; the message row records when its current
-- attempt was handed to a provider, so lease recovery decides under the row
-- lock whether a send may have happened; resend_key_at keeps the age of an
-- idempotency key that may be re-sent after an unknown outcome.
ALTER TABLE messages ADD COLUMN claim_token text;
ALTER TABLE messages ADD COLUMN attempt_started_at timestamptz;
ALTER TABLE messages ADD COLUMN resend_key_at timestamptz;
CREATE INDEX messages_due_channel ON messages (channel, priority, next_attempt_at) WHERE status = 'queued';
CREATE INDEX message_attempts_provider_id ON message_attempts (provider_message_id) WHERE provider_message_id IS NOT NULL;

-- Receipts that arrive before the send's outcome is recorded wait here and are
-- applied when it is.
CREATE TABLE pending_receipts (
    id                  uuid PRIMARY KEY,
    channel             text NOT NULL,
    provider_message_id text NOT NULL,
    state               text NOT NULL,
    at                  timestamptz NOT NULL,
    created_at          timestamptz NOT NULL
);
CREATE INDEX pending_receipts_provider ON pending_receipts (provider_message_id, channel);
CREATE INDEX pending_receipts_created ON pending_receipts (created_at);

-- +goose Down
DROP TABLE pending_receipts;
DROP INDEX message_attempts_provider_id;
DROP INDEX messages_due_channel;
ALTER TABLE messages DROP COLUMN resend_key_at;
ALTER TABLE messages DROP COLUMN attempt_started_at;
ALTER TABLE messages DROP COLUMN claim_token;
