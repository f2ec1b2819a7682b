package reminder

import (
	"github.com/prima-health/prima/internal/events"
	"gorm.io/gorm"
)

// Events records outbound events (occurrence.confirmed, occurrence.missed)
// in the transaction of the change they report (*events.Recorder). It runs
// no statement for a tenant that subscribes to none of them.
type Events interface {
	Record(tx *gorm.DB, evs ...events.Event) error
}

var _ Events = (*events.Recorder)(nil)

// SetEvents makes confirmations and missed doses record their events (nil: none).
func (s *Service) SetEvents(r Events) { s.events = r }

// MissedDose is a dose a tick marked missed: ids only.
type MissedDose struct {
	ID, TenantID, ReminderID, PatientID string
}

// recordConfirmed records occurrence.confirmed for o (as confirmed) in tx.
func (s *Service) recordConfirmed(tx *gorm.DB, o Occurrence) error {
	if s.events == nil {
		return nil
	}
	by := ""
	if o.ConfirmedBy != nil {
		by = *o.ConfirmedBy
	}
	ev := events.OccurrenceConfirmed(o.TenantID, o.ID, o.ReminderID, o.PatientID, o.State, by)
	ev.Data["late"] = o.State == StateLate
	return s.events.Record(tx, ev)
}

// recordMissed records occurrence.missed for the doses of one tick, with one
// call for the batch, in tx.
func (s *Service) recordMissed(tx *gorm.DB, doses []MissedDose) error {
	if s.events == nil || len(doses) == 0 {
		return nil
	}
	evs := make([]events.Event, len(doses))
	for i, d := range doses {
		evs[i] = events.OccurrenceMissed(d.TenantID, d.ID, d.ReminderID, d.PatientID)
	}
	return s.events.Record(tx, evs...)
}
