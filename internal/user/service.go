package user

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// Auditor records approvals and role changes.
type Auditor interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Defaults are the settings a new tenant starts with.
type Defaults struct {
	Region   string
	Timezone string
}

// Service provisions users and tenants and manages approval and roles.
type Service struct {
	store      Store
	audit      Auditor
	clock      clock.Clock
	defaults   Defaults
	principals *principals // see Resolve
}

// NewService builds the user service.
func NewService(store Store, a Auditor, c clock.Clock, d Defaults) *Service {
	return &Service{store: store, audit: a, clock: c, defaults: d, principals: newPrincipals()}
}

const touchEvery = 5 * time.Minute

// resolve reads (or provisions) the tenant and the user of Resolve.
func (s *Service) resolve(ctx context.Context, c identity.Claims) (Principal, error) {
	if c.UserID == "" {
		return Principal{}, errs.ErrUnauthenticated
	}
	t, err := s.tenantFor(ctx, c)
	if err != nil {
		return Principal{}, err
	}
	u, err := s.store.UserByClerkID(ctx, t.ID, c.UserID)
	if errors.Is(err, errs.ErrNotFound) {
		u, err = s.provision(ctx, t, c)
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.clock.Now()
	if u.LastSeenAt == nil || now.Sub(*u.LastSeenAt) > touchEvery {
		if err := s.store.Touch(ctx, u.ID, now); err != nil {
			return Principal{}, err
		}
		u.LastSeenAt = &now
	}
	return Principal{User: u, Tenant: t}, nil
}

func (s *Service) tenantFor(ctx context.Context, c identity.Claims) (Tenant, error) {
	key, name := c.OrgID, c.OrgSlug
	if key == "" {
		key = PersonalOrgKey(c.UserID)
		name = strings.TrimSpace(c.Name + " (personal)")
	}
	if name == "" || name == "(personal)" {
		name = key
	}
	t, err := s.store.TenantByOrgKey(ctx, key)
	if !errors.Is(err, errs.ErrNotFound) {
		return t, err
	}
	now := s.clock.Now()
	t = Tenant{ID: ids.New(), ClerkOrgID: key, Name: name, DefaultRegion: s.defaults.Region,
		Timezone: s.defaults.Timezone, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := s.store.CreateTenant(ctx, t); err != nil {
		if errors.Is(err, errs.ErrConflict) { // created concurrently
			return s.store.TenantByOrgKey(ctx, key)
		}
		return Tenant{}, err
	}
	return t, nil
}

func (s *Service) provision(ctx context.Context, t Tenant, c identity.Claims) (User, error) {
	n, err := s.store.CountUsers(ctx, t.ID)
	if err != nil {
		return User{}, err
	}
	now := s.clock.Now()
	u := User{ID: ids.New(), TenantID: t.ID, ClerkUserID: c.UserID, Email: c.Email, Name: c.Name,
		Role: identity.RoleVolunteer, Status: StatusPending, IsActive: true, CreatedAt: now, UpdatedAt: now, Version: 1}
	if n == 0 || c.IsOrgAdmin() {
		u.Role, u.Status = identity.RoleAdmin, StatusApproved
	}
	if u.Name == "" {
		u.Name = c.UserID
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		if errors.Is(err, errs.ErrConflict) {
			return s.store.UserByClerkID(ctx, t.ID, c.UserID)
		}
		return User{}, err
	}
	return u, nil
}

// Actor turns a principal into an actor allowed to work, or says why not.
func Actor(p Principal) (identity.Actor, error) {
	switch {
	case !p.User.IsActive || p.User.Status == StatusRejected:
		return identity.Actor{}, errs.ErrForbidden
	case p.User.Status == StatusPending:
		return identity.Actor{}, errs.ErrApprovalPending
	}
	if p.Key != nil {
		return identity.Actor{UserID: p.User.ID, TenantID: p.Tenant.ID, Role: identity.RoleAdmin, Name: p.User.Name,
			APIKeyID: p.Key.ID}, nil
	}
	return identity.Actor{UserID: p.User.ID, TenantID: p.Tenant.ID, Role: p.User.Role, Name: p.User.Name}, nil
}

func requireAdmin(a identity.Actor) error {
	if !a.IsAdmin() {
		return fmt.Errorf("only admins manage users: %w", errs.ErrForbidden)
	}
	return nil
}

// Get returns one user of the actor's tenant; admins only.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (User, error) {
	if err := requireAdmin(a); err != nil {
		return User{}, err
	}
	return s.store.Get(ctx, a.TenantID, id)
}

// List returns the tenant's users; admins only.
func (s *Service) List(ctx context.Context, a identity.Actor, f ListFilter) ([]User, int64, error) {
	if err := requireAdmin(a); err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	if f.Status != "" && f.Status != StatusPending && f.Status != StatusApproved && f.Status != StatusRejected {
		fe.Add("status", "must be pending, approved or rejected")
	}
	if f.Role != "" && !identity.ValidRole(f.Role) {
		fe.Add("role", "must be admin, volunteer or developer")
	}
	if f.Sort != "" && !slices.Contains(ListSorts, f.Sort) {
		fe.Add("sort", "must be one of created_at, -created_at, name, -name")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	return s.store.List(ctx, a.TenantID, f)
}

// Approve lets a pending (or rejected) user in, optionally with a role.
func (s *Service) Approve(ctx context.Context, a identity.Actor, id, role string) (User, error) {
	if role != "" && !identity.ValidRole(role) {
		return User{}, errs.Invalid("role", "must be admin, volunteer or developer")
	}
	u, err := s.Get(ctx, a, id)
	if err != nil {
		return User{}, err
	}
	changes := []string{"status"}
	u.Status = StatusApproved
	if role != "" && role != u.Role {
		u.Role = role
		changes = append(changes, "role")
	}
	return s.save(ctx, a, u, u.Version, audit.ActionUserApprove, changes)
}

// Reject refuses a user; they keep getting 403.
func (s *Service) Reject(ctx context.Context, a identity.Actor, id string) (User, error) {
	u, err := s.Get(ctx, a, id)
	if err != nil {
		return User{}, err
	}
	if u.ID == a.UserID {
		return User{}, errs.Invalid("id", "you cannot reject yourself")
	}
	u.Status = StatusRejected
	return s.save(ctx, a, u, u.Version, audit.ActionUserReject, []string{"status"})
}

// Patch is a partial change of a user; nil fields stay as they are.
type Patch struct {
	Role     *string
	IsActive *bool
	Version  *int
}

// Update changes a user's role or active flag.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, p Patch) (User, error) {
	if p.Role != nil && !identity.ValidRole(*p.Role) {
		return User{}, errs.Invalid("role", "must be admin, volunteer or developer")
	}
	u, err := s.Get(ctx, a, id)
	if err != nil {
		return User{}, err
	}
	expect := u.Version
	if p.Version != nil {
		expect = *p.Version
	}
	var changes []string
	action := audit.ActionUserUpdate
	if p.Role != nil && *p.Role != u.Role {
		if u.ID == a.UserID && *p.Role != identity.RoleAdmin {
			return User{}, errs.Invalid("role", "you cannot remove your own admin role")
		}
		u.Role = *p.Role
		changes = append(changes, "role")
		action = audit.ActionUserRoleChange
	}
	if p.IsActive != nil && *p.IsActive != u.IsActive {
		if u.ID == a.UserID && !*p.IsActive {
			return User{}, errs.Invalid("is_active", "you cannot deactivate yourself")
		}
		u.IsActive = *p.IsActive
		changes = append(changes, "is_active")
	}
	if len(changes) == 0 {
		if expect != u.Version {
			return User{}, fmt.Errorf("user changed since version %d: %w", expect, errs.ErrConflict)
		}
		return u, nil
	}
	return s.save(ctx, a, u, expect, action, changes)
}

func (s *Service) save(ctx context.Context, a identity.Actor, u User, expect int, action string, changes []string) (User, error) {
	u.UpdatedAt = s.clock.Now()
	saved, err := s.store.Update(ctx, u, expect)
	if err != nil {
		return User{}, err
	}
	s.forgetUser(u.ID)
	err = s.audit.Record(ctx, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: action,
		ResourceType: "user", ResourceID: u.ID, Changes: changes})
	return saved, err
}

