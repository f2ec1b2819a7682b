package reminder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/schedule"
	"github.com/prima-health/prima/internal/template"
)

// Materialising workers: the default (two keep a 2-core database host busy;
// more add little there), and the most Options.Workers may ask for.
const (
	DefaultWorkers = 2
	MaxWorkers     = 16
)

// Materialize makes every due reminder's occurrences and messages: it claims
// due reminders in batches (one transaction each), creates their occurrences
// in (materialized_until, now] — at most MaxCatchUp back — in the patient's
// time zone, queues one message per new occurrence in the same transaction
// (send-before due_at + ttl), and advances next_due_at and materialized_until.
// When the first batch comes back full, up to Options.Workers transactions
// claim further batches side by side (one on SQLite). It returns how many
// occurrences and queued messages it created. Running it again, or ten times
// at once, creates nothing twice.
func (s *Service) Materialize(ctx context.Context, now time.Time) (occurrences, messages int, err error) {
	now = now.UTC().Truncate(time.Microsecond)
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	claimed, occurrences, messages, err := s.materializeBatch(ctx, now)
	if err != nil || claimed < s.batch {
		return occurrences, messages, err
	}
	occ, msg, err := s.materializeRest(ctx, now)
	return occurrences + occ, messages + msg, err
}

// materializeRest runs the workers that claim batches until one comes back
// short (nothing more is due that another transaction does not hold). The
// first failure stops the others; batches already committed stay.
func (s *Service) materializeRest(ctx context.Context, now time.Time) (occurrences, messages int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range s.store.Writers(s.workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				claimed, occ, msg, err := s.materializeBatch(ctx, now)
				mu.Lock()
				occurrences += occ
				messages += msg
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				if err != nil {
					cancel()
					return
				}
				if claimed < s.batch {
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return occurrences, messages, firstErr
	}
	// Cancelled by the caller (the workers cancel only after a failure).
	return occurrences, messages, ctx.Err()
}

func (s *Service) materializeBatch(ctx context.Context, now time.Time) (claimed, occurrences, messages int, err error) {
	err = s.store.InTx(ctx, func(tx Store) error {
		rs, err := tx.ClaimDue(ctx, now, s.batch)
		if err != nil || len(rs) == 0 {
			return err
		}
		claimed = len(rs)
		refs, err := tx.Refs(ctx, rs)
		refs.BaseURL = s.baseURL
		if err != nil {
			return err
		}
		var dues []due
		var steps []Step
		var stop []string
		for i := range rs {
			r := &rs[i]
			p, ap, ok := refs.of(*r)
			if !ok {
				stop = append(stop, r.ID)
				continue
			}
			from := now.Add(-MaxCatchUp)
			if r.MaterializedUntil != nil && r.MaterializedUntil.After(from) {
				from = *r.MaterializedUntil
			}
			times, next := window(*r, p, ap, from, now)
			steps = append(steps, Step{ID: r.ID, NextDueAt: next, MaterializedUntil: now})
			if !p.IsActive {
				continue // an inactive patient gets nothing; a reactivated one is not sent the backlog
			}
			for _, t := range times {
				dues = append(dues, due{r: r, at: t, notBefore: t, sendBefore: t.Add(r.TTL()), priority: outbox.PriorityNormal})
			}
		}
		occurrences, messages, err = s.emit(ctx, tx, refs, dues, now)
		if err != nil {
			return err
		}
		if err := tx.Advance(ctx, steps); err != nil {
			return err
		}
		return tx.Deactivate(ctx, stop, now)
	})
	if err != nil {
		return 0, 0, 0, err // rolled back: nothing was made
	}
	return claimed, occurrences, messages, nil
}

// of returns the live patient and, for an appointment reminder, the live
// appointment a reminder needs; ok is false when they are gone and the
// reminder should stop.
func (refs Refs) of(r Reminder) (patient.Patient, *appointment.Appointment, bool) {
	p, ok := refs.Patients[r.PatientID]
	if !ok || p.TenantID != r.TenantID {
		return patient.Patient{}, nil, false
	}
	if r.Type != TypeAppointment {
		return p, nil, true
	}
	if r.AppointmentID == nil {
		return p, nil, false
	}
	ap, ok := refs.Appointments[*r.AppointmentID]
	if !ok || ap.TenantID != r.TenantID || !ap.Live() {
		return p, nil, false
	}
	return p, &ap, true
}

// window returns the reminder's due instants in (from, to] and its first due
// instant after to (nil when it has no more).
func window(r Reminder, p patient.Patient, ap *appointment.Appointment, from, to time.Time) ([]time.Time, *time.Time) {
	loc := zone(p.Timezone)
	if r.Type == TypeAppointment {
		var times []time.Time
		var next *time.Time
		for _, t := range schedule.AppointmentTimes(r.Schedule.Offsets, ap.StartsAt, loc) {
			switch {
			case t.After(to):
				if next == nil {
					next = &t
				}
			case t.After(from):
				times = append(times, t)
			}
		}
		return times, next
	}
	spec := r.Schedule.Spec()
	times := schedule.Occurrences(spec, loc, from, to)
	if t, ok := schedule.Next(spec, loc, to); ok {
		return times, &t
	}
	return times, nil
}

// due is one occurrence to create and send.
type due struct {
	r          *Reminder
	at         time.Time // the occurrence's due instant
	notBefore  time.Time // when its message may go out
	sendBefore time.Time // after this the message is not worth sending
	priority   int
}

// emit creates the occurrences of dues, each with its message queued inside
// tx, and returns how many occurrences and queued messages it made. The caller
// holds the reminders' rows, and materialized_until only moves forward, so an
// occurrence that exists already is rare (a schedule edited after a send-now);
// then the unique (reminder_id, due_at) key keeps the existing occurrence, and
// the message's dedupe key, made of the same pair, returns the existing
// message instead of queueing a second one.
func (s *Service) emit(ctx context.Context, tx Store, refs Refs, dues []due, now time.Time) (occurrences, messages int, err error) {
	if len(dues) == 0 {
		return 0, 0, nil
	}
	rows := make([]Occurrence, len(dues))
	for i, d := range dues {
		rows[i] = Occurrence{ID: ids.New(), TenantID: d.r.TenantID, ReminderID: d.r.ID, PatientID: d.r.PatientID,
			ReminderType: d.r.Type, DueAt: d.at.UTC(), ConfirmBy: d.at.Add(d.r.ConfirmationWindow()).UTC(),
			State: StatePending, CreatedAt: now, UpdatedAt: now}
	}
	var owners []int // the row of each message in ns
	var ns []outbox.NewMessage
	for i := range rows {
		o := &rows[i]
		n, err := s.newMessage(refs, dues[i], *o)
		if err == nil {
			owners = append(owners, i)
			ns = append(ns, n)
			continue
		}
		if !unrenderable(err) {
			return 0, 0, err
		}
		// The text cannot be written for this patient any more (a value it uses
		// is gone): record that instead of sending a blank.
		reason := SkipRender
		o.State, o.SkipReason = StateSkipped, &reason
		s.log.WarnContext(ctx, "reminder message not rendered", slog.String("reminder_id", o.ReminderID),
			slog.String("occurrence_id", o.ID), slog.String("error", err.Error()))
	}
	queued, err := s.enqueue(ctx, tx, ns)
	if err != nil {
		return 0, 0, err
	}
	for i, m := range queued {
		o := &rows[owners[i]]
		id := m.ID
		o.MessageID = &id
		// A message queued for this occurrence (not one returned for an existing occurrence's key).
		if m.Status == outbox.StatusQueued && m.SourceID != nil && *m.SourceID == o.ID {
			messages++
		}
	}
	n, err := tx.InsertOccurrences(ctx, rows)
	return int(n), messages, err
}

// enqueue queues messages inside tx: with one call when the outbox takes
// batches, otherwise one by one.
func (s *Service) enqueue(ctx context.Context, tx Store, ns []outbox.NewMessage) ([]outbox.Message, error) {
	if len(ns) == 0 {
		return nil, nil
	}
	if b, ok := s.outbox.(BatchOutbox); ok {
		out, err := b.EnqueueMany(ctx, tx.DB(), ns)
		if err == nil && len(out) != len(ns) {
			err = fmt.Errorf("reminder: outbox queued %d of %d messages", len(out), len(ns))
		}
		return out, err
	}
	out := make([]outbox.Message, 0, len(ns))
	for _, n := range ns {
		m, err := s.outbox.Enqueue(ctx, tx.DB(), n)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// newMessage renders the message of a new occurrence.
func (s *Service) newMessage(refs Refs, d due, o Occurrence) (outbox.NewMessage, error) {
	n, err := compose(refs, *d.r, d.at)
	if err != nil {
		return outbox.NewMessage{}, err
	}
	sendBefore := d.sendBefore.UTC()
	n.SourceID, n.Priority, n.NotBefore, n.SendBefore = o.ID, d.priority, d.notBefore.UTC(), &sendBefore
	n.Automated, n.DedupeKey = true, "occ:"+OccurrenceKey(o.ReminderID, o.DueAt)
	return n, nil
}

// compose renders the reminder's message about the dose or visit due at at,
// for the reminder's patient and channel order; the caller says when it goes
// and why.
func compose(refs Refs, r Reminder, at time.Time) (outbox.NewMessage, error) {
	p, ap, _ := refs.of(r)
	tenant := refs.Tenants[r.TenantID]
	var tpl *template.Template
	if r.TemplateID != nil {
		t, ok := refs.Templates[*r.TemplateID]
		if !ok || t.TenantID != r.TenantID {
			return outbox.NewMessage{}, errs.Invalid("template_id", "the template no longer exists")
		}
		tpl = &t
	}
	out, err := render(r, tpl, p.Language, messageData(p, tenant.Name, r, ap, at, refs.link(tpl)))
	if err != nil {
		return outbox.NewMessage{}, err
	}
	return outbox.NewMessage{
		TenantID: r.TenantID, PatientID: r.PatientID, Body: out.body, Source: outbox.SourceReminder,
		ChannelOrder: channelOrder(r, p, tenant.ChannelOrder), KakaoTemplateCode: out.kakaoCode, KakaoParameters: out.kakaoParams,
	}, nil
}

// unrenderable reports whether err says the text cannot be written for the
// patient (a value it uses is gone), as opposed to a failure of the database.
func unrenderable(err error) bool {
	var ve *errs.ValidationError
	var me *template.MissingError
	var pe *template.ParseError
	return errors.As(err, &ve) || errors.As(err, &me) || errors.As(err, &pe)
}

// MarkMissed resolves pending medication occurrences whose confirmation window
// closed before now: missed, or skipped when their message never went out. It
// returns how many became missed. One statement each way, whatever the
// number of rows.
func (s *Service) MarkMissed(ctx context.Context, now time.Time) (int, error) {
	n, err := s.store.MarkMissed(ctx, now.UTC().Truncate(time.Microsecond), s.recordMissed)
	return int(n), err
}
