package user

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/testutil"
)

// Resolve reads the tenant and the user once per PrincipalTTL; approval, role
// and active changes, Clerk user events and settings changes show at once.
func TestResolveReusesPrincipalsUntilTheyChange(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		log := testutil.NewSQLLog()
		logged := log.Logged(d)
		users := NewService(NewStore(logged), audit.NewService(logged.Gorm, clk), clk, Defaults{Region: "ID", Timezone: "Asia/Jakarta"})
		settings := NewSettingsService(logged, clk, []string{"log"})
		settings.OnChange(users.ForgetTenant)
		_, admin := signIn(t, users, "user_admin", "org_a")
		member := identity.Claims{UserID: "user_member", OrgID: "org_a", OrgSlug: "org_a", OrgRole: "org:member"}
		resolve := func(c identity.Claims, wantSQL int) Principal {
			t.Helper()
			log.Take()
			p, err := users.Resolve(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if got := log.Take(); len(got) != wantSQL {
				t.Fatalf("resolve ran %d statements, want %d: %q", len(got), wantSQL, got)
			}
			return p
		}
		p := resolve(member, 5) // tenant, user (none), count users, create user, …
		if p.User.Status != StatusPending {
			t.Fatalf("a new member: %+v", p.User)
		}
		clk.Advance(PrincipalTTL - time.Second)
		if _, err := Actor(resolve(member, 0)); !errors.Is(err, errs.ErrApprovalPending) {
			t.Fatalf("pending: %v", err)
		}

		// Approval, a role change and deactivation by an admin show at once.
		if _, err := users.Approve(ctx, admin, p.User.ID, identity.RoleVolunteer); err != nil {
			t.Fatal(err)
		}
		if a, err := Actor(resolve(member, 2)); err != nil || a.Role != identity.RoleVolunteer {
			t.Fatalf("approved: %+v %v", a, err)
		}
		role := identity.RoleDeveloper
		if _, err := users.Update(ctx, admin, p.User.ID, Patch{Role: &role}); err != nil {
			t.Fatal(err)
		}
		if a, _ := Actor(resolve(member, 2)); a.Role != identity.RoleDeveloper {
			t.Fatalf("role change: %+v", a)
		}
		off := false
		if _, err := users.Update(ctx, admin, p.User.ID, Patch{IsActive: &off}); err != nil {
			t.Fatal(err)
		}
		if _, err := Actor(resolve(member, 2)); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("deactivated: %v", err)
		}

		// Settings changes refresh the tenant of every cached user of it.
		resolve(identity.Claims{UserID: "user_admin", OrgID: "org_a"}, 0)
		tz := "Asia/Seoul"
		if _, err := settings.Update(ctx, admin, SettingsPatch{Timezone: &tz}); err != nil {
			t.Fatal(err)
		}
		if got := resolve(identity.Claims{UserID: "user_admin", OrgID: "org_a"}, 2); got.Tenant.Timezone != tz {
			t.Fatalf("tenant after a settings change: %+v", got.Tenant)
		}

		// A Clerk user.deleted event deactivates every membership at once.
		if err := users.SyncDeleted(ctx, "user_admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := Actor(resolve(identity.Claims{UserID: "user_admin", OrgID: "org_a"}, 2)); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("deleted in Clerk: %v", err)
		}

		// A change behind the service's back (another replica) shows once the TTL has passed.
		other, _ := signIn(t, users, "user_other", "org_b")
		if err := d.Gorm.Exec("UPDATE users SET role = 'developer' WHERE id = ?", other.User.ID).Error; err != nil {
			t.Fatal(err)
		}
		if got := resolve(identity.Claims{UserID: "user_other", OrgID: "org_b"}, 0); got.User.Role != identity.RoleAdmin {
			t.Fatalf("within the TTL: %+v", got.User)
		}
		clk.Advance(PrincipalTTL)
		if got := resolve(identity.Claims{UserID: "user_other", OrgID: "org_b"}, 2); got.User.Role != identity.RoleDeveloper {
			t.Fatalf("after the TTL: %+v", got.User)
		}
		// last_seen_at still moves every few minutes while the principal is cached.
		clk.Advance(touchEvery + time.Second)
		resolve(identity.Claims{UserID: "user_other", OrgID: "org_b"}, 3) // tenant, user, touch: the TTL passed too
		clk.Advance(PrincipalTTL - time.Second)
		resolve(identity.Claims{UserID: "user_other", OrgID: "org_b"}, 0)
	})
}
