package middleware

import (
	"log/slog"

	"context"
	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/user"
)

const (
	principalKey = "prima.principal"
	actorKey     = "prima.actor"
)

// Resolver provisions or finds the user a verified token stands for.
type Resolver interface {
	Resolve(ctx context.Context, c identity.Claims) (user.Principal, error)
}

// Authenticate verifies the session token (Authorization: Bearer, or the
// __session cookie) and resolves the caller's tenant and user. Any failure is
// 401 before a handler runs.
func Authenticate(v identity.Verifier, r Resolver) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			token := identity.BearerToken(c.Request().Header.Get(echo.HeaderAuthorization))
			if token == "" {
				if ck, err := c.Cookie("__session"); err == nil {
					token = ck.Value
				}
			}
			if token == "" {
				return errs.ErrUnauthenticated
			}
			ctx := c.Request().Context()
			claims, err := v.Verify(ctx, token)
			if err != nil {
				logging.From(ctx).Info("session token refused", slog.String("reason", err.Error()))
				return errs.ErrUnauthenticated
			}
			p, err := r.Resolve(ctx, claims)
			if err != nil {
				return err
			}
			c.Set(principalKey, &p)
			return next(c)
		}
	}
}

// RequireApproved lets only approved, active users through (403 approval_pending
// or forbidden otherwise) and makes the actor available to handlers.
func RequireApproved(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := PrincipalFrom(c)
		if p == nil {
			return errs.ErrUnauthenticated
		}
		a, err := user.Actor(*p)
		if err != nil {
			return err
		}
		c.Set(actorKey, a)
		return next(c)
	}
}

// PrincipalFrom returns the authenticated caller, or nil.
func PrincipalFrom(c echo.Context) *user.Principal {
	p, _ := c.Get(principalKey).(*user.Principal)
	return p
}

// ActorFrom returns the approved actor set by RequireApproved.
func ActorFrom(c echo.Context) (identity.Actor, bool) {
	a, ok := c.Get(actorKey).(identity.Actor)
	return a, ok
}
