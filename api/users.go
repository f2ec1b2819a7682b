package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/user"
)

// User is a member of the caller's tenant.
type User struct {
	ID          string     `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f70"`
	ClerkUserID string     `json:"clerk_user_id" example:"user_2abc"`
	Email       string     `json:"email" example:"siti@example.org"`
	Name        string     `json:"name" example:"Siti Rahma"`
	Role        string     `json:"role" enums:"admin,volunteer,developer" example:"volunteer"`
	Status      string     `json:"status" enums:"pending,approved,rejected" example:"approved"`
	IsActive    bool       `json:"is_active" example:"true"`
	LastSeenAt  *time.Time `json:"last_seen_at" extensions:"x-nullable"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Version     int        `json:"version" example:"1"`
}

// UserList is a page of users.
type UserList struct {
	Data []User `json:"data"`
	Page
}

// Tenant is the caller's organization.
type Tenant struct {
	ID            string `json:"id"`
	Name          string `json:"name" example:"Klinik Harapan"`
	DefaultRegion string `json:"default_region" example:"ID"`
	Timezone      string `json:"timezone" example:"Asia/Jakarta"`
}

// Me is the caller: user, role, tenant and approval state.
type Me struct {
	User   User   `json:"user"`
	Tenant Tenant `json:"tenant"`
}

// ApproveUserRequest optionally sets the role while approving.
type ApproveUserRequest struct {
	Role *string `json:"role,omitempty" enums:"admin,volunteer,developer"`
}

// UserPatch changes a user's role or active flag.
type UserPatch struct {
	Role     *string `json:"role,omitempty" enums:"admin,volunteer,developer"`
	IsActive *bool   `json:"is_active,omitempty"`
	Version  *int    `json:"version,omitempty" example:"1"`
}

func toUser(u user.User) User {
	return User{ID: u.ID, ClerkUserID: u.ClerkUserID, Email: u.Email, Name: u.Name, Role: u.Role, Status: u.Status,
		IsActive: u.IsActive, LastSeenAt: timePtr(u.LastSeenAt), CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC(), Version: u.Version}
}

// me godoc
//
//	@Summary		The caller
//	@Description	User, role, tenant and approval state. Answers for pending users too, so the dashboard can say they wait for approval.
//	@Tags			identity
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Success		200	{object}	Me
//	@Failure		401	{object}	Problem
//	@Router			/api/v1/me [get]
func (s *Server) me(c echo.Context) error {
	p := middleware.PrincipalFrom(c)
	if p == nil {
		return errs.ErrUnauthenticated
	}
	return c.JSON(http.StatusOK, Me{User: toUser(p.User), Tenant: Tenant{ID: p.Tenant.ID, Name: p.Tenant.Name,
		DefaultRegion: p.Tenant.DefaultRegion, Timezone: p.Tenant.Timezone}})
}

// listUsers godoc
//
//	@Summary	List the tenant's users (admin)
//	@Tags		users
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"session"
//	@Param		status		query		string	false	"approval state"	Enums(pending,approved,rejected)
//	@Param		role		query		string	false	"role"				Enums(admin,volunteer,developer)
//	@Param		search		query		string	false	"name or email contains"
//	@Param		sort		query		string	false	"order (default created_at)"	Enums(created_at,-created_at,name,-name)
//	@Param		page		query		int		false	"page (from 1)"		minimum(1)	maximum(1000000)
//	@Param		per_page	query		int		false	"page size"			minimum(1)	maximum(100)
//	@Success	200			{object}	UserList
//	@Failure	400			{object}	Problem
//	@Failure	401			{object}	Problem
//	@Failure	403			{object}	Problem
//	@Router		/api/v1/users [get]
func (s *Server) listUsers(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	users, total, err := s.Users.List(c.Request().Context(), a, user.ListFilter{
		Status: c.QueryParam("status"), Role: c.QueryParam("role"), Search: c.QueryParam("search"), Sort: lq.Sort,
		Page: page, PerPage: per})
	if err != nil {
		return err
	}
	out := UserList{Data: make([]User, 0, len(users)), Page: Page{Page: page, PerPage: per, Total: total}}
	for _, u := range users {
		out.Data = append(out.Data, toUser(u))
	}
	return c.JSON(http.StatusOK, out)
}

// approveUser godoc
//
//	@Summary	Approve a user (admin)
//	@Tags		users
//	@Accept		json
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"session"
//	@Param		id		path		string				true	"user id"
//	@Param		body	body		ApproveUserRequest	false	"optional role"
//	@Success	200		{object}	User
//	@Failure	400		{object}	Problem
//	@Failure	401		{object}	Problem
//	@Failure	403		{object}	Problem
//	@Failure	404		{object}	Problem
//	@Failure	409		{object}	Problem
//	@Router		/api/v1/users/{id}/approve [post]
func (s *Server) approveUser(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req ApproveUserRequest
	if c.Request().ContentLength != 0 {
		if _, err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	role := ""
	if req.Role != nil {
		role = *req.Role
	}
	u, err := s.Users.Approve(c.Request().Context(), a, id, role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUser(u))
}

// rejectUser godoc
//
//	@Summary	Reject a user (admin)
//	@Tags		users
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"session"
//	@Param		id	path		string	true	"user id"
//	@Success	200	{object}	User
//	@Failure	400	{object}	Problem
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/users/{id}/reject [post]
func (s *Server) rejectUser(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	u, err := s.Users.Reject(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUser(u))
}

// updateUser godoc
//
//	@Summary		Change a user's role or active flag (admin)
//	@Description	Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			users
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"session"
//	@Param			id		path		string		true	"user id"
//	@Param			body	body		UserPatch	true	"changes"
//	@Success		200		{object}	User
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		409		{object}	Problem
//	@Router			/api/v1/users/{id} [patch]
func (s *Server) updateUser(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req UserPatch
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	version := req.Version
	if err := applyIfMatch(c, &version); err != nil {
		return err
	}
	u, err := s.Users.Update(c.Request().Context(), a, id, user.Patch{Role: req.Role, IsActive: req.IsActive, Version: version})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUser(u))
}
