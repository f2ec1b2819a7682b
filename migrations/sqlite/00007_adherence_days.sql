-- +goose Up
-- Adherence reads settled medication doses from this rollup instead of
-- aggregating occurrences: one row per patient and UTC day of due_at, with the
-- doses of that day confirmed on time, confirmed late and missed. The reminder
-- store keeps it up to date in the transaction that changes an occurrence's
-- state (confirm, mark missed); `prima adherence rebuild` recomputes it.
CREATE TABLE adherence_days (
    tenant_id  text NOT NULL,
    patient_id text NOT NULL,
    day        integer NOT NULL, -- days since 1970-01-01 of the doses' due_at, in UTC
    confirmed  integer NOT NULL DEFAULT 0,
    late       integer NOT NULL DEFAULT 0,
    missed     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, patient_id, day)
) WITHOUT ROWID;
-- The cohort of a tenant over a window (stats).
CREATE INDEX adherence_days_tenant_day ON adherence_days (tenant_id, day);

-- Reminder messages the outbox skipped, by when: a tick turns a missed dose
-- whose message was skipped afterwards (it never reached the patient) into a
-- skipped one, as the occurrence list already shows it.
CREATE INDEX messages_reminder_skipped ON messages (updated_at) WHERE status = 'skipped' AND source = 'reminder';

UPDATE occurrences SET state = 'skipped',
  skip_reason = (SELECT m.skip_reason FROM messages m WHERE m.id = occurrences.message_id)
WHERE state = 'missed' AND EXISTS (SELECT 1 FROM messages m WHERE m.id = occurrences.message_id AND m.status = 'skipped');

INSERT INTO adherence_days (tenant_id, patient_id, day, confirmed, late, missed)
SELECT tenant_id, patient_id, unixepoch(due_at) / 86400,
  SUM(state = 'confirmed'), SUM(state = 'late'), SUM(state = 'missed')
FROM occurrences
WHERE reminder_type = 'medication' AND state IN ('confirmed', 'late', 'missed')
GROUP BY 1, 2, 3;

-- +goose Down
DROP INDEX messages_reminder_skipped;
DROP TABLE adherence_days;
