package api

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/patientrights"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/webhook"
)

// PatientRecord is one patient's whole record (GET /patients/{id}/export):
// every section in the shape the API returns it elsewhere, oldest first.
type PatientRecord struct {
	ExportedAt         time.Time               `json:"exported_at"`
	Patient            Patient                 `json:"patient"`
	Appointments       []Appointment           `json:"appointments"`
	Reminders          []Reminder              `json:"reminders"`
	Occurrences        []Occurrence            `json:"occurrences"`
	Messages           []MessageDetail         `json:"messages"`
	Conversation       *Conversation           `json:"conversation" extensions:"x-nullable"`
	WorkflowExecutions []WorkflowExecution     `json:"workflow_executions"`
	CampaignRecipients []PatientRecordCampaign `json:"campaign_recipients"`
	WebhookCalls       []WebhookExecution      `json:"webhook_calls"`
	AuditEvents        []AuditEvent            `json:"audit_events"`
}

// PatientRecordCampaign is the patient's place in one campaign's audience.
type PatientRecordCampaign struct {
	CampaignID   string    `json:"campaign_id"`
	CampaignName string    `json:"campaign_name" example:"Vaccination week"`
	State        string    `json:"state" enums:"pending,queued,skipped" example:"queued"`
	SkipReason   *string   `json:"skip_reason" extensions:"x-nullable"`
	Variant      *string   `json:"variant" example:"A" extensions:"x-nullable"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// EraseRequest confirms an erasure.
type EraseRequest struct {
	Confirm string `json:"confirm" example:"ERASE"`
}

// PatientErasure says what an erasure removed.
type PatientErasure struct {
	PatientID string    `json:"patient_id"`
	ErasedAt  time.Time `json:"erased_at"`
	// AlreadyErased: an earlier erasure had removed everything (the counts are then zeros).
	AlreadyErased bool          `json:"already_erased"`
	Erased        ErasureCounts `json:"erased"`
}

// ErasureCounts are the rows an erasure changed, by kind.
type ErasureCounts struct {
	Patient            int64            `json:"patient" example:"1"`
	Messages           int64            `json:"messages" example:"42"`
	MessagesCancelled  int64            `json:"messages_cancelled" example:"1"`
	MessageAttempts    int64            `json:"message_attempts" example:"0"`
	Appointments       int64            `json:"appointments" example:"2"`
	Reminders          int64            `json:"reminders" example:"1"`
	WorkflowExecutions int64            `json:"workflow_executions" example:"1"`
	WorkflowSteps      int64            `json:"workflow_steps" example:"0"`
	WebhookCalls       int64            `json:"webhook_calls" example:"1"`
	IdempotencyRecords int64            `json:"idempotency_records" example:"1"`
	Notifications      int64            `json:"notifications" example:"0"`
	InboundJobs        int64            `json:"inbound_jobs" example:"0"`
	UnknownSenders     int64            `json:"unknown_senders" example:"0"`
	Files              int64            `json:"files" example:"0"`
	Other              map[string]int64 `json:"other"`
}

func toErasure(s patientrights.Summary) PatientErasure {
	c := s.Counts
	other := c.Other
	if other == nil {
		other = map[string]int64{}
	}
	return PatientErasure{PatientID: s.PatientID, ErasedAt: s.ErasedAt.UTC(), AlreadyErased: s.AlreadyErased,
		Erased: ErasureCounts{Patient: c.Patient, Messages: c.Messages, MessagesCancelled: c.MessagesCancelled,
			MessageAttempts: c.MessageAttempts, Appointments: c.Appointments, Reminders: c.Reminders,
			WorkflowExecutions: c.WorkflowExecutions, WorkflowSteps: c.WorkflowSteps, WebhookCalls: c.WebhookCalls,
			IdempotencyRecords: c.IdempotencyRecords, Notifications: c.Notifications, InboundJobs: c.InboundJobs,
			UnknownSenders: c.UnknownSenders, Files: c.Files, Other: other}}
}

// exportPatientRecord godoc
//
//	@Summary		Export one patient's whole record (admin)
//	@Description	Everything PRIMA holds about the patient as one JSON document, decrypted: the patient, appointments, reminders and their occurrences, every message in both directions with its attempts, the conversation, workflow executions with their context and steps, campaign audiences, inbound webhook calls that named the patient, and the audit trail about the patient. Sent as an attachment, written page by page. A soft-deleted patient is exported too; an erased one is not found. Every export is recorded in the audit log.
//	@Tags			patients
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id	path		string	true	"patient id"
//	@Success		200	{object}	PatientRecord
//	@Header			200	{string}	Content-Disposition	"attachment, named patient-<id>.json"
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/patients/{id}/export [get]
func (s *Server) exportPatientRecord(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ex, err := s.PatientRights.Export(ctx, a, id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="patient-`+ex.Patient.ID+`.json"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	w := &recordWriter{w: bufio.NewWriterSize(c.Response(), 32<<10)}
	if err := w.record(c, ex); err != nil {
		// The response is under way: all that is left is to cut it short and say so in the log.
		logging.From(ctx).Error("patient record export cut short", slog.String("error", err.Error()))
	}
	return nil
}

// recordWriter writes the export document section by section.
type recordWriter struct {
	w     *bufio.Writer
	err   error
	first bool
}

func (r *recordWriter) raw(s string) {
	if r.err == nil {
		_, r.err = r.w.WriteString(s)
	}
}

func (r *recordWriter) value(v any) {
	if r.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		r.err = err
		return
	}
	_, r.err = r.w.Write(b)
}

// item writes one element of the open array.
func (r *recordWriter) item(v any) error {
	if !r.first {
		r.raw(",")
	}
	r.first = false
	r.value(v)
	return r.err
}

// array writes `,"name":[…]` with the items fill writes.
func (r *recordWriter) array(name string, fill func() error) {
	if r.err != nil {
		return
	}
	r.raw(`,"` + name + `":[`)
	r.first = true
	if err := fill(); err != nil && r.err == nil {
		r.err = err
	}
	r.raw("]")
	if r.err == nil {
		r.err = r.w.Flush()
	}
}

func each[T any](r *recordWriter, to func(T) any) func([]T) error {
	return func(rows []T) error {
		for _, x := range rows {
			if err := r.item(to(x)); err != nil {
				return err
			}
		}
		return nil
	}
}

func (r *recordWriter) record(c echo.Context, ex *patientrights.Export) error {
	ctx := c.Request().Context()
	r.raw(`{"exported_at":`)
	r.value(ex.ExportedAt.UTC())
	r.raw(`,"patient":`)
	r.value(toPatient(ex.Patient))
	r.array("appointments", func() error {
		return ex.Appointments(ctx, each(r, func(x appointment.Appointment) any { return toAppointment(x) }))
	})
	r.array("reminders", func() error {
		return ex.Reminders(ctx, each(r, func(x reminder.Reminder) any { return toReminder(x) }))
	})
	r.array("occurrences", func() error {
		return ex.Occurrences(ctx, each(r, func(x reminder.Occurrence) any { return toOccurrence(x) }))
	})
	r.array("messages", func() error {
		return ex.Messages(ctx, each(r, func(x messaging.Detail) any { return toMessageDetail(x) }))
	})
	if r.err == nil {
		conv, err := ex.Conversation(ctx)
		if err != nil {
			return err
		}
		r.raw(`,"conversation":`)
		if conv == nil {
			r.raw("null")
		} else {
			out := Conversation{PatientID: conv.PatientID, PatientName: ex.Patient.Name, Status: conv.Status, Flag: conv.Flag,
				FlaggedAt: timePtr(conv.FlaggedAt), UnreadCount: conv.UnreadCount, LastInboundAt: timePtr(conv.LastInboundAt),
				LastIntent: conv.LastIntent, AssignedVolunteerID: ex.Patient.AssignedVolunteerID, Version: conv.Version}
			last := conv.LastMessageAt.UTC()
			out.LastMessageAt = &last
			r.value(out)
		}
	}
	r.array("workflow_executions", func() error {
		return ex.WorkflowExecutions(ctx, each(r, func(x patientrights.Execution) any { return toExecutionDTO(x.Execution, x.Steps) }))
	})
	r.array("campaign_recipients", func() error {
		return ex.CampaignRecipients(ctx, each(r, func(x patientrights.CampaignRecipient) any {
			return PatientRecordCampaign{CampaignID: x.CampaignID, CampaignName: x.CampaignName, State: x.State,
				SkipReason: x.SkipReason, Variant: x.Variant, CreatedAt: x.CreatedAt.UTC(), UpdatedAt: x.UpdatedAt.UTC()}
		}))
	})
	r.array("webhook_calls", func() error {
		return ex.WebhookCalls(ctx, each(r, func(x webhook.Execution) any { return toWebhookExecution(x) }))
	})
	r.array("audit_events", func() error {
		return ex.AuditEvents(ctx, each(r, func(x audit.Event) any { return toAuditEvent(x) }))
	})
	r.raw("}\n")
	if r.err == nil {
		r.err = r.w.Flush()
	}
	return r.err
}

// erasePatient godoc
//
//	@Summary		Erase a patient for good (admin)
//	@Description	Removes the patient's health data from every table, irreversibly: the patient becomes an anonymised, deleted tombstone (a new patient with the same phone is a new patient); message bodies and phone numbers, appointment and reminder details, workflow context, webhook payloads and stored idempotent replays that name the patient are removed; queued messages are never sent, reminders stop, running workflows are cancelled, an uploaded photo is deleted. What statistics count stays (message rows with channel, status and times; doses; campaign recipients), so message stats and campaign counters do not change; the patient leaves the patient and active-reminder counts as with a delete. The body must be `{"confirm":"ERASE"}`. Erasing an erased patient answers 200 again with `already_erased` and zero counts. Recorded in the audit log (the patient id only).
//	@Tags			patients
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id		path		string			true	"patient id"
//	@Param			body	body		EraseRequest	true	"the confirmation"
//	@Success		200		{object}	PatientErasure
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem
//	@Router			/api/v1/patients/{id}/erase [post]
func (s *Server) erasePatient(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if c.Request().ContentLength == 0 {
		return errs.Invalid("confirm", "is required: send {\"confirm\":\""+patientrights.Confirmation+"\"}")
	}
	var req EraseRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	sum, err := s.PatientRights.Erase(c.Request().Context(), a, id, req.Confirm)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toErasure(sum))
}
