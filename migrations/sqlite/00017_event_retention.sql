-- +goose Up
-- Deliveries by event: the retention purge deletes an event once its
-- deliveries are gone (and the foreign key check on deleting an event uses it).
CREATE INDEX event_deliveries_event ON event_deliveries (event_id);

-- +goose Down
DROP INDEX event_deliveries_event;
