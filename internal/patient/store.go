package patient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Store persists patients. Every method is scoped by tenant; soft-deleted rows
// are invisible. Rows are written exactly as given: the service seals the
// sensitive fields before they get here.
type Store interface {
	// InTx runs fn with a store bound to one transaction.
	InTx(ctx context.Context, fn func(tx Store) error) error
	Get(ctx context.Context, tenantID, id string) (Patient, error)
	// List returns one page and the total number of matches: two statements.
	List(ctx context.Context, tenantID string, q Query) ([]Patient, int64, error)
	Count(ctx context.Context, tenantID string, q Query) (int64, error)
	// Batches calls fn with successive batches of matches in id order (q's sort and paging are ignored).
	Batches(ctx context.Context, tenantID string, q Query, size int, fn func([]Patient) error) error
	Create(ctx context.Context, p Patient) error
	// CreateMany inserts rows with multi-row INSERTs of at most size rows.
	CreateMany(ctx context.Context, ps []Patient, size int) error
	// Update writes every mutable column of p if the stored version is expectVersion,
	// and stores p.Version (which the caller has already bumped).
	Update(ctx context.Context, p Patient, expectVersion int) error
	SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error
	// ExternalIDsInUse returns which of externalIDs live patients of the tenant hold, ignoring exceptID.
	ExternalIDsInUse(ctx context.Context, tenantID string, externalIDs []string, exceptID string) ([]string, error)
	// Events returns the patient's audit events, oldest first, reads excluded.
	Events(ctx context.Context, tenantID, patientID string, limit int) ([]audit.Event, error)
	// Audit appends an audit event (inside the transaction when the store is one).
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
	// Adherence returns, in one statement, the adherence of each of patientIDs
	// (at most a page of them) that had a medication dose due in the 30 days
	// up to now; patients with none are absent.
	Adherence(ctx context.Context, tenantID string, patientIDs []string, now time.Time) (map[string]Adherence, error)
}

// Adherence is the share of a patient's due medication doses that were
// confirmed (on time or late), over the last 7 and 30 days; nil when no dose
// was due in that period.
type Adherence struct {
	Days7, Days30 *float64
}

// Query narrows a listing. Values are already validated by the service.
type Query struct {
	Search              string
	Tag                 string
	Consent             string
	AssignedVolunteerID string // the client's filter
	VisibleTo           string // scope: only patients assigned to this user (volunteers)
	IsActive            *bool
	Sort                string // one of the sort keys; "" is -created_at
	Page, PerPage       int
}

type gormStore struct {
	db      *gorm.DB
	dialect db.Dialect
	dbx     *db.DB
}

var _ Store = (*gormStore)(nil)

// NewStore returns the GORM store.
func NewStore(d *db.DB) Store { return &gormStore{db: d.Gorm, dialect: d.Dialect, dbx: d} }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s *gormStore) InTx(ctx context.Context, fn func(tx Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&gormStore{db: tx, dialect: s.dialect, dbx: s.dbx})
	})
}

func (s *gormStore) Get(ctx context.Context, tenantID, id string) (Patient, error) {
	var p Patient
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&p).Error
	return p, notFound(err)
}

// sortOrders maps sort keys to ORDER BY clauses, each ending in a unique tie-breaker.
var sortOrders = map[string]string{
	"name":        "lower(name) ASC, id ASC",
	"-name":       "lower(name) DESC, id DESC",
	"created_at":  "created_at ASC, id ASC",
	"-created_at": "created_at DESC, id DESC",
	"updated_at":  "updated_at ASC, id ASC",
	"-updated_at": "updated_at DESC, id DESC",
}

