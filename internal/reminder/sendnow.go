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
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/schedule"
)

// MaxSendNowIDs bounds the ids of one send-now request.
const MaxSendNowIDs = 500

// SendNow sends reminders' next occurrences now instead of at their due time:
// those of the reminders with the given ids, or, with no ids, of every active
// reminder the actor may see whose next occurrence falls on the patient's
// current day (overdue ones included). Each reminder's next occurrence is
// created as usual (due_at is its scheduled time, so its confirmation window
// and a later tick are not affected) with a message queued at once; the
// reminder then moves on to the occurrence after it. Paused and finished
// reminders, and those of inactive patients, are left alone. It returns the
// number of messages queued. An id the actor cannot see is not found; an
// empty (not absent) list of ids is refused, so a cleared selection never sends
// everything.
func (s *Service) SendNow(ctx context.Context, a identity.Actor, reminderIDs []string) (int, error) {
	if err := requireWrite(a); err != nil {
		return 0, err
	}
	scope, err := visibleTo(a)
	if err != nil {
		return 0, err
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
		return 0, err
	}
	now := s.now()
	queued := 0
	if len(reminderIDs) > 0 {
		err = s.store.InTx(ctx, func(tx Store) error {
			rs, err := tx.LockReminders(ctx, a.TenantID, scope, uniq)
			if err != nil {
				return err
			}
			if len(rs) != len(uniq) {
				return errs.ErrNotFound
			}
			if queued, err = s.sendBatch(ctx, tx, rs, now, false); err != nil {
				return err
			}
			return s.auditSend(ctx, tx, a, uniq, now)
		})
		return queued, err
	}
	// Every reminder due before the end of its patient's day: no local day ends
	// more than a day from now, so that bounds the read; sendBatch checks the rest.
	after := ""
	for {
		var rs []Reminder
		err = s.store.InTx(ctx, func(tx Store) error {
			var err error
			rs, err = tx.LockDueBefore(ctx, a.TenantID, scope, now.Add(24*time.Hour), after, s.batch)
			if err != nil || len(rs) == 0 {
				return err
			}
			n, err := s.sendBatch(ctx, tx, rs, now, true)
			queued += n
			return err
		})
		if err != nil {
			return queued, err
		}
		if len(rs) < s.batch {
			break
		}
		after = rs[len(rs)-1].ID
	}
	err = s.store.InTx(ctx, func(tx Store) error { return s.auditSend(ctx, tx, a, nil, now) })
	return queued, err
}

func (s *Service) auditSend(ctx context.Context, tx Store, a identity.Actor, reminderIDs []string, now time.Time) error {
	id := ""
	if len(reminderIDs) == 1 {
		id = reminderIDs[0]
	}
	return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionSendNow,
		ResourceType: ResourceType, ResourceID: id})
}

// sendBatch sends the next occurrence of each reminder of rs (locked by tx)
// now; with todayOnly, only of those whose next occurrence falls before the end
// of the patient's local day.
func (s *Service) sendBatch(ctx context.Context, tx Store, rs []Reminder, now time.Time, todayOnly bool) (int, error) {
	refs, err := tx.Refs(ctx, rs)
	if err != nil {
		return 0, err
	}
	var dues []due
	var steps []Step
	for i := range rs {
		r := &rs[i]
		if !r.IsActive || r.NextDueAt == nil {
			continue
		}
		p, ap, ok := refs.of(*r)
		if !ok || !p.IsActive {
			continue
		}
		at := r.NextDueAt.UTC()
		if todayOnly && !at.Before(endOfDay(now, zone(p.Timezone))) {
			continue
		}
		sendBefore := at
		if now.After(sendBefore) {
			sendBefore = now
		}
		dues = append(dues, due{r: r, at: at, notBefore: now, sendBefore: sendBefore.Add(r.TTL()),
			priority: outbox.PriorityInteractive})
		var next *time.Time
		if r.Type == TypeAppointment {
			_, next = window(*r, p, ap, at, at)
		} else if t, ok := schedule.Next(r.Schedule.Spec(), zone(p.Timezone), at); ok {
			next = &t
		}
		steps = append(steps, Step{ID: r.ID, NextDueAt: next, MaterializedUntil: at})
	}
	_, messages, err := s.emit(ctx, tx, refs, dues, now)
	if err != nil {
		return 0, err
	}
	return messages, tx.Advance(ctx, steps)
}

// endOfDay is the first instant of the day after now's date in loc.
func endOfDay(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}
