package reminder

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// MaxSendNowIDs bounds the ids of one send-now request.
const MaxSendNowIDs = 500

// What send-now did with a reminder.
const (
	SendQueued  = "queued"
	SendSkipped = "skipped"
)

// Why send-now sent nothing for a reminder (besides SkipRender, and the
// outbox's outbox.SkipDuplicate and outbox.ErrorNoChannel).
const (
	SkipPaused          = "paused"           // the reminder is paused
	SkipFinished        = "finished"         // nothing more is due (schedule ended, appointment no longer scheduled)
	SkipPatientInactive = "patient_inactive" // the patient is inactive
	SkipNoConsent       = "no_consent"       // the patient has not consented
	SkipOptedOut        = "opted_out"        // the patient revoked consent
	SkipNoPhone         = "no_phone"         // the patient has no phone number
)

// SendOutcome is what send-now did with one reminder: Status SendQueued with
// the queued message's id, or SendSkipped with the Reason.
type SendOutcome struct {
	ReminderID  string
	PatientID   string
	PatientName string
	Status      string
	Reason      string
	MessageID   string
}

// SendNow sends one extra message of each reminder now, in addition to its
// schedule: of the reminders with the given ids, or, with no ids, of every
// active reminder the actor may see with a dose still due on the patient's
// current day (overdue ones included). The message is the one of the
// reminder's next dose or visit, queued through the outbox at interactive
// priority as a reminder message sent by the actor (not automated), with a
// time-to-live of the reminder's TTL from now. The schedule is left alone: no
// occurrence is created, next_due_at does not move, and the scheduled message
// of the next dose still goes out at its time (a message the actor sends is
// not suppressed as a duplicate of an automated one, nor the other way round).
// Each reminder's outcome is reported, in the order of the ids: queued, or
// skipped with the reason (paused, finished, patient_inactive, no_consent,
// opted_out, no_phone, render_failed, or the outbox's duplicate / no_channel).
// An id the actor cannot see is not found; an empty (not absent) list of ids
// is refused, so a cleared selection never sends everything.
func (s *Service) SendNow(ctx context.Context, a identity.Actor, reminderIDs []string) ([]SendOutcome, error) {
	if err := requireWrite(a); err != nil {
		return nil, err
	}
	scope, err := visibleTo(a)
	if err != nil {
		return nil, err
	}
	var fe errs.Fields
	if reminderIDs != nil && len(reminderIDs) == 0 {
		fe.Add("ids", "must name at least one reminder (leave ids out to send every reminder due today)")
	}
	if len(reminderIDs) > MaxSendNowIDs {
		fe.Add("ids", "at most "+strconv.Itoa(MaxSendNowIDs)+" ids at once")
	}
	var uniq []string
	for i, id := range reminderIDs {
		id = strings.TrimSpace(id)
		if !ids.Valid(id) {
			fe.Add("ids["+strconv.Itoa(i)+"]", "must be a reminder id")
			continue
		}
		if !slices.Contains(uniq, id) {
			uniq = append(uniq, id)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	if len(reminderIDs) > 0 {
		var out []SendOutcome
		err = s.store.InTx(ctx, func(tx Store) error {
			rs, err := tx.LockReminders(ctx, a.TenantID, scope, uniq)
			if err != nil {
				return err
			}
			if len(rs) != len(uniq) {
				return errs.ErrNotFound
			}
			if out, err = s.sendExtra(ctx, tx, a, rs, now, false); err != nil {
				return err
			}
			return s.auditSend(ctx, tx, a, uniq, now)
		})
		slices.SortFunc(out, func(x, y SendOutcome) int {
			return slices.Index(uniq, x.ReminderID) - slices.Index(uniq, y.ReminderID)
		})
		return out, err
	}
	// Every reminder due before the end of its patient's day: no local day ends
	// more than a day from now, so that bounds the read; sendExtra checks the rest.
	out := []SendOutcome{}
	after := ""
	for {
		var rs []Reminder
		err = s.store.InTx(ctx, func(tx Store) error {
			var err error
			rs, err = tx.LockDueBefore(ctx, a.TenantID, scope, now.Add(24*time.Hour), after, s.batch)
			if err != nil || len(rs) == 0 {
				return err
			}
			batch, err := s.sendExtra(ctx, tx, a, rs, now, true)
			out = append(out, batch...)
			return err
		})
		if err != nil {
			return out, err
		}
		if len(rs) < s.batch {
			break
		}
		after = rs[len(rs)-1].ID
	}
	err = s.store.InTx(ctx, func(tx Store) error { return s.auditSend(ctx, tx, a, nil, now) })
	return out, err
}

func (s *Service) auditSend(ctx context.Context, tx Store, a identity.Actor, reminderIDs []string, now time.Time) error {
	id := ""
	if len(reminderIDs) == 1 {
		id = reminderIDs[0]
	}
	return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionSendNow,
		ResourceType: ResourceType, ResourceID: id})
}

