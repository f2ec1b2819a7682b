package workflow

import (
	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/workflow/flow"
	"gorm.io/gorm"
)

// Events records outbound events (workflow.completed) in the transaction of
// the change they report (*events.Recorder). It runs no statement for a
// tenant that subscribes to none of them.
type Events interface {
	Record(tx *gorm.DB, evs ...events.Event) error
}

var _ Events = (*events.Recorder)(nil)

// SetEvents makes executions that end record workflow.completed (nil: none;
// call before executions run).
func (s *Service) SetEvents(r Events) { s.events = r }

// ended is an execution that reached its end: completed, failed or cancelled.
type ended struct {
	ID, TenantID, WorkflowID, PatientID, Status string
}

// recordEnded records workflow.completed for each execution in one call, in tx.
func (s *Service) recordEnded(tx *gorm.DB, es []ended) error {
	if s.events == nil || len(es) == 0 {
		return nil
	}
	evs := make([]events.Event, len(es))
	for i, e := range es {
		evs[i] = events.WorkflowCompleted(e.TenantID, e.WorkflowID, e.ID, e.PatientID, e.Status)
	}
	return s.events.Record(tx, evs...)
}

// recordFinished records workflow.completed for the saved transitions that
// end their execution.
func (s *Service) recordFinished(tx *gorm.DB, ts []transition) error {
	if s.events == nil {
		return nil
	}
	var es []ended
	for _, t := range ts {
		if flow.Final(t.next.Status) {
			es = append(es, ended{ID: t.exec.ID, TenantID: t.exec.TenantID, WorkflowID: t.exec.WorkflowID,
				PatientID: t.exec.PatientID, Status: t.next.Status})
		}
	}
	return s.recordEnded(tx, es)
}
