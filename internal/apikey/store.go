package apikey

import (
	"context"
	"errors"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// store persists keys. Every method but byHash and touch is scoped by tenant.
type store struct{ db *gorm.DB }

func newStore(d *db.DB) *store { return &store{db: d.Gorm} }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

// create inserts k and its audit event in one transaction.
func (s *store) create(ctx context.Context, k Key, e audit.Entry) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&k).Error; err != nil {
			return err
		}
		return audit.Write(ctx, tx, k.CreatedAt, e)
	})
}

// list returns one page of the tenant's keys, newest first.
func (s *store) list(ctx context.Context, tenantID string, page, perPage int) ([]Key, int64, error) {
	q := s.db.WithContext(ctx).Model(&Key{}).Where("tenant_id = ?", tenantID)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Key
	err := q.Order("created_at DESC, id DESC").Limit(perPage).Offset((page - 1) * perPage).Find(&out).Error
	return out, total, err
}

func (s *store) get(ctx context.Context, tenantID, id string) (Key, error) {
	var k Key
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&k).Error
	return k, notFound(err)
}

// revoke marks a key revoked (once: a revoked key keeps its first revocation)
// and records e, in one transaction. It reports whether this call revoked it.
func (s *store) revoke(ctx context.Context, tenantID, id, by string, now time.Time, e audit.Entry) (bool, error) {
	var revoked bool
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Key{}).Where("tenant_id = ? AND id = ? AND revoked_at IS NULL", tenantID, id).
			Updates(map[string]any{"revoked_at": now, "revoked_by": by})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		revoked = true
		return audit.Write(ctx, tx, now, e)
	})
	return revoked, err
}

// byHash finds a key of any tenant by the hash of its plaintext.
func (s *store) byHash(ctx context.Context, hash string) (Key, error) {
	var k Key
	err := s.db.WithContext(ctx).Where("key_hash = ?", hash).Take(&k).Error
	return k, notFound(err)
}

// touch records a use, unless one at or after notBefore is recorded already
// (another request or server process got there first).
func (s *store) touch(ctx context.Context, id string, now, notBefore time.Time) error {
	return s.db.WithContext(ctx).Model(&Key{}).
		Where("id = ? AND (last_used_at IS NULL OR last_used_at < ?)", id, notBefore).
		Update("last_used_at", now).Error
}
