package user

import (
	"context"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// Directory answers other domains' questions about tenants and users.
type Directory struct{ db *gorm.DB }

// NewDirectory returns the directory over the database.
func NewDirectory(d *db.DB) *Directory { return &Directory{db: d.Gorm} }

// TenantDefaults returns a tenant's default phone region and time zone.
func (d *Directory) TenantDefaults(ctx context.Context, tenantID string) (region, timezone string, err error) {
	var t Tenant
	if err := d.db.WithContext(ctx).Select("default_region", "timezone").Where("id = ?", tenantID).Take(&t).Error; err != nil {
		return "", "", notFound(err)
	}
	return t.DefaultRegion, t.Timezone, nil
}

// IsAssignable reports whether userID is an approved, active volunteer or admin of the tenant,
// i.e. someone a patient can be assigned to.
func (d *Directory) IsAssignable(ctx context.Context, tenantID, userID string) (bool, error) {
	var n int64
	err := d.db.WithContext(ctx).Model(&User{}).
		Where("tenant_id = ? AND id = ? AND status = ? AND is_active = ? AND role IN ?", tenantID, userID, StatusApproved, true,
			[]string{identity.RoleVolunteer, identity.RoleAdmin}).
		Count(&n).Error
	return n > 0, err
}