func (s *gormStore) filtered(ctx context.Context, tenantID string, q Query) *gorm.DB {
	tx := s.db.WithContext(ctx).Model(&Patient{}).Where("tenant_id = ?", tenantID)
	if q.VisibleTo != "" {
		tx = tx.Where("assigned_volunteer_id = ?", q.VisibleTo)
	}
	if q.AssignedVolunteerID != "" {
		tx = tx.Where("assigned_volunteer_id = ?", q.AssignedVolunteerID)
	}
	if q.Consent != "" {
		tx = tx.Where("consent = ?", q.Consent)
	}
	if q.IsActive != nil {
		tx = tx.Where("is_active = ?", *q.IsActive)
	}
	if q.Tag != "" {
		tx = tx.Where(s.dbx.JSONArrayContains("tags"), q.Tag)
	}
	if search := strings.TrimSpace(q.Search); search != "" {
		conds := []string{`lower(name) LIKE ? ESCAPE '\'`, "external_id = ?"}
		args := []any{"%" + escapeLike(strings.ToLower(search)) + "%", search}
		// Phone digits: "0812 3456" also finds +62812 3456… (national prefix dropped).
		if digits := onlyDigits(search); len(digits) >= 3 {
			conds = append(conds, "phone LIKE ?")
			args = append(args, "%"+digits+"%")
			if rest := strings.TrimLeft(digits, "0"); rest != digits && len(rest) >= 3 {
				conds = append(conds, "phone LIKE ?")
				args = append(args, "%"+rest+"%")
			}
		}
		tx = tx.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	return tx
}

func (s *gormStore) List(ctx context.Context, tenantID string, q Query) ([]Patient, int64, error) {
	var total int64
	if err := s.filtered(ctx, tenantID, q).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Patient{}
	if total == 0 || (q.Page-1)*q.PerPage >= int(total) {
		return out, total, nil
	}
	order, ok := sortOrders[q.Sort]
	if !ok {
		order = sortOrders["-created_at"]
	}
	err := s.filtered(ctx, tenantID, q).Order(order).Limit(q.PerPage).Offset((q.Page - 1) * q.PerPage).Find(&out).Error
	return out, total, err
}

func (s *gormStore) Count(ctx context.Context, tenantID string, q Query) (int64, error) {
	var total int64
	err := s.filtered(ctx, tenantID, q).Count(&total).Error
	return total, err
}

func (s *gormStore) Batches(ctx context.Context, tenantID string, q Query, size int, fn func([]Patient) error) error {
	after := ""
	for {
		var batch []Patient
		tx := s.filtered(ctx, tenantID, q)
		if after != "" {
			tx = tx.Where("id > ?", after)
		}
		if err := tx.Order("id ASC").Limit(size).Find(&batch).Error; err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := fn(batch); err != nil {
			return err
		}
		if len(batch) < size {
			return nil
		}
		after = batch[len(batch)-1].ID
	}
}

func (s *gormStore) Create(ctx context.Context, p Patient) error {
	return uniqueConflict(s.db.WithContext(ctx).Create(&p).Error)
}

func (s *gormStore) CreateMany(ctx context.Context, ps []Patient, size int) error {
	if len(ps) == 0 {
		return nil
	}
	return uniqueConflict(s.db.WithContext(ctx).CreateInBatches(&ps, size).Error)
}

func (s *gormStore) Update(ctx context.Context, p Patient, expectVersion int) error {
	res := s.db.WithContext(ctx).Model(&Patient{}).
		Where("tenant_id = ? AND id = ? AND version = ?", p.TenantID, p.ID, expectVersion).
		Updates(columns(p))
	if err := uniqueConflict(res.Error); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, p.TenantID, p.ID, expectVersion)
	}
	return nil
}

// columns are the mutable columns of p, as a map so that GORM writes zero values
// and keeps the service's updated_at (it would stamp its own time on a struct).
func columns(p Patient) map[string]any {
	return map[string]any{
		"name": p.Name, "phone": p.Phone, "email": p.Email, "birth_date": p.BirthDate, "gender": p.Gender,
		"language": p.Language, "timezone": p.Timezone, "diagnosis": p.Diagnosis, "cancer_stage": p.CancerStage,
		"notes": p.Notes, "tags": p.Tags, "attributes": p.Attributes, "external_id": p.ExternalID,
		"assigned_volunteer_id": p.AssignedVolunteerID, "consent": p.Consent, "consent_at": p.ConsentAt,
		"consent_source": p.ConsentSource, "preferred_channel": p.PreferredChannel,
		"quiet_hours_start": p.QuietHoursStart, "quiet_hours_end": p.QuietHoursEnd,
		"last_visit_date": p.LastVisitDate, "last_surgery_date": p.LastSurgeryDate, "photo_url": p.PhotoURL,
		"is_active": p.IsActive, "updated_at": p.UpdatedAt, "version": p.Version,
	}
}

