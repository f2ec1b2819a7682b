package patient

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// SourceWebhook is the consent source of patients an inbound webhook created.
const SourceWebhook = "webhook"

// Incoming names a patient the way an integration does, by its external id or
// its phone number, with the fields a patient created for the call gets.
type Incoming struct {
	ExternalID string // "" when not given
	Phone      string // as written (national or international form); "" when not given
	// New holds the fields of a patient created for the call; its Phone and
	// ExternalID are ignored (the two above are used), as are consent,
	// assignment and activity: created patients are active, unassigned and
	// wait for consent ("pending").
	New Input
	// Source is recorded as the created patient's consent source, e.g. SourceWebhook.
	Source string
}

// Intake is a validated Incoming, ready for FindOrCreate inside a transaction.
type Intake struct {
	tenantID   string
	externalID string
	phone      string // E.164, "" when not given
	candidate  Patient
	changed    []string
	createErr  error // why candidate cannot be created (a validation error), if it cannot
}

// PrepareIntake checks an Incoming against the tenant's rules before the
// caller opens its transaction: the phone is normalised with the tenant's
// default region (an invalid one is a validation error naming "phone"), and
// the patient that would be created is built and validated; its field errors
// are returned by FindOrCreate only when a patient has to be created.
func (s *Service) PrepareIntake(ctx context.Context, tenantID string, in Incoming) (*Intake, error) {
	region, tz, err := s.dir.TenantDefaults(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	it := &Intake{tenantID: tenantID, externalID: strings.TrimSpace(in.ExternalID)}
	var fe errs.Fields
	switch {
	case utf8.RuneCountInString(it.externalID) > MaxExternalIDLen:
		fe.Add("external_id", fmt.Sprintf("must be at most %d characters", MaxExternalIDLen))
	case strings.ContainsFunc(it.externalID, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		fe.Add("external_id", "must not contain control characters")
	}
	if strings.TrimSpace(in.Phone) != "" {
		if it.phone, err = NormalizePhone(in.Phone, region); err != nil {
			fe.Add("phone", err.Error())
		}
	}
	if it.externalID == "" && it.phone == "" && len(fe) == 0 {
		fe.Add("external_id", "is required when there is no phone")
		fe.Add("phone", "is required when there is no external_id")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}

	now := s.now()
	p := newPatient(identity.Actor{TenantID: tenantID}, now)
	ap := &applier{region: region, now: now}
	nw := in.New
	nw.Phone, nw.ExternalID = in.Phone, nil
	if it.externalID != "" {
		ext := it.externalID
		nw.ExternalID = &ext
	}
	nw.Consent, nw.ConsentSource, nw.AssignedVolunteerID, nw.IsActive = nil, nil, nil, nil
	ap.apply(&p, patchOf(nw))
	fillDefaults(&p, region, tz)
	if in.Source != "" {
		src := in.Source
		p.ConsentSource = &src
		ap.mark("consent_source", true)
	}
	if err := ap.fe.Err(); err != nil {
		it.createErr = err
		return it, nil
	}
	if it.candidate, err = s.seal(p); err != nil {
		return nil, err
	}
	it.changed = ap.changed
	return it, nil
}

// intakeLockKeys are the advisory-lock keys of an intake: one per key it
// looks patients up by, so concurrent intakes of one new patient create it once.
func intakeLockKeys(it *Intake) []int64 {
	var keys []int64
	for _, k := range []string{"ext:" + it.externalID, "phone:" + it.phone} {
		if strings.HasSuffix(k, ":") {
			continue
		}
		h := fnv.New64a()
		_, _ = h.Write([]byte("patient-intake:" + it.tenantID + ":" + k))
		keys = append(keys, int64(h.Sum64()))
	}
	return keys
}

// FindOrCreate resolves an intake inside tx: the live patient of the tenant
// with its external id; else, by phone, the oldest live patient (active ones
// first) with that phone whose external id is unset or the same; else a new
// patient (consent pending, with a patient.create audit event naming no
// user). created tells which. Concurrent calls for the same keys are
// serialised (PostgreSQL advisory locks held until tx ends; SQLite has one
// writer), so they agree on one patient.
func (s *Service) FindOrCreate(ctx context.Context, tx *gorm.DB, it *Intake) (Patient, bool, error) {
	st := s.store.With(tx)
	if err := st.Lock(ctx, intakeLockKeys(it)); err != nil {
		return Patient{}, false, err
	}
	keys := MatchKeys{}
	if it.externalID != "" {
		keys.ExternalIDs = []string{it.externalID}
	}
	if it.phone != "" {
		keys.Phones = []string{it.phone}
	}
	found, err := st.Matching(ctx, it.tenantID, keys)
	if err != nil {
		return Patient{}, false, err
	}
	if p, ok := pickIntakeMatch(found, it); ok {
		p, err = s.open(p)
		return p, false, err
	}
	if it.createErr != nil {
		return Patient{}, false, it.createErr
	}
	p := it.candidate
	if err := st.Create(ctx, p); err != nil {
		if errors.Is(err, errs.ErrConflict) {
			return Patient{}, false, fmt.Errorf("another patient took this external_id meanwhile: %w", err)
		}
		return Patient{}, false, err
	}
	err = st.Audit(ctx, p.CreatedAt, audit.Entry{TenantID: it.tenantID, Action: audit.ActionPatientCreate,
		ResourceType: ResourceType, ResourceID: p.ID, Changes: it.changed})
	if err != nil {
		return Patient{}, false, err
	}
	p, err = s.open(p)
	return p, true, err
}

// pickIntakeMatch chooses among the patients an intake's keys found.
func pickIntakeMatch(found []Patient, it *Intake) (Patient, bool) {
	if it.externalID != "" {
		for _, p := range found {
			if p.ExternalID != nil && *p.ExternalID == it.externalID {
				return p, true
			}
		}
	}
	var byPhone []Patient
	for _, p := range found {
		if it.phone != "" && p.Phone == it.phone && (p.ExternalID == nil || it.externalID == "") {
			byPhone = append(byPhone, p)
		}
	}
	if len(byPhone) == 0 {
		return Patient{}, false
	}
	slices.SortStableFunc(byPhone, func(x, y Patient) int {
		switch {
		case x.IsActive != y.IsActive && x.IsActive:
			return -1
		case x.IsActive != y.IsActive:
			return 1
		}
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return byPhone[0], true
}
