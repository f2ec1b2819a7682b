// Package identity verifies session tokens (Clerk's, and development sign-in
// tokens through the very same path) and describes who is calling.
package identity

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Roles a user can hold inside a tenant.
const (
	RoleAdmin     = "admin"
	RoleVolunteer = "volunteer"
	RoleDeveloper = "developer"
)

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	return r == RoleAdmin || r == RoleVolunteer || r == RoleDeveloper
}

// Claims is what a verified session token says about its holder.
type Claims struct {
	UserID    string // Clerk user id (sub)
	SessionID string
	OrgID     string // active organization, empty for a personal session
	OrgSlug   string
	OrgRole   string // "org:admin", "org:member", …
	Email     string // only in development tokens
	Name      string // only in development tokens
}

// IsOrgAdmin reports whether the token holder administers its organization.
func (c Claims) IsOrgAdmin() bool {
	return c.OrgRole == "org:admin" || c.OrgRole == "admin"
}

// Actor is an authenticated, approved user acting inside one tenant.
type Actor struct {
	UserID   string
	TenantID string
	Role     string
	Name     string
	// APIKeyID is set when an API key acts: UserID is then the user who
	// created the key, and Role is admin narrowed by the key's scopes.
	APIKeyID string
}

// IsAdmin reports whether the actor administers the tenant.
func (a Actor) IsAdmin() bool { return a.Role == RoleAdmin }

// CanWrite reports whether the actor may change tenant data (developers only read).
func (a Actor) CanWrite() bool { return a.Role == RoleAdmin || a.Role == RoleVolunteer }

// API key scopes (SPEC §4.1). Every route needs one of them, or a session.
const (
	ScopeRead  = "read"  // every GET, and POSTs that only compute (previews, validation)
	ScopeWrite = "write" // creating, changing and deleting tenant data
	ScopeSend  = "send"  // anything that sends a message to a patient
)

// Scopes lists the API key scopes in display order.
var Scopes = []string{ScopeRead, ScopeWrite, ScopeSend}

// ValidScope reports whether s is a known API key scope.
func ValidScope(s string) bool { return s == ScopeRead || s == ScopeWrite || s == ScopeSend }

// APIKey is a verified API key: who it belongs to and what it may do.
type APIKey struct {
	ID        string
	TenantID  string
	Name      string
	Prefix    string
	Scopes    []string
	CreatedBy string // the user who created it
	CreatedAt time.Time
}

// Has reports whether the key holds scope.
func (k APIKey) Has(scope string) bool {
	for _, s := range k.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// ErrInvalidToken means the token failed verification; the reason stays internal.
var ErrInvalidToken = errors.New("invalid session token")

// Verifier turns a bearer token into claims.
type Verifier interface {
	Verify(ctx context.Context, token string) (Claims, error)
}

// BearerToken extracts the token of an "Authorization: Bearer …" header value.
func BearerToken(header string) string {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}
