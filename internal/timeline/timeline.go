// Package timeline is a patient's history as one feed, newest first: the
// record's registration and changes (from the audit log), every message to
// and from the patient, each reminder occurrence with its state, and each
// confirmation. Pages are cut with an opaque cursor, so an item written
// while a client pages never shifts what it has not read yet.
//
// A page costs five statements whatever its size (the patient, then each
// source's next rows). Message bodies are not part of it: they are read, and
// decrypted, by the message log alone (GET /messages/{id}).
package timeline

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/reminder"
)

// Kinds of entries.
const (
	KindPatientCreated      = "patient.created"
	KindPatientUpdated      = "patient.updated"
	KindPatientDeleted      = "patient.deleted"
	KindMessageOutbound     = "message.outbound"
	KindMessageInbound      = "message.inbound"
	KindOccurrenceDue       = "occurrence.due"
	KindOccurrenceConfirmed = "occurrence.confirmed"
)

// Page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 100
)

// Query asks for one page: Limit entries (0: DefaultLimit) after Cursor ("":
// from the newest).
type Query struct {
	Cursor string
	Limit  int
}

// Page is one page of a timeline; NextCursor is "" on the last.
type Page struct {
	Entries    []Entry
	NextCursor string
}

// Entry is one event. ID is the id of its record (the message, the
// occurrence, the audit event, or the patient for a registration without
// one); it is unique together with Kind.
type Entry struct {
	ID        string
	Kind      string
	At        time.Time
	Summary   string   // English, for logs and integrations; clients compose their own text
	Changes   []string // patient.updated: JSON names of the changed fields
	ActorID   string   // the staff user who acted, when one did
	ActorName string
	MessageID string // the message the entry is, or was sent for; "" when none

	Message    *Message    // message.* entries
	Occurrence *Occurrence // occurrence.* entries
	key        key
}

// Message describes a message entry.
type Message struct {
	Direction, Channel, Status, Source string
	SkipReason, SourceID               *string
	Automated, AIGenerated             bool
}

// Occurrence describes an occurrence or a confirmation entry, as people
// should see it (see reminder.Occurrence.Effective).
type Occurrence struct {
	ID, ReminderID, ReminderType string
	Medication                   *string
	DueAt                        time.Time
	State                        string
	SkipReason                   *string
	ConfirmedAt                  *time.Time
	ConfirmedBy                  *string // patient or staff
	ConfirmedByUserID            *string
	ConfirmedByName              string
}

// Service reads timelines.
type Service struct{ store Store }

// NewService builds the service.
func NewService(store Store) *Service { return &Service{store: store} }

// scope is "" for every patient of the tenant (admins, developers) or the
// user id a volunteer's patients are assigned to.
func scope(a identity.Actor) (string, error) {
	switch a.Role {
	case identity.RoleAdmin, identity.RoleDeveloper:
		return "", nil
	case identity.RoleVolunteer:
		if a.UserID != "" {
			return a.UserID, nil
		}
	}
	return "", fmt.Errorf("timeline: role %q: %w", a.Role, errs.ErrForbidden)
}

func (q Query) validate() (int, *key, error) {
	var fe errs.Fields
	limit := q.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 1 || limit > MaxLimit:
		fe.Add("limit", fmt.Sprintf("must be a whole number from 1 to %d", MaxLimit))
	}
	var c *key
	if q.Cursor != "" {
		k, ok := decodeCursor(q.Cursor)
		if ok {
			c = &k
		} else {
			fe.AddCode("cursor", errs.CodeInvalidFormat, "must be a next_cursor this endpoint returned")
		}
	}
	return limit, c, fe.Err()
}

// List returns one page of the history of a patient the actor may see
// (errs.ErrNotFound for any other), newest first.
func (s *Service) List(ctx context.Context, a identity.Actor, patientID string, q Query) (Page, error) {
	volunteer, err := scope(a)
	if err != nil {
		return Page{}, err
	}
	limit, c, err := q.validate()
	if err != nil {
		return Page{}, err
	}
	if !ids.Valid(patientID) {
		return Page{}, errs.ErrNotFound
	}
	p, err := s.store.Patient(ctx, a.TenantID, patientID, volunteer)
	if err != nil {
		return Page{}, err
	}
	// Each source's next limit+1 rows hold every row of the page and tell
	// whether another follows.
	n := limit + 1
	events, err := s.store.Events(ctx, a.TenantID, patientID, c, n)
	if err != nil {
		return Page{}, err
	}
	msgs, err := s.store.Messages(ctx, a.TenantID, patientID, c, n)
	if err != nil {
		return Page{}, err
	}
	due, err := s.store.Occurrences(ctx, a.TenantID, patientID, false, c, n)
	if err != nil {
		return Page{}, err
	}
	confirmed, err := s.store.Occurrences(ctx, a.TenantID, patientID, true, c, n)
	if err != nil {
		return Page{}, err
	}
	all := make([]Entry, 0, len(events)+len(msgs)+len(due)+len(confirmed)+1)
	for _, e := range events {
		all = append(all, eventEntry(e))
	}
	if !p.HasCreateEvent {
		reg := Entry{ID: patientID, Kind: KindPatientCreated, At: p.CreatedAt.UTC(), Summary: "Patient registered", Changes: []string{}}
		reg.key = key{reg.At, rankPatient, reg.ID}
		if c == nil || reg.key.after(*c) {
			all = append(all, reg)
		}
	}
	for _, m := range msgs {
		all = append(all, messageEntry(m))
	}
	for _, o := range due {
		all = append(all, occurrenceEntry(o, false))
	}
	for _, o := range confirmed {
		all = append(all, occurrenceEntry(o, true))
	}
	slices.SortFunc(all, func(x, y Entry) int {
		switch {
		case x.key.after(y.key):
			return 1
		case y.key.after(x.key):
			return -1
		}
		return 0
	})
	page := Page{Entries: all}
	if len(all) > limit {
		page.Entries = all[:limit]
		page.NextCursor = all[limit-1].key.encode()
	}
	return page, nil
}

