// Package identity verifies session tokens (Clerk's, and development sign-in
// tokens through the very same path) and describes who is calling.
package identity

import (
	"context"
	"errors"
	"strings"
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
}

// IsAdmin reports whether the actor administers the tenant.
func (a Actor) IsAdmin() bool { return a.Role == RoleAdmin }

// CanWrite reports whether the actor may change tenant data (developers only read).
func (a Actor) CanWrite() bool { return a.Role == RoleAdmin || a.Role == RoleVolunteer }

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
