package conversation

import (
	"github.com/prima-health/prima/internal/events"
	"gorm.io/gorm"
)

// Events records outbound events (patient.opted_out, conversation.flagged)
// in the transaction of the change they report (*events.Recorder). It runs
// no statement for a tenant that subscribes to none of them.
type Events interface {
	Record(tx *gorm.DB, evs ...events.Event) error
}

var _ Events = (*events.Recorder)(nil)

// SetEvents makes opt-outs and urgent flags record their events (nil: none;
// call before processing starts).
func (s *Service) SetEvents(r Events) { s.events = r }

// record records evs in tx, when events are recorded at all.
func (s *Service) record(tx *gorm.DB, evs ...events.Event) error {
	if s.events == nil || len(evs) == 0 {
		return nil
	}
	return s.events.Record(tx, evs...)
}

// optedOut is patient.opted_out for a consent change to consent (revoked
// or declined; nothing for any other), from source.
func optedOut(tenantID, patientID, consent, source string) (events.Event, bool) {
	if consent != consentRevoked && consent != consentDeclined {
		return events.Event{}, false
	}
	return events.PatientOptedOut(tenantID, patientID, consent, source), true
}