// sendExtra queues one extra message of each reminder of rs (read in tx) and
// reports what happened to each; with todayOnly, only reminders whose next
// dose falls before the end of the patient's local day are considered.
func (s *Service) sendExtra(ctx context.Context, tx Store, a identity.Actor, rs []Reminder, now time.Time,
	todayOnly bool) ([]SendOutcome, error) {
	refs, err := tx.Refs(ctx, rs)
	refs.BaseURL = s.baseURL
	if err != nil {
		return nil, err
	}
	out := make([]SendOutcome, 0, len(rs))
	var owners []int // the outcome of each message in ns
	var ns []outbox.NewMessage
	for i := range rs {
		r := rs[i]
		p, _, live := refs.of(r)
		if todayOnly && (r.NextDueAt == nil || !r.NextDueAt.Before(endOfDay(now, zone(p.Timezone)))) {
			continue
		}
		o := SendOutcome{ReminderID: r.ID, PatientID: r.PatientID, PatientName: p.Name, Status: SendSkipped}
		if o.Reason = unsendable(r, p, live); o.Reason != "" {
			out = append(out, o)
			continue
		}
		n, err := compose(refs, r, r.NextDueAt.UTC())
		if err != nil {
			if !unrenderable(err) {
				return nil, err
			}
			o.Reason = SkipRender
			out = append(out, o)
			continue
		}
		sendBefore := now.Add(r.TTL())
		n.SourceID, n.Priority, n.NotBefore, n.SendBefore, n.CreatedBy = r.ID, outbox.PriorityInteractive, now, &sendBefore, a.UserID
		owners = append(owners, len(out))
		ns = append(ns, n)
		out = append(out, o)
	}
	queued, err := s.enqueue(ctx, tx, ns)
	if err != nil {
		return nil, err
	}
	for i, m := range queued {
		o := &out[owners[i]]
		switch {
		case m.Status == outbox.StatusQueued:
			o.Status, o.MessageID = SendQueued, m.ID
		case m.SkipReason != nil:
			o.Reason = *m.SkipReason
		case m.ErrorCode != nil:
			o.Reason = *m.ErrorCode
		default:
			o.Reason = m.Status
		}
	}
	return out, nil
}

// unsendable is why no extra message of r can go to p now ("" when one can);
// live is whether the patient and (for an appointment reminder) the
// appointment are still there.
func unsendable(r Reminder, p patient.Patient, live bool) string {
	switch {
	case p.ID == "":
		return SkipPatientInactive // deleted since the reminder was read
	case !r.IsActive && r.PausedAt != nil:
		return SkipPaused
	case !r.IsActive, !live, r.NextDueAt == nil:
		return SkipFinished
	case !p.IsActive:
		return SkipPatientInactive
	case p.Consent == patient.ConsentRevoked:
		return SkipOptedOut
	case p.Consent != patient.ConsentGranted:
		return SkipNoConsent
	case strings.TrimSpace(p.Phone) == "":
		return SkipNoPhone
	}
	return ""
}

// endOfDay is the first instant of the day after now's date in loc.
func endOfDay(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}
