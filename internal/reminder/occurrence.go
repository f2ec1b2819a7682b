package reminder

import (
	"context"
	"errors"
	"gorm.io/gorm"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// confirmable are the states a confirmation may follow: an open dose, one the
// tick called missed, and one whose message never went out (staff may know
// the patient took it anyway).
var confirmable = []string{StatePending, StateMissed, StateSkipped}

// PatientConfirmWindow is how far back a patient's "done" reply reaches for
// an unconfirmed dose.
const PatientConfirmWindow = 24 * time.Hour

// Occurrences returns one page of a reminder's occurrences, newest first, as
// people should see them (see Occurrence.Effective).
func (s *Service) Occurrences(ctx context.Context, a identity.Actor, reminderID string, page, perPage int) ([]Occurrence, int64, error) {
	r, _, err := s.load(ctx, a, reminderID)
	if err != nil {
		return nil, 0, err
	}
	page, perPage = pageOf(page, perPage)
	rows, total, err := s.store.Occurrences(ctx, a.TenantID, r.ID, page, perPage)
	for i := range rows {
		rows[i] = rows[i].Effective()
	}
	return rows, total, err
}

// Confirm records that staff confirmed a dose or visit: confirmed within its
// confirmation window, late after it. Confirming a confirmed occurrence
// changes nothing.
func (s *Service) Confirm(ctx context.Context, a identity.Actor, occurrenceID string) (Occurrence, error) {
	if err := requireWrite(a); err != nil {
		return Occurrence{}, err
	}
	if !ids.Valid(occurrenceID) {
		return Occurrence{}, errs.ErrNotFound
	}
	o, err := s.store.Occurrence(ctx, a.TenantID, occurrenceID)
	if err != nil {
		return Occurrence{}, err
	}
	if _, err := s.patient(ctx, a, o.PatientID); err != nil {
		return Occurrence{}, err
	}
	who, user := ConfirmedByStaff, a.UserID
	return s.confirm(ctx, o, who, &user, s.now(), func(tx Store, now time.Time) error {
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionConfirm,
			ResourceType: ResourceOccurrence, ResourceID: o.ID, Changes: []string{"state"}})
	})
}

// ConfirmFromPatient confirms, for a patient's own reply at at, their most
// recent unconfirmed medication dose due in the PatientConfirmWindow before
// at: confirmed within its window, late after it. found is false when there
// is nothing to confirm. It is for the inbound-message side, which has no
// staff actor.
func (s *Service) ConfirmFromPatient(ctx context.Context, tenantID, patientID string, at time.Time) (o Occurrence, found bool, err error) {
	at = at.UTC().Truncate(time.Microsecond)
	o, err = s.store.LatestOpen(ctx, tenantID, patientID, at.Add(-PatientConfirmWindow), at)
	if errors.Is(err, errs.ErrNotFound) {
		return Occurrence{}, false, nil
	}
	if err != nil {
		return Occurrence{}, false, err
	}
	o, err = s.confirm(ctx, o, ConfirmedByPatient, nil, at, nil)
	return o, err == nil, err
}

// ConfirmReply confirms, inside tx, the dose a patient's reply at at
// answers: the one whose reminder message they replied to (repliedTo) while
// it is open, else their most recent open medication dose due in the
// PatientConfirmWindow before at. Confirmed within its window, late after it;
// found is false when there is nothing to confirm. It is for the inbound
// pipeline, which confirms in the transaction that completes its work.
func (s *Service) ConfirmReply(ctx context.Context, tx *gorm.DB, tenantID, patientID string, repliedTo *string, at time.Time) (bool, error) {
	st := s.store.With(tx)
	at = at.UTC().Truncate(time.Microsecond)
	o, err := Occurrence{}, errs.ErrNotFound
	if repliedTo != nil {
		o, err = st.OpenForMessage(ctx, tenantID, patientID, *repliedTo)
	}
	if errors.Is(err, errs.ErrNotFound) {
		o, err = st.LatestOpen(ctx, tenantID, patientID, at.Add(-PatientConfirmWindow), at)
	}
	if errors.Is(err, errs.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	next := s.confirmed(o, ConfirmedByPatient, nil, at)
	ok, err := st.Confirm(ctx, next, confirmable)
	if err != nil || !ok {
		return ok, err
	}
	return true, s.recordConfirmed(tx, next)
}

// confirmed is o confirmed at at by who: late after its window.
func (s *Service) confirmed(o Occurrence, by string, userID *string, at time.Time) Occurrence {
	next := o
	next.State = StateConfirmed
	if at.After(o.ConfirmBy) {
		next.State = StateLate
	}
	next.ConfirmedAt, next.ConfirmedBy, next.ConfirmedByUserID, next.UpdatedAt = &at, &by, userID, s.now()
	return next
}

func (s *Service) confirm(ctx context.Context, o Occurrence, by string, userID *string, at time.Time,
	also func(tx Store, now time.Time) error) (Occurrence, error) {
	if o.State == StateConfirmed || o.State == StateLate {
		return o.Effective(), nil
	}
	next := s.confirmed(o, by, userID, at)
	err := s.store.InTx(ctx, func(tx Store) error {
		ok, err := tx.Confirm(ctx, next, confirmable)
		if err != nil || !ok { // someone confirmed it first: theirs stands
			return err
		}
		if err := s.recordConfirmed(tx.DB(), next); err != nil {
			return err
		}
		if also != nil {
			return also(tx, next.UpdatedAt)
		}
		return nil
	})
	if err != nil {
		return Occurrence{}, err
	}
	out, err := s.store.Occurrence(ctx, o.TenantID, o.ID)
	return out.Effective(), err
}
