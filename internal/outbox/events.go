package outbox

import (
	"github.com/prima-health/prima/internal/events"
	"gorm.io/gorm"
)

// EventRecorder records outbound events in the transaction of the change
// they report (*events.Recorder). It runs no statement for a tenant that
// subscribes to none of them.
type EventRecorder interface {
	Record(tx *gorm.DB, evs ...events.Event) error
}

var _ EventRecorder = (*events.Recorder)(nil)

// SetEvents makes the dispatcher record message.sent and message.failed with
// the outcomes it writes (nil: none).
func (d *Dispatcher) SetEvents(r EventRecorder) { d.events = r }

// messageEvent is the event one outcome reports, if any: a message handed
// to its provider (sent) or out of channels (failed). Ids and states only.
func messageEvent(m Message, c change) (events.Event, bool) {
	patient := ""
	if m.PatientID != nil {
		patient = *m.PatientID
	}
	switch c.status {
	case StatusSent:
		src := m.Source
		return events.MessageSent(m.TenantID, m.ID, patient, c.channel, &src, m.SourceID), true
	case StatusFailed:
		return events.MessageFailed(m.TenantID, m.ID, patient, c.channel, c.errorCode), true
	}
	return events.Event{}, false
}

// recordEvents records the events of the outcomes that were kept (those
// whose claim was still this batch's), in the outcomes' transaction.
func (d *Dispatcher) recordEvents(tx *gorm.DB, evs []events.Event, ids []string, kept map[string]bool) error {
	if d.events == nil || len(evs) == 0 {
		return nil
	}
	out := evs[:0]
	for i, ev := range evs {
		if kept[ids[i]] {
			out = append(out, ev)
		}
	}
	return d.events.Record(tx, out...)
}
