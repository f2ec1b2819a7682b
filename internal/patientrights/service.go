// Package patientrights answers a patient's rights over their data (SPEC
// §12): export of the whole record as one document, and erasure of every
// copy of their health data while the counts that statistics read stay as
// they were.
//
// Both are for admins only. The package reads and scrubs the tables of the
// other domains directly, each in the few statements it needs; a table a
// later feature adds is covered by registering an Eraser (see Deps.Extra).
package patientrights

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// ActionErase is the audit action of an erasure. Exports are recorded as
// audit.ActionPatientExport naming the one patient.
const ActionErase = "patient.erase"

// Files removes stored uploads (a patient's photo) by their public URL;
// removed is false when the URL is not one of this storage's files.
type Files interface {
	RemoveURL(ctx context.Context, url string) (removed bool, err error)
}

// Subject is the patient being erased, as read before the erasure.
type Subject struct {
	TenantID, PatientID string
	Phone               string // E.164, "" when none
	Name                string
	ExternalID          string
}

// Eraser scrubs the patient from tables another package owns, inside the
// erasure's transaction, and reports what it removed under kind.
type Eraser interface {
	ErasePatient(ctx context.Context, tx *gorm.DB, s Subject) (kind string, n int64, err error)
}

// Deps are the service's collaborators.
type Deps struct {
	DB      *db.DB
	Keyring *crypto.Keyring // nil: the development key
	Clock   clock.Clock
	Files   Files // nil: photos are left where they are stored
	// Extra erasers run in the erasure's transaction after the built-in steps.
	Extra []Eraser
	// OnErase runs after an erasure commits (the patient service forgets its cached totals).
	OnErase func(tenantID string)
}

// Service exports and erases patients.
type Service struct {
	db      *db.DB
	keys    *crypto.Keyring
	clock   clock.Clock
	files   Files
	extra   []Eraser
	onErase func(string)
}

// New builds the service.
func New(d Deps) *Service {
	if d.Keyring == nil {
		d.Keyring = crypto.DevelopmentKeyring()
	}
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	return &Service{db: d.DB, keys: d.Keyring, clock: d.Clock, files: d.Files, extra: d.Extra, onErase: d.OnErase}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// authorize admits the tenant's admins only.
func authorize(a identity.Actor) error {
	if !a.IsAdmin() {
		return fmt.Errorf("only admins export or erase patients: %w", errs.ErrForbidden)
	}
	return nil
}

// load reads the patient, soft-deleted or not, through q; erased tells
// whether it was erased already.
func (s *Service) load(ctx context.Context, q *gorm.DB, tenantID, id string) (p patient.Patient, erased bool, err error) {
	if !ids.Valid(id) {
		return p, false, errs.ErrNotFound
	}
	err = q.WithContext(ctx).Unscoped().Where("tenant_id = ? AND id = ?", tenantID, id).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return p, false, errs.ErrNotFound
	}
	if err != nil {
		return p, false, err
	}
	var n int64
	err = q.WithContext(ctx).Table("audit_events").
		Where("tenant_id = ? AND resource_type = ? AND resource_id = ? AND action = ?", tenantID, patient.ResourceType, id, ActionErase).
		Count(&n).Error
	return p, n > 0, err
}

// open decrypts the patient's sealed fields.
func (s *Service) open(p patient.Patient) (patient.Patient, error) {
	for _, f := range []*string{&p.Diagnosis, &p.CancerStage, &p.Notes} {
		v, err := s.openText(*f)
		if err != nil {
			return p, fmt.Errorf("open patient %s: %w", p.ID, err)
		}
		*f = v
	}
	if p.Tags == nil {
		p.Tags = patient.Tags{}
	}
	return p, nil
}

// openText decrypts a sealed value; a value stored before its column was
// encrypted is returned as it is.
func (s *Service) openText(v string) (string, error) {
	if !crypto.IsSealed(v) {
		return v, nil
	}
	return s.keys.Open(v)
}

func (s *Service) audit(ctx context.Context, q *gorm.DB, a identity.Actor, action, patientID string) error {
	return audit.Write(ctx, q, s.now(), audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: action,
		ResourceType: patient.ResourceType, ResourceID: patientID})
}
