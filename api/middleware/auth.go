package middleware

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/apikey"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/platform/reqctx"
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

// KeyResolver verifies an API key (a bearer token starting "prima_") and
// resolves the principal it stands for; a bad key is errs.ErrUnauthenticated.
type KeyResolver interface {
	ResolveKey(ctx context.Context, token string) (user.Principal, error)
}

// FailedAuthLimit bounds refused session tokens per client address: past
// PerMinute in a minute, the address's requests with a token are answered
// 429 (with Retry-After) before the token is looked at.
type FailedAuthLimit struct {
	Limiter   ratelimit.Limiter
	PerMinute int // 0: no limit
}

// Authenticate verifies the session token (Authorization: Bearer, or the
// __session cookie) or the API key (Authorization: Bearer prima_…; keys is
// nil when the server takes none) and resolves the caller's tenant and user.
// Any failure is 401 before a handler runs; an address with too many
// failures is 429.
func Authenticate(v identity.Verifier, r Resolver, keys KeyResolver, fl FailedAuthLimit) echo.MiddlewareFunc {
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
			if err := fl.check(c); err != nil {
				return err
			}
			if keys != nil && apikey.IsKey(token) {
				p, err := keys.ResolveKey(ctx, token)
				if err != nil {
					if errors.Is(err, errs.ErrUnauthenticated) {
						logging.From(ctx).Info("API key refused")
						fl.fail(c)
					}
					return err
				}
				ctx = reqctx.WithAPIKeyID(ctx, p.Key.ID)
				c.SetRequest(c.Request().WithContext(ctx))
				c.Set(principalKey, &p)
				return next(c)
			}
			claims, err := v.Verify(ctx, token)
			if err != nil {
				logging.From(ctx).Info("session token refused", slog.String("reason", err.Error()))
				fl.fail(c)
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

func (fl FailedAuthLimit) key(c echo.Context) string { return "authfail:" + c.RealIP() }

// check refuses an address that used up its failures in this window.
func (fl FailedAuthLimit) check(c echo.Context) error {
	if fl.Limiter == nil || fl.PerMinute <= 0 {
		return nil
	}
	ctx := c.Request().Context()
	res, err := fl.Limiter.Peek(ctx, fl.key(c), fl.PerMinute, time.Minute)
	if err != nil {
		logging.From(ctx).Warn("rate limiter unavailable", slog.String("error", err.Error()))
		return nil
	}
	if res.Allowed {
		return nil
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(res.Reset.Seconds()+0.999)))
	return echo.NewHTTPError(http.StatusTooManyRequests)
}

// fail counts one refused token for the caller's address.
func (fl FailedAuthLimit) fail(c echo.Context) {
	if fl.Limiter == nil || fl.PerMinute <= 0 {
		return
	}
	ctx := c.Request().Context()
	if _, err := fl.Limiter.Allow(ctx, fl.key(c), fl.PerMinute, time.Minute); err != nil {
		logging.From(ctx).Warn("rate limiter unavailable", slog.String("error", err.Error()))
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

// RequireScope lets an API key through only when it holds scope; session
// callers pass (their role decides). scope "" marks a dashboard-only route
// (users, API keys) that no key may call.
func RequireScope(scope string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := PrincipalFrom(c)
			if p == nil || p.Key == nil {
				return next(c)
			}
			if scope == "" {
				return errs.Forbidden("API keys cannot call this endpoint; sign in to the dashboard.")
			}
			if !p.Key.Has(scope) {
				return errs.Forbidden("This API key lacks the " + scope + " scope.")
			}
			return next(c)
		}
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
