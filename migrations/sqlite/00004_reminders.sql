-- +goose Up
CREATE TABLE appointments (
    id           text PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenants(id),
    patient_id   text NOT NULL REFERENCES patients(id),
    starts_at    datetime NOT NULL,
    timezone     text NOT NULL,
    status       text NOT NULL CHECK (status IN ('scheduled','completed','cancelled','no_show')),
    surgery_type text,
    doctor       text,
    location     text,
    notes        text,
    created_at   datetime NOT NULL,
    updated_at   datetime NOT NULL,
    deleted_at   datetime,
    version      integer NOT NULL DEFAULT 1
);
CREATE INDEX appointments_tenant_starts ON appointments (tenant_id, starts_at, id) WHERE deleted_at IS NULL;
CREATE INDEX appointments_tenant_patient ON appointments (tenant_id, patient_id, starts_at) WHERE deleted_at IS NULL;

CREATE TABLE reminders (
    id                          text PRIMARY KEY,
    tenant_id                   text NOT NULL REFERENCES tenants(id),
    patient_id                  text NOT NULL REFERENCES patients(id),
    type                        text NOT NULL CHECK (type IN ('medication','appointment','custom')),
    template_id                 text REFERENCES templates(id),
    message                     text,
    medication                  text,
    dose                        text,
    appointment_id              text REFERENCES appointments(id),
    schedule                    text NOT NULL,
    channel_order               text,
    confirmation_window_minutes integer NOT NULL DEFAULT 120,
    ttl_minutes                 integer NOT NULL DEFAULT 180,
    is_active                   boolean NOT NULL DEFAULT 1,
    paused_at                   datetime,
    next_due_at                 datetime,
    materialized_until          datetime,
    created_by                  text,
    created_at                  datetime NOT NULL,
    updated_at                  datetime NOT NULL,
    deleted_at                  datetime,
    version                     integer NOT NULL DEFAULT 1,
    CHECK ((template_id IS NULL) <> (message IS NULL))
);
-- What a tick reads: only active reminders, by due time, whatever the table size.
CREATE INDEX reminders_due ON reminders (next_due_at) WHERE is_active;
CREATE INDEX reminders_tenant_created ON reminders (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX reminders_tenant_patient ON reminders (tenant_id, patient_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX reminders_appointment ON reminders (appointment_id) WHERE appointment_id IS NOT NULL AND deleted_at IS NULL;

-- A tick may insert 100,000 occurrences at once, so the table checks only its
-- reminder; tenant_id and patient_id are copied from that reminder (whose own
-- keys hold), and message_id from the message queued in the same transaction
-- (as message_attempts does with tenant_id).
CREATE TABLE occurrences (
    id                   text PRIMARY KEY,
    tenant_id            text NOT NULL,
    reminder_id          text NOT NULL REFERENCES reminders(id),
    patient_id           text NOT NULL,
    reminder_type        text NOT NULL CHECK (reminder_type IN ('medication','appointment','custom')),
    due_at               datetime NOT NULL,
    confirm_by           datetime NOT NULL,
    state                text NOT NULL CHECK (state IN ('pending','confirmed','late','missed','skipped')),
    skip_reason          text,
    message_id           text,
    confirmed_at         datetime,
    confirmed_by         text CHECK (confirmed_by IN ('patient','staff')),
    confirmed_by_user_id text,
    created_at           datetime NOT NULL,
    updated_at           datetime NOT NULL,
    -- One occurrence per reminder and instant: a re-run tick creates nothing twice.
    UNIQUE (reminder_id, due_at)
);
CREATE INDEX occurrences_patient_due ON occurrences (tenant_id, patient_id, due_at);
-- Unconfirmed medication doses whose window is still open: what MarkMissed reads.
CREATE INDEX occurrences_awaiting ON occurrences (confirm_by) WHERE state = 'pending' AND reminder_type = 'medication';

-- +goose Down
DROP TABLE occurrences;
DROP TABLE reminders;
DROP TABLE appointments;
