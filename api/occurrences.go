package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/reminder"
)

// Occurrence is one due instant of a reminder (a dose, a visit reminder) and
// what became of it: pending until confirmed (confirmed within the
// confirmation window, late after it); a medication dose unconfirmed when the
// window closes is missed; one whose message never reached the patient is
// skipped (skip_reason says why, e.g. too_late, no_consent).
type Occurrence struct {
	ID                string     `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f75"`
	ReminderID        string     `json:"reminder_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f74"`
	PatientID         string     `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	Type              string     `json:"type" enums:"medication,appointment,custom" example:"medication"`
	DueAt             time.Time  `json:"due_at" example:"2026-11-23T01:00:00Z"`
	ConfirmBy         time.Time  `json:"confirm_by" example:"2026-11-23T03:00:00Z"`
	State             string     `json:"state" enums:"pending,confirmed,late,missed,skipped" example:"confirmed"`
	SkipReason        *string    `json:"skip_reason" example:"too_late" extensions:"x-nullable"`
	MessageID         *string    `json:"message_id" extensions:"x-nullable"`
	MessageStatus     *string    `json:"message_status" enums:"queued,sending,sent,delivered,read,failed,skipped" example:"delivered" extensions:"x-nullable"`
	ConfirmedAt       *time.Time `json:"confirmed_at" extensions:"x-nullable"`
	ConfirmedBy       *string    `json:"confirmed_by" enums:"patient,staff" example:"patient" extensions:"x-nullable"`
	ConfirmedByUserID *string    `json:"confirmed_by_user_id" extensions:"x-nullable"`
	CreatedAt         time.Time  `json:"created_at"`
}

// OccurrenceList is a page of a reminder's occurrences, newest first.
type OccurrenceList struct {
	Data []Occurrence `json:"data"`
	Page
}

func toOccurrence(o reminder.Occurrence) Occurrence {
	return Occurrence{ID: o.ID, ReminderID: o.ReminderID, PatientID: o.PatientID, Type: o.ReminderType,
		DueAt: o.DueAt.UTC(), ConfirmBy: o.ConfirmBy.UTC(), State: o.State, SkipReason: o.SkipReason,
		MessageID: o.MessageID, MessageStatus: o.MessageStatus, ConfirmedAt: timePtr(o.ConfirmedAt),
		ConfirmedBy: o.ConfirmedBy, ConfirmedByUserID: o.ConfirmedByUserID, CreatedAt: o.CreatedAt.UTC()}
}

// listOccurrences godoc
//
//	@Summary		A reminder's occurrences
//	@Description	Each due dose or visit reminder with its state and its message's status, newest first.
//	@Tags			reminders
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id			path		string	true	"reminder id"
//	@Param			sort		query		string	false	"order (the only one: newest first)"	Enums(-due_at)
//	@Param			page		query		int		false	"page (from 1)"							minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"								minimum(1)	maximum(100)
//	@Success		200			{object}	OccurrenceList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Router			/api/v1/reminders/{id}/occurrences [get]
func (s *Server) listOccurrences(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	if err := checkSort(lq.Sort, "-due_at"); err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	rows, total, err := s.Reminders.Occurrences(c.Request().Context(), a, id, page, per)
	if err != nil {
		return err
	}
	out := OccurrenceList{Data: make([]Occurrence, 0, len(rows)), Page: Page{Page: page, PerPage: per, Total: total}}
	for _, o := range rows {
		out.Data = append(out.Data, toOccurrence(o))
	}
	return c.JSON(http.StatusOK, out)
}

// confirmOccurrence godoc
//
//	@Summary		Confirm an occurrence (staff)
//	@Description	Records that the patient took the dose (or will attend), as told to staff: confirmed within the confirmation window, late after it. A missed or skipped occurrence may be confirmed too. Confirming a confirmed occurrence changes nothing.
//	@Tags			reminders
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path		string	true	"occurrence id"
//	@Success		200	{object}	Occurrence
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/occurrences/{id}/confirm [post]
func (s *Server) confirmOccurrence(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	o, err := s.Reminders.Confirm(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOccurrence(o))
}
