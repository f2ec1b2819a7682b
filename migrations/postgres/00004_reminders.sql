-- +goose Up
CREATE TABLE appointments (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    patient_id   uuid NOT NULL REFERENCES patients(id),
    starts_at    timestamptz NOT NULL,
    timezone     text NOT NULL,
    status       text NOT NULL CHECK (status IN ('scheduled','completed','cancelled','no_show')),
    surgery_type text,
    doctor       text,
    location     text,
    notes        text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    deleted_at   timestamptz,
    version      integer NOT NULL DEFAULT 1
);
CREATE INDEX appointments_tenant_starts ON appointments (tenant_id, starts_at, id) WHERE deleted_at IS NULL;
CREATE INDEX appointments_tenant_patient ON appointments (tenant_id, patient_id, starts_at) WHERE deleted_at IS NULL;

CREATE TABLE reminders (
    id                          uuid PRIMARY KEY,
    tenant_id                   uuid NOT NULL REFERENCES tenants(id),
    patient_id                  uuid NOT NULL REFERENCES patients(id),
    type                        text NOT NULL CHECK (type IN ('medication','appointment','custom')),
    template_id                 uuid REFERENCES templates(id),
    message                     text,
    medication                  text,
    dose                        text,
    appointment_id              uuid REFERENCES appointments(id),
    schedule                    jsonb NOT NULL,
    channel_order               jsonb,
    confirmation_window_minutes integer NOT NULL DEFAULT 120,
    ttl_minutes                 integer NOT NULL DEFAULT 180,
    is_active                   boolean NOT NULL DEFAULT true,
    paused_at                   timestamptz,
    next_due_at                 timestamptz,
    materialized_until          timestamptz,
    created_by                  uuid,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    deleted_at                  timestamptz,
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
    id                   uuid PRIMARY KEY,
    tenant_id            uuid NOT NULL,
    reminder_id          uuid NOT NULL REFERENCES reminders(id),
    patient_id           uuid NOT NULL,
    reminder_type        text NOT NULL CHECK (reminder_type IN ('medication','appointment','custom')),
    due_at               timestamptz NOT NULL,
    confirm_by           timestamptz NOT NULL,
    state                text NOT NULL CHECK (state IN ('pending','confirmed','late','missed','skipped')),
    skip_reason          text,
    message_id           uuid,
    confirmed_at         timestamptz,
    confirmed_by         text CHECK (confirmed_by IN ('patient','staff')),
    confirmed_by_user_id uuid,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
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
