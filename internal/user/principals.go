package user

import (
	"container/list"
	"context"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
)

// PrincipalTTL is how long Resolve reuses a principal it resolved, instead of
// reading the tenant and the user again on every request. Changes made
// through this process's services (approval, rejection, role and active
// changes, Clerk user events, tenant settings) drop the affected principals
// at once; a change made through another replica reaches this one within
// PrincipalTTL, which bounds how long, for example, a deactivated user keeps
// access there.
const PrincipalTTL = 30 * time.Second

// maxPrincipals bounds the cache (least recently used out first).
const maxPrincipals = 10_000

// principalKey is what a token's principal is looked up by: the Clerk user
// and the tenant key (organization id, or the personal key).
type principalKey struct{ clerkUserID, orgKey string }

type principalEntry struct {
	key principalKey
	p   Principal
	at  time.Time
}

// principals is an in-process LRU cache of resolved principals.
type principals struct {
	mu    sync.Mutex
	gen   uint64 // bumped by every invalidation
	order *list.List
	items map[principalKey]*list.Element
}

func newPrincipals() *principals {
	return &principals{order: list.New(), items: map[principalKey]*list.Element{}}
}

// get returns a principal resolved less than PrincipalTTL before now, and the
// generation to store a freshly resolved one with.
func (c *principals) get(k principalKey, now time.Time) (Principal, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		return Principal{}, false, c.gen
	}
	e := el.Value.(*principalEntry)
	if now.Before(e.at) || now.Sub(e.at) >= PrincipalTTL {
		c.order.Remove(el)
		delete(c.items, k)
		return Principal{}, false, c.gen
	}
	c.order.MoveToFront(el)
	return e.p, true, c.gen
}

// put stores a principal resolved at now, unless something was invalidated
// since gen (the principal may predate that change).
func (c *principals) put(k principalKey, p Principal, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el, ok := c.items[k]; ok {
		el.Value = &principalEntry{key: k, p: p, at: now}
		c.order.MoveToFront(el)
		return
	}
	c.items[k] = c.order.PushFront(&principalEntry{key: k, p: p, at: now})
	for c.order.Len() > maxPrincipals {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*principalEntry).key)
	}
}

// touched records a new last_seen_at in a cached principal, keeping its age.
func (c *principals) touched(k principalKey, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		e := *el.Value.(*principalEntry)
		e.p.User.LastSeenAt = &at
		el.Value = &e
	}
}

// forget drops the principals drop reports, and keeps any resolution in
// flight from storing what it read.
func (c *principals) forget(drop func(Principal) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for k, el := range c.items {
		if drop(el.Value.(*principalEntry).p) {
			c.order.Remove(el)
			delete(c.items, k)
		}
	}
}

// orgKey is the tenant key of the token's tenant.
func orgKey(c identity.Claims) string {
	if c.OrgID != "" {
		return c.OrgID
	}
	return PersonalOrgKey(c.UserID)
}

// Resolve finds or provisions the tenant and the user a verified token stands
// for, reusing what it found for the same Clerk user and tenant within
// PrincipalTTL (no SQL then, but a last_seen_at update every few minutes).
// The first user of a tenant, and an organization admin, becomes an approved
// admin; anyone else waits for approval as a volunteer.
func (s *Service) Resolve(ctx context.Context, c identity.Claims) (Principal, error) {
	if c.UserID == "" {
		return Principal{}, errs.ErrUnauthenticated
	}
	k := principalKey{c.UserID, orgKey(c)}
	now := s.clock.Now()
	p, ok, gen := s.principals.get(k, now)
	if !ok {
		var err error
		if p, err = s.resolve(ctx, c); err != nil {
			return Principal{}, err
		}
		s.principals.put(k, p, now, gen)
		return p, nil
	}
	if p.User.LastSeenAt == nil || now.Sub(*p.User.LastSeenAt) > touchEvery {
		if err := s.store.Touch(ctx, p.User.ID, now); err != nil {
			return Principal{}, err
		}
		p.User.LastSeenAt = &now
		s.principals.touched(k, now)
	}
	return p, nil
}

// KeyPrincipal is the caller behind a verified API key: its tenant, and its
// creator standing as an approved admin whom the key's scopes narrow. The
// key keeps working when its creator leaves; an admin revokes it.
func (s *Service) KeyPrincipal(ctx context.Context, k identity.APIKey) (Principal, error) {
	t, err := s.store.TenantByID(ctx, k.TenantID)
	if err != nil {
		return Principal{}, err
	}
	u := User{ID: k.CreatedBy, TenantID: t.ID, Name: "API key " + k.Name + " (" + k.Prefix + ")",
		Role: identity.RoleAdmin, Status: StatusApproved, IsActive: true, CreatedAt: k.CreatedAt, UpdatedAt: k.CreatedAt, Version: 1}
	return Principal{User: u, Tenant: t, Key: &k}, nil
}

// ForgetTenant drops the cached principals of a tenant whose settings changed.
func (s *Service) ForgetTenant(tenantID string) {
	s.principals.forget(func(p Principal) bool { return p.Tenant.ID == tenantID })
}

// forgetUser drops the cached principals of a user (membership) id.
func (s *Service) forgetUser(id string) {
	s.principals.forget(func(p Principal) bool { return p.User.ID == id })
}

// forgetClerkUser drops the cached principals of every membership of a Clerk user.
func (s *Service) forgetClerkUser(clerkUserID string) {
	s.principals.forget(func(p Principal) bool { return p.User.ClerkUserID == clerkUserID })
}
