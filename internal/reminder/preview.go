package reminder

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/schedule"
	"gorm.io/gorm"
)

// Preview limits.
const (
	DefaultPreviewCount = 5
	MaxPreviewCount     = 50
)

// PreviewInput asks when a schedule would fire for a patient: a recurring
// schedule, or, with AppointmentID, the offsets of an appointment reminder.
type PreviewInput struct {
	PatientID     string
	AppointmentID *string
	Schedule      *schedule.Spec
	Count         int // 1…50, default 5
}

// PreviewResult is the next instants of a schedule, in UTC, and the patient's
// time zone they are wall-clock times in.
type PreviewResult struct {
	Timezone string
	At       []time.Time
}

// Preview returns the next Count instants after now at which a schedule would
// fire for a patient the actor may see, for the schedule builder. Nothing is
// saved; any role may preview.
func (s *Service) Preview(ctx context.Context, a identity.Actor, in PreviewInput) (PreviewResult, error) {
	var fe errs.Fields
	p, ok, err := s.patientField(ctx, a, &fe, in.PatientID)
	if err != nil {
		return PreviewResult{}, err
	}
	n := in.Count
	switch {
	case n == 0:
		n = DefaultPreviewCount
	case n < 1 || n > MaxPreviewCount:
		fe.Add("count", "must be between 1 and 50")
	}
	var spec schedule.Spec
	if in.Schedule == nil {
		fe.Add("schedule", "is required")
	} else {
		spec = in.Schedule.Normalize()
		var ve *errs.ValidationError
		if err := in.Schedule.Validate(in.AppointmentID != nil); errors.As(err, &ve) {
			fe = append(fe, ve.Fields...)
		}
	}
	var ap appointment.Appointment
	if in.AppointmentID != nil && ok {
		id := strings.TrimSpace(*in.AppointmentID)
		if ids.Valid(id) {
			ap, err = s.store.Appointment(ctx, a.TenantID, id)
			if err != nil && !errors.Is(err, errs.ErrNotFound) {
				return PreviewResult{}, err
			}
		}
		if ap.ID == "" || ap.PatientID != p.ID {
			fe.Add("appointment_id", "is not an appointment of this patient")
		}
	}
	if err := fe.Err(); err != nil {
		return PreviewResult{}, err
	}
	now := s.now()
	out := PreviewResult{Timezone: zone(p.Timezone).String(), At: []time.Time{}}
	if in.AppointmentID == nil {
		out.At = append(out.At, schedule.Preview(spec, zone(p.Timezone), now, n)...)
		return out, nil
	}
	r := Reminder{Type: TypeAppointment, Schedule: Schedule{Offsets: spec.Offsets}, IsActive: true}
	times, _ := window(r, p, &ap, now, ap.StartsAt)
	if len(times) > n {
		times = times[:n]
	}
	out.At = append(out.At, times...)
	return out, nil
}

// AppointmentChanged keeps an appointment's reminders in step with it inside
// the appointment's transaction (appointment.Linked): a new start retimes them
// from now on; a cancelled, completed, missed or deleted appointment stops them.
func (s *Service) AppointmentChanged(ctx context.Context, tx *gorm.DB, ap appointment.Appointment, now time.Time) error {
	st := s.store.With(tx)
	rs, err := st.LockAppointmentReminders(ctx, ap.TenantID, ap.ID)
	if err != nil || len(rs) == 0 {
		return err
	}
	if !ap.Live() {
		stop := make([]string, 0, len(rs))
		for _, r := range rs {
			stop = append(stop, r.ID)
		}
		return st.Deactivate(ctx, stop, now)
	}
	p, err := st.Patient(ctx, ap.TenantID, ap.PatientID)
	if errors.Is(err, errs.ErrNotFound) {
		return nil // the next tick stops reminders of a deleted patient
	}
	if err != nil {
		return err
	}
	steps := make([]Step, 0, len(rs))
	for _, r := range rs {
		steps = append(steps, Step{ID: r.ID, NextDueAt: nextDue(r, p, &ap, now), MaterializedUntil: now})
	}
	return st.Advance(ctx, steps)
}

var _ appointment.Linked = (*Service)(nil)
