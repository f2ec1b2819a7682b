package user

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Store persists tenants and users.
type Store interface {
	TenantByOrgKey(ctx context.Context, key string) (Tenant, error)
	TenantByID(ctx context.Context, id string) (Tenant, error)
	CreateTenant(ctx context.Context, t Tenant) error
	UserByClerkID(ctx context.Context, tenantID, clerkUserID string) (User, error)
	UsersByClerkID(ctx context.Context, clerkUserID string) ([]User, error)
	CountUsers(ctx context.Context, tenantID string) (int64, error)
	CreateUser(ctx context.Context, u User) error
	Get(ctx context.Context, tenantID, id string) (User, error)
	List(ctx context.Context, tenantID string, f ListFilter) ([]User, int64, error)
	// Update writes u if its stored version is expectVersion; bumps the version.
	Update(ctx context.Context, u User, expectVersion int) (User, error)
	UpdateProfile(ctx context.Context, clerkUserID, name, email string, now time.Time) error
	DeactivateAll(ctx context.Context, clerkUserID string, now time.Time) error
	Touch(ctx context.Context, id string, now time.Time) error
}

// ListFilter narrows a user listing.
type ListFilter struct {
	Status, Role, Search string
	Sort                 string // one of ListSorts; "" is created_at
	Page, PerPage        int
}

// ListSorts are the orders of a user listing.
var ListSorts = []string{"created_at", "-created_at", "name", "-name"}

// listOrders maps ListSorts to ORDER BY clauses, each ending in a unique tie-breaker.
var listOrders = map[string]string{
	"created_at":  "created_at ASC, id ASC",
	"-created_at": "created_at DESC, id DESC",
	"name":        "lower(name) ASC, id ASC",
	"-name":       "lower(name) DESC, id DESC",
}

type gormStore struct{ db *gorm.DB }

var _ Store = (*gormStore)(nil)

// NewStore returns the GORM store.
func NewStore(d *db.DB) Store { return &gormStore{db: d.Gorm} }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s *gormStore) TenantByOrgKey(ctx context.Context, key string) (Tenant, error) {
	var t Tenant
	err := s.db.WithContext(ctx).Where("clerk_org_id = ?", key).Take(&t).Error
	return t, notFound(err)
}

func (s *gormStore) TenantByID(ctx context.Context, id string) (Tenant, error) {
	var t Tenant
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&t).Error
	return t, notFound(err)
}

func (s *gormStore) CreateTenant(ctx context.Context, t Tenant) error {
	err := s.db.WithContext(ctx).Create(&t).Error
	if db.IsUniqueViolation(err) {
		return errs.ErrConflict
	}
	return err
}

func (s *gormStore) UserByClerkID(ctx context.Context, tenantID, clerkUserID string) (User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND clerk_user_id = ?", tenantID, clerkUserID).Take(&u).Error
	return u, notFound(err)
}

func (s *gormStore) UsersByClerkID(ctx context.Context, clerkUserID string) ([]User, error) {
	var out []User
	err := s.db.WithContext(ctx).Where("clerk_user_id = ?", clerkUserID).Find(&out).Error
	return out, err
}

func (s *gormStore) CountUsers(ctx context.Context, tenantID string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&User{}).Where("tenant_id = ?", tenantID).Count(&n).Error
	return n, err
}

func (s *gormStore) CreateUser(ctx context.Context, u User) error {
	err := s.db.WithContext(ctx).Create(&u).Error
	if db.IsUniqueViolation(err) {
		return errs.ErrConflict
	}
	return err
}

func (s *gormStore) Get(ctx context.Context, tenantID, id string) (User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&u).Error
	return u, notFound(err)
}

func (s *gormStore) List(ctx context.Context, tenantID string, f ListFilter) ([]User, int64, error) {
	q := s.db.WithContext(ctx).Model(&User{}).Where("tenant_id = ?", tenantID)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.Search != "" {
		like := "%" + strings.ToLower(f.Search) + "%"
		q = q.Where("lower(name) LIKE ? OR lower(email) LIKE ?", like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []User
	order, ok := listOrders[f.Sort]
	if !ok {
		order = listOrders["created_at"]
	}
	err := q.Order(order).Limit(f.PerPage).Offset((f.Page - 1) * f.PerPage).Find(&out).Error
	return out, total, err
}

func (s *gormStore) Update(ctx context.Context, u User, expectVersion int) (User, error) {
	u.Version = expectVersion + 1
	res := s.db.WithContext(ctx).Model(&User{}).
		Where("tenant_id = ? AND id = ? AND version = ?", u.TenantID, u.ID, expectVersion).
		Updates(map[string]any{"role": u.Role, "status": u.Status, "is_active": u.IsActive, "updated_at": u.UpdatedAt, "version": u.Version})
	if res.Error != nil {
		return User{}, res.Error
	}
	if res.RowsAffected == 0 {
		if _, err := s.Get(ctx, u.TenantID, u.ID); err != nil {
			return User{}, err
		}
		return User{}, fmt.Errorf("user changed since version %d: %w", expectVersion, errs.ErrConflict)
	}
	return u, nil
}

func (s *gormStore) UpdateProfile(ctx context.Context, clerkUserID, name, email string, now time.Time) error {
	return s.db.WithContext(ctx).Model(&User{}).Where("clerk_user_id = ?", clerkUserID).
		Updates(map[string]any{"name": name, "email": email, "updated_at": now}).Error
}

func (s *gormStore) DeactivateAll(ctx context.Context, clerkUserID string, now time.Time) error {
	return s.db.WithContext(ctx).Model(&User{}).Where("clerk_user_id = ?", clerkUserID).
		Updates(map[string]any{"is_active": false, "updated_at": now, "version": gorm.Expr("version + 1")}).Error
}

func (s *gormStore) Touch(ctx context.Context, id string, now time.Time) error {
	return s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).UpdateColumn("last_seen_at", now).Error
}
