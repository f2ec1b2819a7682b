package apikey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/valid"
)

// Audit actions and the resource type keys are recorded under.
const (
	ActionCreate = "api_key.create"
	ActionRevoke = "api_key.revoke"
	ResourceType = "api_key"
)

// Limits of the input.
const (
	MaxNameLen = 100
	// MaxLifetime bounds expires_at.
	MaxLifetime = 5 * 365 * 24 * time.Hour
	// TouchEvery is how stale last_used_at may get: a key in constant use
	// costs one write per this interval, not one per request.
	TouchEvery                 = time.Minute
	DefaultPerPage, MaxPerPage = 50, 100
)

// Input is a new key.
type Input struct {
	Name      string
	Scopes    []string
	ExpiresAt *time.Time
}

// Created is a new key and its plaintext, which is never available again.
type Created struct {
	Key
	Plain string
}

// Service manages and verifies keys.
type Service struct {
	store *store
	clock clock.Clock
}

// NewService builds the key service.
func NewService(d *db.DB, c clock.Clock) *Service { return &Service{store: newStore(d), clock: c} }

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// requireManage lets admins and developers manage keys, never another key:
// a key that could mint keys would outlive its own revocation.
func requireManage(a identity.Actor) error {
	if a.APIKeyID != "" {
		return errs.Forbidden("API keys cannot manage API keys; sign in to the dashboard.")
	}
	if a.Role != identity.RoleAdmin && a.Role != identity.RoleDeveloper {
		return errs.Forbidden("Only admins and developers manage API keys.")
	}
	return nil
}

// Create issues a key; the plaintext is returned once.
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Created, error) {
	if err := requireManage(a); err != nil {
		return Created{}, err
	}
	now := s.now()
	scopes, err := s.validate(a, &in, now)
	if err != nil {
		return Created{}, err
	}
	plain, prefix := newToken()
	k := Key{ID: ids.New(), TenantID: a.TenantID, Name: in.Name, Prefix: prefix, KeyHash: hashToken(plain),
		Scopes: strings.Join(scopes, ","), CreatedBy: a.UserID, CreatedAt: now, ExpiresAt: in.ExpiresAt}
	changes := []string{"name", "scopes"}
	if in.ExpiresAt != nil {
		changes = append(changes, "expires_at")
	}
	err = s.store.create(ctx, k, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionCreate,
		ResourceType: ResourceType, ResourceID: k.ID, Changes: changes})
	if err != nil {
		return Created{}, err
	}
	return Created{Key: k, Plain: plain}, nil
}

// validate checks in, trims its name and returns its scopes in canonical order.
func (s *Service) validate(a identity.Actor, in *Input, now time.Time) ([]string, error) {
	var fe errs.Fields
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		fe.Add("name", "is required")
	case !valid.Text(in.Name):
		fe.Add("name", valid.TextMessage)
	case utf8.RuneCountInString(in.Name) > MaxNameLen:
		fe.Add("name", fmt.Sprintf("must be at most %d characters", MaxNameLen))
	}
	seen := map[string]bool{}
	if len(in.Scopes) == 0 {
		fe.Add("scopes", "is required: one or more of read, write, send")
	}
	for i, sc := range in.Scopes {
		field := fmt.Sprintf("scopes[%d]", i)
		switch {
		case !identity.ValidScope(sc):
			fe.AddCode(field, "invalid_enum", "must be one of read, write, send")
		case seen[sc]:
			fe.AddCode(field, "duplicate", "is listed twice")
		case sc != identity.ScopeRead && a.Role == identity.RoleDeveloper:
			// Developers only read: a key may not do more than its creator.
			fe.AddCode(field, "not_allowed", "developers may only create read keys")
		}
		seen[sc] = true
	}
	if in.ExpiresAt != nil {
		t := in.ExpiresAt.UTC().Truncate(time.Microsecond)
		in.ExpiresAt = &t
		switch {
		case !t.After(now):
			fe.AddCode("expires_at", "out_of_range", "must be in the future")
		case t.Sub(now) > MaxLifetime:
			fe.AddCode("expires_at", "out_of_range", "must be at most 5 years from now")
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var out []string
	for _, sc := range identity.Scopes {
		if seen[sc] {
			out = append(out, sc)
		}
	}
	return out, nil
}

// List returns one page of the tenant's keys (revoked and expired included), newest first.
func (s *Service) List(ctx context.Context, a identity.Actor, page, perPage int) ([]Key, int64, error) {
	if err := requireManage(a); err != nil {
		return nil, 0, err
	}
	if page < 1 {
		page = 1
	}
	if perPage <= 0 {
		perPage = DefaultPerPage
	}
	perPage = min(perPage, MaxPerPage)
	return s.store.list(ctx, a.TenantID, page, perPage)
}

// Revoke stops a key at once; revoking a revoked key changes nothing.
// Another tenant's key is errs.ErrNotFound.
func (s *Service) Revoke(ctx context.Context, a identity.Actor, id string) error {
	if err := requireManage(a); err != nil {
		return err
	}
	if _, err := s.store.get(ctx, a.TenantID, id); err != nil {
		return err
	}
	_, err := s.store.revoke(ctx, a.TenantID, id, a.UserID, s.now(), audit.Entry{TenantID: a.TenantID,
		ActorUserID: a.UserID, Action: ActionRevoke, ResourceType: ResourceType, ResourceID: id,
		Changes: []string{"revoked_at"}})
	return err
}

// Authenticate verifies a plaintext key: unknown, revoked and expired keys
// are errs.ErrUnauthenticated (checked on every request, so a revocation
// takes effect at once). A use is recorded at most once per TouchEvery.
func (s *Service) Authenticate(ctx context.Context, token string) (identity.APIKey, error) {
	if !wellFormed(token) {
		return identity.APIKey{}, errs.ErrUnauthenticated
	}
	k, err := s.store.byHash(ctx, hashToken(token))
	if errors.Is(err, errs.ErrNotFound) {
		return identity.APIKey{}, errs.ErrUnauthenticated
	}
	if err != nil {
		return identity.APIKey{}, err
	}
	now := s.now()
	if !k.usable(now) {
		return identity.APIKey{}, errs.ErrUnauthenticated
	}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= TouchEvery {
		if err := s.store.touch(ctx, k.ID, now, now.Add(-TouchEvery)); err != nil {
			return identity.APIKey{}, err
		}
	}
	return k.Identity(), nil
}
