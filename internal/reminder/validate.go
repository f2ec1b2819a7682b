package reminder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/schedule"
	"github.com/prima-health/prima/internal/template"
)

// Limits on reminder fields.
const (
	MaxMessageLen    = 2000
	MaxMedicationLen = 200
	MaxDoseLen       = 100
)

// Input is a new reminder as a client describes it. Nil pointers take
// defaults; a nil ChannelOrder is the tenant's order.
type Input struct {
	PatientID                 string
	Type                      string
	TemplateID                *string
	Message                   *string
	Medication                *string
	Dose                      *string
	AppointmentID             *string
	Schedule                  *schedule.Spec
	ChannelOrder              []string
	ConfirmationWindowMinutes *int
	TTLMinutes                *int
	IsActive                  *bool
}

// Patch changes some fields of a reminder. A nil pointer leaves its field
// alone; Clear names (by JSON name) fields to set to null: template_id,
// message, medication, dose, appointment_id, channel_order. Version, when set,
// must match the stored version. The patient cannot change.
type Patch struct {
	Type                      *string
	TemplateID                *string
	Message                   *string
	Medication                *string
	Dose                      *string
	AppointmentID             *string
	Schedule                  *schedule.Spec
	ChannelOrder              *[]string
	ConfirmationWindowMinutes *int
	TTLMinutes                *int
	IsActive                  *bool
	Clear                     []string
	Version                   *int
}

var clearable = map[string]bool{"template_id": true, "message": true, "medication": true, "dose": true,
	"appointment_id": true, "channel_order": true}

// applier applies a patch, collecting field errors and the names of changed fields.
type applier struct {
	fe      errs.Fields
	changed []string
}

func (ap *applier) mark(field string, changed bool) {
	if changed && !slices.Contains(ap.changed, field) {
		ap.changed = append(ap.changed, field)
	}
}

func (ap *applier) has(field string) bool { return slices.Contains(ap.changed, field) }

func eqPtr(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func (ap *applier) apply(r *Reminder, pt Patch) {
	for _, f := range pt.Clear {
		if !clearable[f] {
			ap.fe.Add(f, "cannot be null")
		}
	}
	cleared := func(f string) bool { return slices.Contains(pt.Clear, f) }
	if pt.Type != nil {
		t := strings.TrimSpace(*pt.Type)
		if !slices.Contains(Types, t) {
			ap.fe.Add("type", "must be one of "+strings.Join(Types, ", "))
		} else {
			ap.mark("type", t != r.Type)
			r.Type = t
		}
	}
	ap.ref(&r.TemplateID, "template_id", pt.TemplateID, cleared("template_id"))
	ap.ref(&r.AppointmentID, "appointment_id", pt.AppointmentID, cleared("appointment_id"))
	ap.text(&r.Message, "message", pt.Message, cleared("message"), MaxMessageLen, true)
	ap.text(&r.Medication, "medication", pt.Medication, cleared("medication"), MaxMedicationLen, false)
	ap.text(&r.Dose, "dose", pt.Dose, cleared("dose"), MaxDoseLen, false)
	if pt.Schedule != nil {
		spec := pt.Schedule.Normalize()
		ap.mark("schedule", !sameSpec(spec, r.Schedule.Spec()))
		r.Schedule = Schedule(spec)
	}
	switch {
	case cleared("channel_order"):
		ap.mark("channel_order", r.ChannelOrder != nil)
		r.ChannelOrder = nil
	case pt.ChannelOrder != nil:
		if order, ok := ap.channels(*pt.ChannelOrder); ok {
			ap.mark("channel_order", r.ChannelOrder == nil || !slices.Equal(order, r.ChannelOrder))
			r.ChannelOrder = order
		}
	}
	ap.minutes(&r.ConfirmationWindowMinutes, "confirmation_window_minutes", pt.ConfirmationWindowMinutes, MaxConfirmationWindow)
	ap.minutes(&r.TTLMinutes, "ttl_minutes", pt.TTLMinutes, MaxTTL)
	if pt.IsActive != nil {
		ap.mark("is_active", *pt.IsActive != r.IsActive)
		r.IsActive = *pt.IsActive
	}
}

func sameSpec(a, b schedule.Spec) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(x) == string(y)
}

// ref sets an optional id field.
func (ap *applier) ref(dst **string, field string, v *string, clear bool) {
	if clear {
		ap.mark(field, *dst != nil)
		*dst = nil
		return
	}
	if v == nil {
		return
	}
	id := strings.TrimSpace(*v)
	if !ids.Valid(id) {
		ap.fe.Add(field, "must be an id")
		return
	}
	ap.mark(field, !eqPtr(*dst, &id))
	*dst = &id
}

// text sets an optional text field; "" (after trimming) clears it.
func (ap *applier) text(dst **string, field string, v *string, clear bool, maxLen int, multiline bool) {
	if clear {
		ap.mark(field, *dst != nil)
		*dst = nil
		return
	}
	if v == nil {
		return
	}
	s := strings.TrimSpace(*v)
	switch {
	case !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxLen:
		ap.fe.Add(field, "must be UTF-8 text of at most "+strconv.Itoa(maxLen)+" characters")
		return
	case hasControl(s, multiline):
		ap.fe.Add(field, "must not contain control characters")
		return
	}
	var next *string
	if s != "" {
		next = &s
	}
	ap.mark(field, !eqPtr(*dst, next))
	*dst = next
}