// ClerkUser is the part of a Clerk user event PRIMA keeps.
type ClerkUser struct {
	ID, Name, Email string
}

// SyncCreated provisions a personal tenant for a new Clerk user who has none yet.
func (s *Service) SyncCreated(ctx context.Context, cu ClerkUser) error {
	existing, err := s.store.UsersByClerkID(ctx, cu.ID)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		defer s.forgetClerkUser(cu.ID)
		return s.store.UpdateProfile(ctx, cu.ID, cu.Name, cu.Email, s.clock.Now())
	}
	_, err = s.Resolve(ctx, identity.Claims{UserID: cu.ID, Name: cu.Name, Email: cu.Email})
	return err
}

// SyncUpdated copies a Clerk user's name and email to every membership.
func (s *Service) SyncUpdated(ctx context.Context, cu ClerkUser) error {
	defer s.forgetClerkUser(cu.ID)
	return s.store.UpdateProfile(ctx, cu.ID, cu.Name, cu.Email, s.clock.Now())
}

// SyncDeleted deactivates every membership of a deleted Clerk user.
func (s *Service) SyncDeleted(ctx context.Context, clerkUserID string) error {
	defer s.forgetClerkUser(clerkUserID)
	return s.store.DeactivateAll(ctx, clerkUserID, s.clock.Now())
}