func (s *gormStore) SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Patient{}).
		Where("tenant_id = ? AND id = ? AND version = ?", tenantID, id, expectVersion).
		Updates(map[string]any{"deleted_at": now, "updated_at": now, "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, tenantID, id, expectVersion)
	}
	return nil
}

// whyNotChanged tells a vanished row (not found) from a stale version (conflict).
func (s *gormStore) whyNotChanged(ctx context.Context, tenantID, id string, expectVersion int) error {
	if _, err := s.Get(ctx, tenantID, id); err != nil {
		return err
	}
	return fmt.Errorf("patient changed since version %d: %w", expectVersion, errs.ErrConflict)
}

func (s *gormStore) ExternalIDsInUse(ctx context.Context, tenantID string, externalIDs []string, exceptID string) ([]string, error) {
	var out []string
	const chunk = 500
	for start := 0; start < len(externalIDs); start += chunk {
		part := externalIDs[start:min(start+chunk, len(externalIDs))]
		tx := s.db.WithContext(ctx).Model(&Patient{}).Where("tenant_id = ? AND external_id IN ?", tenantID, part)
		if exceptID != "" {
			tx = tx.Where("id <> ?", exceptID)
		}
		var found []string
		if err := tx.Pluck("external_id", &found).Error; err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

func (s *gormStore) Events(ctx context.Context, tenantID, patientID string, limit int) ([]audit.Event, error) {
	return audit.NewService(s.db, clock.System{}).ForResource(ctx, tenantID, ResourceType, patientID, limit)
}

func (s *gormStore) Audit(ctx context.Context, now time.Time, e audit.Entry) error {
	return audit.Write(ctx, s.db, now, e)
}

// uniqueConflict turns the (tenant, external_id) unique violation into a client-safe conflict.
func uniqueConflict(err error) error {
	if db.IsUniqueViolation(err) {
		return errs.Conflict("a patient with this external_id already exists")
	}
	return err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// adherenceSQL counts, per patient, the medication doses due in (since30, now]
// and those of them confirmed, and the same since since7. A dose counts once
// its confirmation window has closed or it was confirmed; a dose whose message
// the outbox skipped (too late, no consent, …) never reached the patient and
// does not count.
const adherenceSQL = `SELECT o.patient_id AS patient_id,
  SUM(CASE WHEN o.due_at > ? AND o.state IN ('confirmed','late') THEN 1 ELSE 0 END) AS confirmed7,
  SUM(CASE WHEN o.due_at > ? THEN 1 ELSE 0 END) AS due7,
  SUM(CASE WHEN o.state IN ('confirmed','late') THEN 1 ELSE 0 END) AS confirmed30,
  COUNT(*) AS due30
FROM occurrences o
WHERE o.tenant_id = ? AND o.patient_id IN ? AND o.reminder_type = 'medication' AND o.due_at > ? AND o.due_at <= ?
  AND (o.state IN ('confirmed','late')
       OR ((o.state = 'missed' OR (o.state = 'pending' AND o.confirm_by <= ?))
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = o.message_id AND m.status = 'skipped')))
GROUP BY o.patient_id`

func (s *gormStore) Adherence(ctx context.Context, tenantID string, patientIDs []string, now time.Time) (map[string]Adherence, error) {
	out := make(map[string]Adherence, len(patientIDs))
	if len(patientIDs) == 0 {
		return out, nil
	}
	now = now.UTC()
	since7, since30 := now.AddDate(0, 0, -7), now.AddDate(0, 0, -30)
	var rows []struct {
		PatientID                            string
		Confirmed7, Due7, Confirmed30, Due30 int64
	}
	err := s.db.WithContext(ctx).Raw(adherenceSQL, since7, since7, tenantID, patientIDs, since30, now, now).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	ratio := func(n, d int64) *float64 {
		if d == 0 {
			return nil
		}
		v := float64(n) / float64(d)
		return &v
	}
	for _, r := range rows {
		out[r.PatientID] = Adherence{Days7: ratio(r.Confirmed7, r.Due7), Days30: ratio(r.Confirmed30, r.Due30)}
	}
	return out, nil
}
