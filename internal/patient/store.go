package patient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/audit"
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
	// With is the store bound to a transaction another service opened.
	With(tx *gorm.DB) Store
	// DB is the handle the store works on (the transaction inside InTx), for
	// events recorded with a change.
	DB() *gorm.DB
	// Lock takes transaction-scoped locks on keys (PostgreSQL advisory locks;
	// nothing on SQLite, whose single writer serialises transactions). The
	// store must be bound to a transaction.
	Lock(ctx context.Context, keys []int64) error
	Get(ctx context.Context, tenantID, id string) (Patient, error)
	// Page returns one page of matches: one statement.
	Page(ctx context.Context, tenantID string, q Query, now time.Time) ([]Patient, error)
	// Count is the number of matches: one statement.
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
	// Matching returns the live patients of the tenant (active or not) that any key names, each once.
	Matching(ctx context.Context, tenantID string, k MatchKeys) ([]Patient, error)
	// ExternalIDsInUse returns which of externalIDs live patients of the tenant hold, ignoring exceptID.
	ExternalIDsInUse(ctx context.Context, tenantID string, externalIDs []string, exceptID string) ([]string, error)
	// Audit appends an audit event (inside the transaction when the store is one).
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
	// Adherence returns, in one statement, the adherence (internal/adherence)
	// of each of patientIDs (at most a page of them) over the 7 and 30 days up
	// to now; patients with no settled dose in 30 days are absent.
	Adherence(ctx context.Context, tenantID string, patientIDs []string, now time.Time) (map[string]Adherence, error)
}

// Adherence is a patient's adherence over the last 7 and 30 days, as
// internal/adherence defines it; nil when no dose settled in that period.
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

func (s *gormStore) DB() *gorm.DB { return s.db }

func (s *gormStore) With(tx *gorm.DB) Store {
	return &gormStore{db: tx, dialect: s.dialect, dbx: s.dbx}
}

func (s *gormStore) Lock(ctx context.Context, keys []int64) error {
	return s.dbx.LockKeys(s.db.WithContext(ctx), keys)
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
		args := []any{"%" + db.EscapeLike(strings.ToLower(search)) + "%", search}
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

func (s *gormStore) Page(ctx context.Context, tenantID string, q Query, now time.Time) ([]Patient, error) {
	order, ok := sortOrders[q.Sort]
	if !ok {
		order = sortOrders["-created_at"]
	}
	page := s.filtered(ctx, tenantID, q).Select(pageColumns).Order(order).Limit(q.PerPage).Offset((q.Page - 1) * q.PerPage)
	adh := adherence.NewPageRead(7, 30)
	stmt, args := adh.SQL(s.dbx, tenantID, now, order)
	rows, err := s.db.WithContext(ctx).Raw(stmt, append([]any{page}, args...)...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]Patient, 0, q.PerPage)
	for rows.Next() {
		var p Patient
		if err := rows.Scan(append(patientDest(&p), adh.Dest()...)...); err != nil {
			return nil, err
		}
		if f := adh.Figures(); f != nil {
			p.Adherence7d, p.Adherence30d = f[7].Ratio(), f[30].Ratio()
		}
		out = append(out, p)
	}
	return out, rows.Err()
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

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (s *gormStore) Adherence(ctx context.Context, tenantID string, patientIDs []string, now time.Time) (map[string]Adherence, error) {
	figs, err := adherence.ForPatients(ctx, s.dbx, s.db, tenantID, patientIDs, now, 7, 30)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Adherence, len(figs))
	for id, f := range figs {
		out[id] = Adherence{Days7: f[7].Ratio(), Days30: f[30].Ratio()}
	}
	return out, nil
}
