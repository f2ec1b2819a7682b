package patientrights

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/webhook"
	"github.com/prima-health/prima/internal/workflow"
	"gorm.io/gorm"
)

// PageSize is how many rows an export reads at a time: a patient with
// thousands of messages is written out page by page, never held whole.
const PageSize = 200

// Export is one patient's record being read out. The sections are read
// page by page when asked for, each a keyset walk in id order (ids are
// time-ordered, so that is creation order).
type Export struct {
	s          *Service
	tenantID   string
	Patient    patient.Patient // decrypted
	ExportedAt time.Time
}

// Execution is a workflow execution with its step log.
type Execution struct {
	workflow.Execution
	Steps []workflow.Step
}

// CampaignRecipient is the patient's row in one campaign's audience.
type CampaignRecipient struct {
	CampaignID   string
	CampaignName string
	State        string
	SkipReason   *string
	Variant      *string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Export starts the export of one patient (admins only; a patient of
// another tenant, or one already erased, is not found) and records it in the
// audit log before anything is read out. Soft-deleted patients are exported
// too: their data is still held.
func (s *Service) Export(ctx context.Context, a identity.Actor, id string) (*Export, error) {
	if err := authorize(a); err != nil {
		return nil, err
	}
	g := s.db.Gorm
	p, erased, err := s.load(ctx, g, a.TenantID, id)
	if err != nil {
		return nil, err
	}
	if erased {
		return nil, errs.ErrNotFound
	}
	if p, err = s.open(p); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, g, a, audit.ActionPatientExport, p.ID); err != nil {
		return nil, err
	}
	return &Export{s: s, tenantID: a.TenantID, Patient: p, ExportedAt: s.now()}, nil
}

// pages walks the rows of table that belong to the patient (where: a
// condition with its arguments) in id order, PageSize at a time.
func pages[T any](ctx context.Context, g *gorm.DB, table, where string, args []any, id func(T) string, fn func([]T) error) error {
	after := ""
	for {
		q := g.WithContext(ctx).Unscoped().Table(table).Where(where, args...)
		if after != "" {
			q = q.Where("id > ?", after)
		}
		var rows []T
		if err := q.Order("id").Limit(PageSize).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		if err := fn(rows); err != nil {
			return err
		}
		if len(rows) < PageSize {
			return nil
		}
		after = id(rows[len(rows)-1])
	}
}

func (e *Export) own() (string, []any) {
	return "tenant_id = ? AND patient_id = ?", []any{e.tenantID, e.Patient.ID}
}

// Appointments calls fn with the patient's appointments (deleted ones
// included), notes decrypted.
func (e *Export) Appointments(ctx context.Context, fn func([]appointment.Appointment) error) error {
	where, args := e.own()
	return pages(ctx, e.s.db.Gorm, "appointments", where, args, func(r appointment.Appointment) string { return r.ID }, func(rows []appointment.Appointment) error {
		for i := range rows {
			rows[i].PatientName = e.Patient.Name
			if rows[i].Notes != nil {
				v, err := e.s.openText(*rows[i].Notes)
				if err != nil {
					return err
				}
				rows[i].Notes = &v
			}
		}
		return fn(rows)
	})
}

// Reminders calls fn with the patient's reminders (deleted ones included).
func (e *Export) Reminders(ctx context.Context, fn func([]reminder.Reminder) error) error {
	where, args := e.own()
	return pages(ctx, e.s.db.Gorm, "reminders", where, args, func(r reminder.Reminder) string { return r.ID }, func(rows []reminder.Reminder) error {
		for i := range rows {
			rows[i].PatientName, rows[i].PatientTimezone = e.Patient.Name, e.Patient.Timezone
		}
		return fn(rows)
	})
}

// Occurrences calls fn with every dose or visit reminder the patient was due.
func (e *Export) Occurrences(ctx context.Context, fn func([]reminder.Occurrence) error) error {
	where, args := e.own()
	return pages(ctx, e.s.db.Gorm, "occurrences", where, args, func(r reminder.Occurrence) string { return r.ID }, fn)
}

// Messages calls fn with the patient's messages, both directions, bodies
// decrypted, each with its attempts (the failover trail).
func (e *Export) Messages(ctx context.Context, fn func([]messaging.Detail) error) error {
	where, args := e.own()
	bodies := outbox.NewBodies(e.s.keys)
	return pages(ctx, e.s.db.Gorm, "messages", where, args, func(r outbox.Message) string { return r.ID }, func(rows []outbox.Message) error {
		msgIDs := make([]string, len(rows))
		for i, m := range rows {
			msgIDs[i] = m.ID
		}
		var attempts []outbox.Attempt
		if err := e.s.db.Gorm.WithContext(ctx).Where("message_id IN ?", msgIDs).Order("message_id, attempt_no").
			Find(&attempts).Error; err != nil {
			return err
		}
		byMsg := map[string][]outbox.Attempt{}
		for _, at := range attempts {
			byMsg[at.MessageID] = append(byMsg[at.MessageID], at)
		}
		out := make([]messaging.Detail, len(rows))
		for i, m := range rows {
			body, err := bodies.Open(m.Body)
			if err != nil {
				return fmt.Errorf("message %s: %w", m.ID, err)
			}
			m.Body = body
			out[i] = messaging.Detail{View: messaging.View{Message: m, PatientName: e.Patient.Name}, Attempts: byMsg[m.ID]}
			if out[i].Attempts == nil {
				out[i].Attempts = []outbox.Attempt{}
			}
		}
		return fn(out)
	})
}

// Conversation is the patient's conversation state, nil when they never wrote in.
func (e *Export) Conversation(ctx context.Context) (*conversation.Conversation, error) {
	var rows []conversation.Conversation
	err := e.s.db.Gorm.WithContext(ctx).Where("tenant_id = ? AND patient_id = ?", e.tenantID, e.Patient.ID).Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// WorkflowExecutions calls fn with the executions of workflows for the
// patient, with their context and step logs.
func (e *Export) WorkflowExecutions(ctx context.Context, fn func([]Execution) error) error {
	where, args := e.own()
	return pages(ctx, e.s.db.Gorm, "workflow_executions", where, args, func(r workflow.Execution) string { return r.ID }, func(rows []workflow.Execution) error {
		exIDs := make([]string, len(rows))
		for i, x := range rows {
			exIDs[i] = x.ID
		}
		var steps []workflow.Step
		if err := e.s.db.Gorm.WithContext(ctx).Where("execution_id IN ?", exIDs).Order("execution_id, seq").
			Find(&steps).Error; err != nil {
			return err
		}
		byEx := map[string][]workflow.Step{}
		for _, st := range steps {
			byEx[st.ExecutionID] = append(byEx[st.ExecutionID], st)
		}
		out := make([]Execution, len(rows))
		for i, x := range rows {
			x.PatientName = e.Patient.Name
			out[i] = Execution{Execution: x, Steps: byEx[x.ID]}
			if out[i].Steps == nil {
				out[i].Steps = []workflow.Step{}
			}
		}
		return fn(out)
	})
}

// CampaignRecipients calls fn with the campaigns the patient was in the audience of.
func (e *Export) CampaignRecipients(ctx context.Context, fn func([]CampaignRecipient) error) error {
	after := ""
	for {
		q := e.s.db.Gorm.WithContext(ctx).Table("campaign_recipients AS r").
			Select("r.campaign_id, c.name AS campaign_name, r.state, r.skip_reason, r.variant, r.created_at, r.updated_at").
			Joins("JOIN campaigns c ON c.id = r.campaign_id").
			Where("r.tenant_id = ? AND r.patient_id = ?", e.tenantID, e.Patient.ID)
		if after != "" {
			q = q.Where("r.campaign_id > ?", after)
		}
		var rows []CampaignRecipient
		if err := q.Order("r.campaign_id").Limit(PageSize).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		if err := fn(rows); err != nil {
			return err
		}
		if len(rows) < PageSize {
			return nil
		}
		after = rows[len(rows)-1].CampaignID
	}
}

// WebhookCalls calls fn with the inbound webhook calls that found or
// created the patient, payloads decrypted.
func (e *Export) WebhookCalls(ctx context.Context, fn func([]webhook.Execution) error) error {
	where, args := e.own()
	return pages(ctx, e.s.db.Gorm, "webhook_executions", where, args, func(r webhook.Execution) string { return r.ID }, func(rows []webhook.Execution) error {
		for i := range rows {
			if rows[i].Payload == nil {
				continue
			}
			v, err := e.s.openText(*rows[i].Payload)
			if err != nil {
				return err
			}
			rows[i].Payload = &v
		}
		return fn(rows)
	})
}

// AuditEvents calls fn with the audit trail about the patient: every event
// naming it, list reads that showed it included.
func (e *Export) AuditEvents(ctx context.Context, fn func([]audit.Event) error) error {
	where := "tenant_id = ? AND resource_type = ? AND (resource_id = ? OR resource_ids LIKE ?)"
	args := []any{e.tenantID, patient.ResourceType, e.Patient.ID, "%\"" + e.Patient.ID + "\"%"}
	return pages(ctx, e.s.db.Gorm, "audit_events", where, args, func(r audit.Event) string { return r.ID }, fn)
}
