package template

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Store persists templates. Every method is scoped by tenant; soft-deleted rows
// are invisible.
type Store interface {
	// InTx runs fn with a store bound to one transaction.
	InTx(ctx context.Context, fn func(tx Store) error) error
	Get(ctx context.Context, tenantID, id string) (Template, error)
	// List returns one page and the total number of matches: two statements.
	List(ctx context.Context, tenantID string, q Query) ([]Template, int64, error)
	Create(ctx context.Context, t Template) error
	// Update writes every mutable column of t if the stored version is expectVersion,
	// and stores t.Version (which the caller has already bumped).
	Update(ctx context.Context, t Template, expectVersion int) error
	SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error
	// NameInUse reports whether a live template of the tenant other than exceptID
	// has this name (compared case-insensitively).
	NameInUse(ctx context.Context, tenantID, name, exceptID string) (bool, error)
	// TenantName is the tenant's display name, the value of {{clinic}}.
	TenantName(ctx context.Context, tenantID string) (string, error)
	// Audit appends an audit event (inside the transaction when the store is one).
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
}

// Query narrows a listing. Values are already validated by the service.
type Query struct {
	Search        string
	Kind          string
	Sort          string // one of the sort keys; "" is name
	Page, PerPage int
}

type gormStore struct {
	db *gorm.DB
}

var _ Store = (*gormStore)(nil)

// NewStore returns the GORM store.
func NewStore(d *db.DB) Store { return &gormStore{db: d.Gorm} }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s *gormStore) InTx(ctx context.Context, fn func(tx Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&gormStore{db: tx})
	})
}

func (s *gormStore) Get(ctx context.Context, tenantID, id string) (Template, error) {
	var t Template
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&t).Error
	return t, notFound(err)
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
	tx := s.db.WithContext(ctx).Model(&Template{}).Where("tenant_id = ?", tenantID)
	if q.Kind != "" {
		tx = tx.Where("kind = ?", q.Kind)
	}
	if search := strings.TrimSpace(q.Search); search != "" {
		tx = tx.Where(`lower(name) LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(strings.ToLower(search))+"%")
	}
	return tx
}

func (s *gormStore) List(ctx context.Context, tenantID string, q Query) ([]Template, int64, error) {
	var total int64
	if err := s.filtered(ctx, tenantID, q).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Template{}
	if total == 0 || (q.Page-1)*q.PerPage >= int(total) {
		return out, total, nil
	}
	order, ok := sortOrders[q.Sort]
	if !ok {
		order = sortOrders["name"]
	}
	err := s.filtered(ctx, tenantID, q).Order(order).Limit(q.PerPage).Offset((q.Page - 1) * q.PerPage).Find(&out).Error
	return out, total, err
}

func (s *gormStore) Create(ctx context.Context, t Template) error {
	return uniqueConflict(s.db.WithContext(ctx).Create(&t).Error)
}

func (s *gormStore) Update(ctx context.Context, t Template, expectVersion int) error {
	res := s.db.WithContext(ctx).Model(&Template{}).
		Where("tenant_id = ? AND id = ? AND version = ?", t.TenantID, t.ID, expectVersion).
		Updates(map[string]any{
			"name": t.Name, "kind": t.Kind, "bodies": t.Bodies, "kakao_template_code": t.KakaoTemplateCode,
			"kakao_parameters": t.KakaoParameters, "link_article_id": t.LinkArticleID, "updated_at": t.UpdatedAt, "version": t.Version,
		})
	if err := uniqueConflict(res.Error); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, t.TenantID, t.ID, expectVersion)
	}
	return nil
}

func (s *gormStore) SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Template{}).
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
	return fmt.Errorf("template changed since version %d: %w", expectVersion, errs.ErrConflict)
}

func (s *gormStore) NameInUse(ctx context.Context, tenantID, name, exceptID string) (bool, error) {
	tx := s.db.WithContext(ctx).Model(&Template{}).Where("tenant_id = ? AND lower(name) = lower(?)", tenantID, name)
	if exceptID != "" {
		tx = tx.Where("id <> ?", exceptID)
	}
	var n int64
	err := tx.Count(&n).Error
	return n > 0, err
}

func (s *gormStore) TenantName(ctx context.Context, tenantID string) (string, error) {
	var name string
	err := s.db.WithContext(ctx).Table("tenants").Where("id = ?", tenantID).Limit(1).Pluck("name", &name).Error
	return name, err
}

func (s *gormStore) Audit(ctx context.Context, now time.Time, e audit.Entry) error {
	return audit.Write(ctx, s.db, now, e)
}

// errNameTaken is the conflict of a duplicate name.
var errNameTaken = errs.Conflict("a template with this name already exists")

// uniqueConflict turns the (tenant, lower(name)) unique violation into a client-safe conflict.
func uniqueConflict(err error) error {
	if db.IsUniqueViolation(err) {
		return errNameTaken
	}
	return err
}
