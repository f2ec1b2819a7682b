package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/timeline"
)

// TimelineEntry is one event in a patient's history. Keys that do not apply
// to the kind are null (message, occurrence, message_id) or empty (changes).
type TimelineEntry struct {
	// The id of the entry's record (message, occurrence, audit event, or the
	// patient for a registration by import); unique together with kind.
	ID        string    `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	Kind      string    `json:"kind" enums:"patient.created,patient.updated,patient.deleted,message.outbound,message.inbound,occurrence.due,occurrence.confirmed" example:"occurrence.confirmed"`
	At        time.Time `json:"at"`
	Summary   string    `json:"summary" example:"Tamoxifen confirmed by staff"`
	Changes   []string  `json:"changes" example:"phone,tags"`
	ActorID   *string   `json:"actor_id" extensions:"x-nullable"`
	ActorName string    `json:"actor_name" example:"Demo Admin"`
	// The message the entry is (message.*) or was sent for (occurrence.*);
	// GET /messages/{id} has its body and attempts.
	MessageID  *string             `json:"message_id" extensions:"x-nullable"`
	Message    *TimelineMessage    `json:"message" extensions:"x-nullable"`
	Occurrence *TimelineOccurrence `json:"occurrence" extensions:"x-nullable"`
}

// TimelineMessage describes a message entry (without its body).
type TimelineMessage struct {
	Direction   string  `json:"direction" enums:"outbound,inbound"`
	Channel     string  `json:"channel" enums:"whatsapp,kakao,sms,log"`
	Status      string  `json:"status" enums:"queued,sending,sent,delivered,read,failed,skipped,received"`
	SkipReason  *string `json:"skip_reason" extensions:"x-nullable"`
	Source      string  `json:"source" enums:"reminder,workflow,campaign,manual,auto_reply,consent,inbound,test"`
	SourceID    *string `json:"source_id" extensions:"x-nullable"`
	Automated   bool    `json:"automated"`
	AIGenerated bool    `json:"ai_generated"`
}

// TimelineOccurrence describes the occurrence of an occurrence.due or
// occurrence.confirmed entry, in its current state.
type TimelineOccurrence struct {
	ID              string     `json:"id"`
	ReminderID      string     `json:"reminder_id"`
	ReminderType    string     `json:"reminder_type" enums:"medication,appointment,custom"`
	Medication      *string    `json:"medication" example:"Tamoxifen" extensions:"x-nullable"`
	DueAt           time.Time  `json:"due_at"`
	State           string     `json:"state" enums:"pending,confirmed,late,missed,skipped"`
	SkipReason      *string    `json:"skip_reason" extensions:"x-nullable"`
	ConfirmedAt     *time.Time `json:"confirmed_at" extensions:"x-nullable"`
	ConfirmedBy     *string    `json:"confirmed_by" enums:"patient,staff" extensions:"x-nullable"`
	ConfirmedByID   *string    `json:"confirmed_by_user_id" extensions:"x-nullable"`
	ConfirmedByName string     `json:"confirmed_by_name" example:"Demo Volunteer"`
}

// TimelineList is one page of a patient's history, newest first.
type TimelineList struct {
	Data []TimelineEntry `json:"data"`
	// Pass as cursor to read the next (older) page; null on the last page.
	NextCursor *string `json:"next_cursor" extensions:"x-nullable"`
}

func toTimelineEntry(e timeline.Entry) TimelineEntry {
	out := TimelineEntry{ID: e.ID, Kind: e.Kind, At: e.At.UTC(), Summary: e.Summary, Changes: e.Changes,
		ActorID: nullIfEmpty(e.ActorID), ActorName: e.ActorName, MessageID: nullIfEmpty(e.MessageID)}
	if out.Changes == nil {
		out.Changes = []string{}
	}
	if m := e.Message; m != nil {
		out.Message = &TimelineMessage{Direction: m.Direction, Channel: m.Channel, Status: m.Status, SkipReason: m.SkipReason,
			Source: m.Source, SourceID: m.SourceID, Automated: m.Automated, AIGenerated: m.AIGenerated}
	}
	if o := e.Occurrence; o != nil {
		out.Occurrence = &TimelineOccurrence{ID: o.ID, ReminderID: o.ReminderID, ReminderType: o.ReminderType,
			Medication: o.Medication, DueAt: o.DueAt.UTC(), State: o.State, SkipReason: o.SkipReason,
			ConfirmedAt: timePtr(o.ConfirmedAt), ConfirmedBy: o.ConfirmedBy, ConfirmedByID: o.ConfirmedByUserID,
			ConfirmedByName: o.ConfirmedByName}
	}
	return out
}

// patientTimeline godoc
//
//	@Summary		A patient's history
//	@Description	One feed, newest first: the registration and every change of the record (field names, never values); every message to and from the patient (direction, channel, status, source; the body is not included — read it with GET /messages/{message_id}); each reminder occurrence at its due time with its state (pending, confirmed, late, missed, skipped) and who confirmed it; and each confirmation at the time it was made.
//	@Description	Paging is by cursor: read `limit` entries (default 50, at most 100), then pass `next_cursor` as `cursor` for the next, older page until `next_cursor` is null. Entries written meanwhile never shift the pages still to read; start again without a cursor to see them. Cursors are opaque.
//	@Description	Volunteers read the timelines of the patients assigned to them; any other patient is 404.
//	@Tags			patients
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id		path		string	true	"patient id"
//	@Param			limit	query		int		false	"entries per page (default 50)"	minimum(1)	maximum(100)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"
//	@Success		200		{object}	TimelineList
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Router			/api/v1/patients/{id}/timeline [get]
func (s *Server) patientTimeline(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	q := timeline.Query{Cursor: c.QueryParam("cursor")}
	if v := c.QueryParam("limit"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 {
			return errs.Invalid("limit", fmt.Sprintf("must be a whole number from 1 to %d", timeline.MaxLimit))
		}
		q.Limit = n
	}
	page, err := s.Timeline.List(c.Request().Context(), a, id, q)
	if err != nil {
		return err
	}
	out := TimelineList{Data: make([]TimelineEntry, 0, len(page.Entries)), NextCursor: nullIfEmpty(page.NextCursor)}
	for _, e := range page.Entries {
		out.Data = append(out.Data, toTimelineEntry(e))
	}
	return c.JSON(http.StatusOK, out)
}
