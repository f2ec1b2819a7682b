package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/audit"
)

// AuditEvent is one audit record; it names changed fields, never their values.
type AuditEvent struct {
	ID        string  `json:"id"`
	ActorID   *string `json:"actor_id" extensions:"x-nullable"`
	ActorName string  `json:"actor_name" example:"Demo Admin"`
	// APIKeyID is the API key the action was taken with (actor_id is then the key's creator); null for the dashboard.
	APIKeyID *string `json:"api_key_id" extensions:"x-nullable"`
	// APIKeyName names that key: its name and prefix.
	APIKeyName   string `json:"api_key_name" example:"EMR sync (prima_ab12cd)"`
	Action       string `json:"action" example:"patient.update"`
	ResourceType string `json:"resource_type" example:"patient"`
	ResourceID   string `json:"resource_id"`
	// ResourceIDs are the records a list read showed (action patient.list); empty otherwise.
	ResourceIDs []string  `json:"resource_ids"`
	RequestID   string    `json:"request_id"`
	Changes     []string  `json:"changes" example:"name,phone"`
	CreatedAt   time.Time `json:"created_at"`
}

// AuditEventList is a page of audit events.
type AuditEventList struct {
	Data []AuditEvent `json:"data"`
	Page
}

func toAuditEvent(e audit.Event) AuditEvent {
	return AuditEvent{ID: e.ID, ActorID: e.ActorUserID, ActorName: e.ActorName, APIKeyID: e.APIKeyID, APIKeyName: e.APIKeyName, Action: e.Action, ResourceType: e.ResourceType,
		ResourceID: e.ResourceID, ResourceIDs: e.IDList(), RequestID: e.RequestID, Changes: e.ChangeList(), CreatedAt: e.CreatedAt.UTC()}
}

// listAuditEvents godoc
//
//	@Summary	The audit log (admin)
//	@Tags		audit
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		action			query		string	false	"e.g. patient.read, patient.update, user.approve"
//	@Param		resource_type	query		string	false	"e.g. patient, user"
//	@Param		resource_id		query		string	false	"resource id"
//	@Param		actor_id		query		string	false	"user id of the actor"
//	@Param		from			query		string	false	"RFC 3339, inclusive"
//	@Param		to				query		string	false	"RFC 3339, exclusive"
//	@Param		sort			query		string	false	"order (default -created_at, newest first)"	Enums(-created_at,created_at)
//	@Param		page			query		int		false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param		per_page		query		int		false	"page size"		minimum(1)	maximum(100)
//	@Success	200				{object}	AuditEventList
//	@Failure	400				{object}	Problem
//	@Failure	401				{object}	Problem
//	@Failure	403				{object}	Problem
//	@Router		/api/v1/audit-events [get]
func (s *Server) listAuditEvents(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	from, err := queryTime(c, "from")
	if err != nil {
		return err
	}
	to, err := queryTime(c, "to")
	if err != nil {
		return err
	}
	events, total, err := s.Audit.List(c.Request().Context(), a, audit.Filter{
		Action: c.QueryParam("action"), ResourceType: c.QueryParam("resource_type"), ResourceID: c.QueryParam("resource_id"),
		ActorID: c.QueryParam("actor_id"), From: from, To: to, Sort: lq.Sort, Page: page, PerPage: per})
	if err != nil {
		return err
	}
	out := AuditEventList{Data: make([]AuditEvent, 0, len(events)), Page: Page{Page: page, PerPage: per, Total: total}}
	for _, e := range events {
		out.Data = append(out.Data, toAuditEvent(e))
	}
	return c.JSON(http.StatusOK, out)
}
