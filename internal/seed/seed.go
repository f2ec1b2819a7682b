// Package seed loads demo data: the demo clinic that development sign-in
// enters, its admin and volunteer, and a handful of patients, so a fresh
// `make run` shows a dashboard that is not empty.
package seed

import (
	"context"
	"fmt"
	"github.com/prima-health/prima/internal/conversation"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/user"
	"github.com/prima-health/prima/internal/workflow"
)

// Services are what the demo data is created through (so it obeys every rule).
type Services struct {
	Users        *user.Service
	Patients     *patient.Service
	Templates    *template.Service
	Reminders    *reminder.Service
	Appointments *appointment.Service
	Bodies       outbox.Bodies // seals the history's message bodies
	// Conversations receives the demo patients' messages (nil: none).
	Conversations *conversation.Service
	// Workflows gets the demo workflows (nil: none).
	Workflows *workflow.Service
}

// Demo seeds an empty database and reports whether it did.
func Demo(ctx context.Context, d *db.DB, svc Services, clk clock.Clock) (bool, error) {
	users := svc.Users
	var tenants int64
	if err := d.Gorm.WithContext(ctx).Model(&user.Tenant{}).Count(&tenants).Error; err != nil {
		return false, err
	}
	if tenants > 0 {
		return false, nil
	}
	admin, err := users.Resolve(ctx, claims(identity.RoleAdmin))
	if err != nil {
		return false, fmt.Errorf("demo admin: %w", err)
	}
	if err := renameTenant(ctx, d, admin.Tenant.ID); err != nil {
		return false, err
	}
	users.ForgetTenant(admin.Tenant.ID) // renamed behind the user service, which caches tenants
	adminActor, err := user.Actor(admin)
	if err != nil {
		return false, err
	}
	vol, err := users.Resolve(ctx, claims(identity.RoleVolunteer))
	if err != nil {
		return false, fmt.Errorf("demo volunteer: %w", err)
	}
	if _, err := users.Approve(ctx, adminActor, vol.User.ID, identity.RoleVolunteer); err != nil {
		return false, fmt.Errorf("approve demo volunteer: %w", err)
	}
	ids, err := demoPatients(ctx, svc.Patients, adminActor, vol.User.ID)
	if err != nil {
		return false, fmt.Errorf("demo patients: %w", err)
	}
	doses, err := demoCare(ctx, svc, adminActor, ids, clk.Now())
	if err != nil {
		return false, fmt.Errorf("demo reminders: %w", err)
	}
	if err := demoHistory(ctx, d, svc.Bodies, admin.Tenant.ID, doses, clk.Now()); err != nil {
		return false, fmt.Errorf("demo history: %w", err)
	}
	if err := demoConversations(ctx, svc.Conversations, clk.Now()); err != nil {
		return false, fmt.Errorf("demo conversations: %w", err)
	}
	if err := demoWorkflows(ctx, svc.Workflows, adminActor, ids); err != nil {
		return false, fmt.Errorf("demo workflows: %w", err)
	}
	return true, nil
}

// DemoTenantName is the demo clinic's name.
const DemoTenantName = "PRIMA Demo Clinic"

func renameTenant(ctx context.Context, d *db.DB, id string) error {
	return d.Gorm.WithContext(ctx).Model(&user.Tenant{}).Where("id = ?", id).Update("name", DemoTenantName).Error
}

func claims(role string) identity.Claims {
	p, _ := identity.DevProfileFor(role)
	return identity.Claims{UserID: p.UserID, OrgID: identity.DevOrgID, OrgSlug: identity.DevOrgSlug,
		OrgRole: "org:" + p.OrgRole, Email: p.Email, Name: p.Name}
}
