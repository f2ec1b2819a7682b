-- +goose Up
-- Patients who answer: what each inbound message meant, the work it queued,
-- the conversation it belongs to, and the staff it alerted.

-- Inbound understanding (SPEC §3.2) and the safety exemptions of a few automated replies.
ALTER TABLE messages ADD COLUMN intent text;
ALTER TABLE messages ADD COLUMN intent_confidence real;
ALTER TABLE messages ADD COLUMN intent_source text;
ALTER TABLE messages ADD COLUMN replied_to_message_id text;
-- "safety": the urgent-symptom answer (sent in quiet hours and before consent);
-- "opt_out_confirmation": the one message that confirms a STOP.
ALTER TABLE messages ADD COLUMN exemption text;

-- A clinic's own sending accounts (empty: the environment's default account)
-- and how long automated answers pause after a staff reply.
ALTER TABLE tenants ADD COLUMN gowa_device_id text;
ALTER TABLE tenants ADD COLUMN sms_sender text;
ALTER TABLE tenants ADD COLUMN kakao_sender_key text;
ALTER TABLE tenants ADD COLUMN staff_pause_minutes integer NOT NULL DEFAULT 240;
CREATE UNIQUE INDEX tenants_gowa_device ON tenants (gowa_device_id) WHERE gowa_device_id IS NOT NULL;

-- When the consent request went out (at most once per patient).
ALTER TABLE patients ADD COLUMN consent_requested_at datetime;
CREATE INDEX patients_consent_pending ON patients (created_at) WHERE consent = 'pending' AND consent_requested_at IS NULL AND deleted_at IS NULL;

-- Every provider message id received, whichever tenant it went to: a webhook
-- delivered again is acknowledged and stored nowhere a second time.
CREATE TABLE inbound_receipts (
    channel             text NOT NULL,
    provider_message_id text NOT NULL,
    message_id          text,
    received_at         datetime NOT NULL,
    PRIMARY KEY (channel, provider_message_id)
);

-- Work an inbound message queued (classification, actions, replies), written
-- with the message and done exactly once by a worker.
CREATE TABLE inbound_jobs (
    id            text PRIMARY KEY,
    tenant_id     text NOT NULL,
    message_id    text NOT NULL UNIQUE,
    patient_id    text NOT NULL,
    status        text NOT NULL CHECK (status IN ('pending','done','failed')),
    auto_replies  boolean NOT NULL DEFAULT 1,
    attempts      integer NOT NULL DEFAULT 0,
    run_after     datetime NOT NULL,
    claim_token   text,
    claimed_until datetime,
    last_error    text,
    created_at    datetime NOT NULL,
    finished_at   datetime
);
CREATE INDEX inbound_jobs_due ON inbound_jobs (run_after) WHERE status = 'pending';

-- One conversation per patient who has written in.
CREATE TABLE conversations (
    tenant_id               text NOT NULL,
    patient_id              text NOT NULL,
    status                  text NOT NULL CHECK (status IN ('open','resolved')),
    flag                    text CHECK (flag IN ('urgent','needs_reply')),
    flagged_at              datetime,
    unread_count            integer NOT NULL DEFAULT 0,
    rank                    integer NOT NULL DEFAULT 2, -- 0 urgent, 1 unread or needs a reply, 2 the rest: the inbox order
    last_message_at         datetime NOT NULL,
    last_inbound_at         datetime,
    last_inbound_message_id text,
    last_intent             text,
    last_staff_reply_at     datetime,
    last_auto_reply         text, -- what the last automated answer was ("clarify", …): never two clarifying questions in a row
    created_at              datetime NOT NULL,
    updated_at              datetime NOT NULL,
    version                 integer NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, patient_id)
);
CREATE INDEX conversations_inbox ON conversations (tenant_id, rank, last_message_at DESC);

-- Dashboard notifications for staff (an urgent message, …), one row per person.
CREATE TABLE notifications (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL,
    user_id     text NOT NULL,
    kind        text NOT NULL,
    patient_id  text,
    message_id  text,
    created_at  datetime NOT NULL,
    read_at     datetime
);
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, created_at DESC);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, kind, message_id) WHERE message_id IS NOT NULL;

-- Phones that wrote in without being a patient: recorded for admins (no text
-- kept), answered at most once a day with a generic message.
CREATE TABLE unknown_senders (
    id               text PRIMARY KEY,
    tenant_id        text,        -- the receiving device's tenant; NULL on a shared device
    tenant_key       text NOT NULL, -- tenant_id, or '' (for the unique key)
    channel          text NOT NULL,
    phone            text NOT NULL,
    message_count    integer NOT NULL DEFAULT 1,
    first_seen_at    datetime NOT NULL,
    last_seen_at     datetime NOT NULL,
    last_answered_at datetime,
    UNIQUE (tenant_key, channel, phone)
);

-- +goose Down
DROP TABLE unknown_senders;
DROP TABLE notifications;
DROP TABLE conversations;
DROP TABLE inbound_jobs;
DROP TABLE inbound_receipts;
DROP INDEX patients_consent_pending;
ALTER TABLE patients DROP COLUMN consent_requested_at;
DROP INDEX tenants_gowa_device;
ALTER TABLE tenants DROP COLUMN staff_pause_minutes;
ALTER TABLE tenants DROP COLUMN kakao_sender_key;
ALTER TABLE tenants DROP COLUMN sms_sender;
ALTER TABLE tenants DROP COLUMN gowa_device_id;
ALTER TABLE messages DROP COLUMN exemption;
ALTER TABLE messages DROP COLUMN replied_to_message_id;
ALTER TABLE messages DROP COLUMN intent_source;
ALTER TABLE messages DROP COLUMN intent_confidence;
ALTER TABLE messages DROP COLUMN intent;
