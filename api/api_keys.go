package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/apikey"
	"github.com/prima-health/prima/internal/user"
)

// APIKey is a key integrations call the API with (`Authorization: Bearer
// prima_…`). key, the whole secret, is in the response of create only; prefix
// is what the dashboard shows to recognise it.
type APIKey struct {
	ID         string     `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f81"`
	Name       string     `json:"name" example:"EMR sync"`
	Prefix     string     `json:"prefix" example:"prima_ab12cd"`
	Scopes     []string   `json:"scopes" enums:"read,write,send" example:"read,write"`
	CreatedBy  string     `json:"created_by" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f82"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at" extensions:"x-nullable"`
	ExpiresAt  *time.Time `json:"expires_at" extensions:"x-nullable"`
	RevokedAt  *time.Time `json:"revoked_at" extensions:"x-nullable"`
	Key        string     `json:"key,omitempty" example:"prima_ab12cd3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8t9u"`
}

// APIKeyList is a page of API keys, newest first.
type APIKeyList struct {
	Data []APIKey `json:"data"`
	Page
}

// APIKeyInput creates an API key. scopes: read (every GET, previews), write
// (create, change, delete), send (anything that messages a patient);
// developers may create read keys only. expires_at is optional (at most 5 years ahead).
type APIKeyInput struct {
	Name      string     `json:"name" example:"EMR sync"`
	Scopes    []string   `json:"scopes" enums:"read,write,send" example:"read,write"`
	ExpiresAt *time.Time `json:"expires_at,omitempty" extensions:"x-nullable"`
}

func toAPIKey(k apikey.Key, plain string) APIKey {
	return APIKey{ID: k.ID, Name: k.Name, Prefix: k.Prefix, Scopes: k.ScopeList(), CreatedBy: k.CreatedBy,
		CreatedAt: k.CreatedAt.UTC(), LastUsedAt: timePtr(k.LastUsedAt), ExpiresAt: timePtr(k.ExpiresAt),
		RevokedAt: timePtr(k.RevokedAt), Key: plain}
}

// keyResolver turns a verified API key into the caller it stands for (nil
// when the server has no key service, e.g. in narrow tests).
func (s *Server) keyResolver() middleware.KeyResolver {
	if s.Keys == nil {
		return nil
	}
	return keyPrincipals{keys: s.Keys, users: s.Users}
}

type keyPrincipals struct {
	keys  *apikey.Service
	users *user.Service
}

func (r keyPrincipals) ResolveKey(ctx context.Context, token string) (user.Principal, error) {
	k, err := r.keys.Authenticate(ctx, token)
	if err != nil {
		return user.Principal{}, err
	}
	return r.users.KeyPrincipal(ctx, k)
}

// listAPIKeys godoc
//
//	@Summary		List API keys (admin, developer)
//	@Description	Revoked and expired keys included, newest first. Never the keys themselves. Dashboard sessions only: an API key cannot list keys.
//	@Tags			api-keys
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"session"
//	@Param			page		query		int	false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int	false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	APIKeyList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/api-keys [get]
func (s *Server) listAPIKeys(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	pg, per, err := paging(c)
	if err != nil {
		return err
	}
	rows, total, err := s.Keys.List(c.Request().Context(), a, pg, per)
	if err != nil {
		return err
	}
	out := APIKeyList{Data: make([]APIKey, 0, len(rows)), Page: Page{Page: pg, PerPage: per, Total: total}}
	for _, k := range rows {
		out.Data = append(out.Data, toAPIKey(k, ""))
	}
	return c.JSON(http.StatusOK, out)
}

// createAPIKey godoc
//
//	@Summary		Create an API key (admin, developer)
//	@Description	Answers the key with `key` (`prima_…`), shown this once: PRIMA keeps only a hash. Call the API with `Authorization: Bearer prima_…`. Developers may create `read` keys only. Dashboard sessions only: an API key cannot create keys. Send an Idempotency-Key to make retries safe.
//	@Tags			api-keys
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"session"
//	@Param			Idempotency-Key	header		string		false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		APIKeyInput	true	"the key"
//	@Success		201				{object}	APIKey
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/api-keys [post]
func (s *Server) createAPIKey(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req APIKeyInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	k, err := s.Keys.Create(c.Request().Context(), a, apikey.Input{Name: req.Name, Scopes: req.Scopes, ExpiresAt: req.ExpiresAt})
	if err != nil {
		return err
	}
	return created(c, toAPIKey(k.Key, k.Plain))
}

// revokeAPIKey godoc
//
//	@Summary		Revoke an API key (admin, developer)
//	@Description	The key is refused (401) from the next request on, on every server. Revoking a revoked key changes nothing. The key stays listed, with `revoked_at`. Dashboard sessions only.
//	@Tags			api-keys
//	@Security		BearerAuth
//	@x-required-scope	"session"
//	@Param			id	path	string	true	"API key id"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/api-keys/{id} [delete]
func (s *Server) revokeAPIKey(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := s.Keys.Revoke(c.Request().Context(), a, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
