package patient

import (
	"github.com/prima-health/prima/internal/events"
	"gorm.io/gorm"
)

// Events records outbound events (patient.opted_out) in the transaction of
// the change they report (*events.Recorder). It runs no statement for a
// tenant that subscribes to none of them.
type Events interface {
	Record(tx *gorm.DB, evs ...events.Event) error
}

var _ Events = (*events.Recorder)(nil)

// SetEvents makes consent withdrawn through the API record patient.opted_out (nil: none).
func (s *Service) SetEvents(r Events) { s.events = r }

// recordOptOut records patient.opted_out in tx when an update moved p's
// consent from before to revoked or declined.
func (s *Service) recordOptOut(tx Store, p Patient, before string) error {
	if ev, ok := optedOut(p, before); ok && s.events != nil {
		return s.events.Record(tx.DB(), ev)
	}
	return nil
}

// optedOut is the patient.opted_out of an update that moved p's consent
// from before to revoked or declined (false for any other change).
func optedOut(p Patient, before string) (events.Event, bool) {
	if p.Consent == before || (p.Consent != ConsentRevoked && p.Consent != ConsentDeclined) {
		return events.Event{}, false
	}
	source := SourceStaff
	if p.ConsentSource != nil && *p.ConsentSource != "" {
		source = *p.ConsentSource
	}
	return events.PatientOptedOut(p.TenantID, p.ID, p.Consent, source), true
}