func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if r == 0x7f || (r < 0x20 && !(multiline && (r == '\n' || r == '\r' || r == '\t'))) {
			return true
		}
	}
	return false
}

func (ap *applier) minutes(dst *int, field string, v *int, maxMinutes int) {
	if v == nil {
		return
	}
	if *v < 1 || *v > maxMinutes {
		ap.fe.Add(field, fmt.Sprintf("must be between 1 and %d minutes", maxMinutes))
		return
	}
	ap.mark(field, *v != *dst)
	*dst = *v
}

func (ap *applier) channels(in []string) (ChannelOrder, bool) {
	if len(in) == 0 {
		ap.fe.Add("channel_order", "must name at least one channel (or be null for the organization's order)")
		return nil, false
	}
	out := make(ChannelOrder, 0, len(in))
	ok := true
	for i, c := range in {
		c = strings.ToLower(strings.TrimSpace(c))
		switch {
		case !slices.Contains(messaging.KnownChannels, c):
			ap.fe.Add("channel_order["+strconv.Itoa(i)+"]", "must be one of "+strings.Join(messaging.KnownChannels, ", "))
			ok = false
		case slices.Contains(out, c):
			ap.fe.Add("channel_order["+strconv.Itoa(i)+"]", "is listed twice")
			ok = false
		default:
			out = append(out, c)
		}
	}
	return out, ok
}

// check validates a whole reminder after a create or a patch: the rules that
// tie fields together and the rows they refer to. It returns the appointment
// of an appointment reminder.
func (s *Service) check(ctx context.Context, fe *errs.Fields, r *Reminder, p patient.Patient) (*appointment.Appointment, error) {
	failed := func(field string) bool {
		return slices.ContainsFunc(*fe, func(f errs.FieldError) bool { return f.Field == field })
	}
	if r.Type == "" && !failed("type") {
		fe.Add("type", "is required")
	}
	switch {
	case failed("template_id") || failed("message"):
	case r.TemplateID != nil && r.Message != nil:
		fe.Add("template_id", "give either template_id or message, not both")
		fe.Add("message", "give either template_id or message, not both")
	case r.TemplateID == nil && r.Message == nil:
		fe.Add("message", "is required when there is no template_id")
		fe.Add("template_id", "is required when there is no message")
	}
	if r.Message != nil {
		if _, err := template.Parse(*r.Message); err != nil {
			fe.Add("message", err.Error())
		}
	}
	var tpl *template.Template
	if r.TemplateID != nil {
		t, err := s.store.Template(ctx, r.TenantID, *r.TemplateID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			fe.Add("template_id", "is not a template of your organization")
		case err != nil:
			return nil, err
		case t.Kind != template.KindReminder:
			fe.Add("template_id", "must be a template of kind reminder")
		default:
			tpl = &t
		}
	}
	var ap *appointment.Appointment
	if r.Type == TypeAppointment && !failed("appointment_id") {
		if r.AppointmentID == nil {
			fe.Add("appointment_id", "is required for appointment reminders")
		} else {
			a, err := s.store.Appointment(ctx, r.TenantID, *r.AppointmentID)
			switch {
			case errors.Is(err, errs.ErrNotFound) || (err == nil && a.PatientID != r.PatientID):
				fe.Add("appointment_id", "is not an appointment of this patient")
			case err != nil:
				return nil, err
			case a.Status != appointment.StatusScheduled:
				fe.Add("appointment_id", "is "+a.Status+"; only scheduled appointments have reminders")
			default:
				ap = &a
			}
		}
	} else if r.Type != TypeAppointment && r.AppointmentID != nil {
		fe.Add("appointment_id", "is only used for appointment reminders")
	}
	spec := r.Schedule.Spec()
	if r.Type == TypeAppointment {
		r.Schedule = Schedule{Offsets: spec.Offsets}
	}
	if r.Type != "" && !failed("schedule") {
		var ve *errs.ValidationError
		if err := spec.Validate(r.Type == TypeAppointment); errors.As(err, &ve) {
			*fe = append(*fe, ve.Fields...)
		}
	}
	if len(*fe) > 0 {
		return ap, nil
	}
	// A message must render for this patient: a missing value is refused now, not blank later.
	clinic, err := s.store.TenantName(ctx, r.TenantID)
	if err != nil {
		return nil, err
	}
	link := ""
	if tpl != nil && tpl.LinkArticleID != nil {
		slug, err := s.store.ArticleSlug(ctx, r.TenantID, *tpl.LinkArticleID)
		if err != nil && !errors.Is(err, errs.ErrNotFound) {
			return nil, err
		}
		if slug != "" {
			link = content.PublicArticleURL(s.baseURL, slug)
		}
	}
	data := messageData(p, clinic, *r, ap, s.now(), link)
	if tpl != nil {
		if missing := template.MissingVariables(*tpl, p.Language, data); len(missing) > 0 {
			fe.Add("template_id", (&template.MissingError{Variables: missing}).Error()+" for this patient")
		}
	} else if _, err := render(*r, nil, p.Language, data); err != nil {
		fe.Add("message", err.Error()+" for this patient")
	}
	return ap, nil
}
