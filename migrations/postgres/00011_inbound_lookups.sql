-- +goose Up
-- An inbound message finds its patients by phone across tenants (the
-- receiving device decides which tenant among them): index the phone alone.
CREATE INDEX patients_phone ON patients (phone) WHERE deleted_at IS NULL;

-- +goose Down
DROP INDEX patients_phone;