func eventEntry(e eventRow) Entry {
	out := Entry{ID: e.ID, At: e.CreatedAt.UTC(), ActorName: e.ActorName, Changes: []string{}}
	if e.ActorUserID != nil {
		out.ActorID = *e.ActorUserID
	}
	switch e.Action {
	case audit.ActionPatientCreate:
		out.Kind, out.Summary = KindPatientCreated, "Patient registered"
	case audit.ActionPatientUpdate:
		_ = json.Unmarshal([]byte(e.Changes), &out.Changes)
		if out.Changes == nil {
			out.Changes = []string{}
		}
		out.Kind, out.Summary = KindPatientUpdated, "Changed "+strings.Join(out.Changes, ", ")
	default:
		out.Kind, out.Summary = KindPatientDeleted, "Patient deleted"
	}
	out.key = key{out.At, rankPatient, out.ID}
	return out
}

func messageEntry(m messageRow) Entry {
	out := Entry{ID: m.ID, At: m.CreatedAt.UTC(), MessageID: m.ID, ActorName: m.ActorName, Changes: []string{},
		Message: &Message{Direction: m.Direction, Channel: m.Channel, Status: m.Status, Source: m.Source,
			SkipReason: m.SkipReason, SourceID: m.SourceID, Automated: m.Automated, AIGenerated: m.AIGenerated}}
	if m.CreatedBy != nil {
		out.ActorID = *m.CreatedBy
	}
	if m.Direction == outbox.Inbound {
		out.Kind, out.Summary = KindMessageInbound, fmt.Sprintf("Message received on %s", m.Channel)
	} else {
		out.Kind, out.Summary = KindMessageOutbound, fmt.Sprintf("%s message on %s: %s", m.Source, m.Channel, m.Status)
	}
	out.key = key{out.At, rankMessage, out.ID}
	return out
}

func occurrenceEntry(r occurrenceRow, confirmation bool) Entry {
	o := reminder.Occurrence{State: r.State, SkipReason: r.SkipReason, MessageStatus: r.MessageStatus,
		MessageSkipReason: r.MessageSkipReason}.Effective()
	occ := &Occurrence{ID: r.ID, ReminderID: r.ReminderID, ReminderType: r.ReminderType, Medication: r.Medication,
		DueAt: r.DueAt.UTC(), State: o.State, SkipReason: o.SkipReason, ConfirmedAt: utcPtr(r.ConfirmedAt),
		ConfirmedBy: r.ConfirmedBy, ConfirmedByUserID: r.ConfirmedByUserID, ConfirmedByName: r.ConfirmedByName}
	out := Entry{ID: r.ID, Occurrence: occ, Changes: []string{}}
	if r.MessageID != nil {
		out.MessageID = *r.MessageID
	}
	what := "Reminder"
	if r.Medication != nil && *r.Medication != "" {
		what = *r.Medication
	}
	if confirmation {
		out.Kind, out.At, out.key.Rank = KindOccurrenceConfirmed, occ.ConfirmedAt.UTC(), rankConfirmation
		by := "the patient"
		if r.ConfirmedBy != nil && *r.ConfirmedBy == reminder.ConfirmedByStaff {
			by = "staff"
			if r.ConfirmedByUserID != nil {
				out.ActorID, out.ActorName = *r.ConfirmedByUserID, r.ConfirmedByName
			}
		}
		out.Summary = fmt.Sprintf("%s %s by %s", what, occ.State, by)
	} else {
		out.Kind, out.At, out.key.Rank = KindOccurrenceDue, occ.DueAt, rankOccurrence
		out.Summary = fmt.Sprintf("%s due: %s", what, occ.State)
	}
	out.key.At, out.key.ID = out.At, out.ID
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
