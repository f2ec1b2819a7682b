package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
)

// PublicConfig tells the dashboard how to sign in.
type PublicConfig struct {
	Environment         string `json:"environment" enums:"development,production" example:"development"`
	DevAuth             bool   `json:"dev_auth" example:"true"`
	ClerkPublishableKey string `json:"clerk_publishable_key" example:""`
	Version             string `json:"version" example:"v1.0.0"`
}

// DevSignInRequest picks the demo identity.
type DevSignInRequest struct {
	Role string `json:"role" enums:"admin,volunteer" example:"admin"`
}

// DevSignInResponse is a short-lived session token for the demo identity.
type DevSignInResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// publicConfig godoc
//
//	@Summary	How the dashboard signs in
//	@Tags		identity
//	@Produce	json
//	@Success	200	{object}	PublicConfig
//	@Router		/api/v1/config [get]
func (s *Server) publicConfig(c echo.Context) error {
	return c.JSON(http.StatusOK, PublicConfig{Environment: s.Config.Env, DevAuth: s.DevIssuer != nil,
		ClerkPublishableKey: s.Config.Clerk.PublishableKey, Version: s.Version})
}

// devSignIn godoc
//
//	@Summary		Development sign-in
//	@Description	Only when PRIMA_DEV_AUTH is on (never in production): a one-hour session token for the demo admin or demo volunteer of the demo clinic, verified like a Clerk token.
//	@Tags			identity
//	@Accept			json
//	@Produce		json
//	@Param			body	body		DevSignInRequest	true	"which demo identity"
//	@Success		200		{object}	DevSignInResponse
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Router			/api/v1/dev/sign-in [post]
func (s *Server) devSignIn(c echo.Context) error {
	if s.DevIssuer == nil {
		return errs.ErrNotFound
	}
	var req DevSignInRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	profile, ok := identity.DevProfileFor(req.Role)
	if !ok {
		return errs.Invalid("role", "must be admin or volunteer")
	}
	tok, exp, err := s.DevIssuer.Mint(profile)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, DevSignInResponse{Token: tok, ExpiresAt: exp.UTC()})
}
