package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/webhook"
)

// Webhook is an inbound trigger webhook: third-party systems post to its url,
// signed with its secret, to find or create a patient and start the bound
// workflow. secret is in the responses of create and rotate-secret only.
type Webhook struct {
	ID         string  `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f80"`
	Name       string  `json:"name" example:"EMR surgery bookings"`
	WorkflowID *string `json:"workflow_id" extensions:"x-nullable"`
	IsActive   bool    `json:"is_active" example:"true"`
	URL        string  `json:"url" example:"https://prima.example.org/api/v1/hooks/in/0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f80"`
	Secret     string  `json:"secret,omitempty" example:"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"`
	// PreviousSecretExpiresAt is when the secret replaced by the last rotation stops verifying calls.
	PreviousSecretExpiresAt *time.Time `json:"previous_secret_expires_at" extensions:"x-nullable"`
	CreatedAt               time.Time  `json:"created_at"`
	UpdatedAt               time.Time  `json:"updated_at"`
	LastCalledAt            *time.Time `json:"last_called_at" extensions:"x-nullable"`
	Version                 int        `json:"version" example:"1"`
}

// WebhookList is a page of webhooks.
type WebhookList struct {
	Data []Webhook `json:"data"`
	Page
}

// WebhookInput creates a webhook. workflow_id binds it to a workflow of the
// organization; is_active defaults to true.
type WebhookInput struct {
	Name       string  `json:"name" example:"EMR surgery bookings"`
	WorkflowID *string `json:"workflow_id,omitempty" extensions:"x-nullable"`
	IsActive   *bool   `json:"is_active,omitempty" example:"true"`
}

// WebhookPatch changes some fields of a webhook: absent fields stay, null
// workflow_id unbinds it. version (or If-Match) refuses stale writes with 409.
type WebhookPatch struct {
	Name       *string `json:"name,omitempty"`
	WorkflowID *string `json:"workflow_id,omitempty" extensions:"x-nullable"`
	IsActive   *bool   `json:"is_active,omitempty"`
	Version    *int    `json:"version,omitempty" example:"1"`
}

// WebhookRotateRequest asks for a new secret. overlap_seconds (default
// 86400, at most 604800; 0 ends it at once) is how long the secret being
// replaced keeps verifying calls.
type WebhookRotateRequest struct {
	OverlapSeconds *int `json:"overlap_seconds,omitempty" example:"86400" minimum:"0" maximum:"604800"`
	Version        *int `json:"version,omitempty" example:"1"`
}

// WebhookExecution is one recorded call of a webhook. payload is the body as
// received, for admins only (null for developers, and for calls refused
// before their signature verified); response is what the caller was answered.
type WebhookExecution struct {
	ID         string          `json:"id"`
	WebhookID  string          `json:"webhook_id"`
	DeliveryID *string         `json:"delivery_id" example:"msg_2Lc8Yv4E1k" extensions:"x-nullable"`
	StatusCode int             `json:"status_code" example:"202"`
	Outcome    string          `json:"outcome" enums:"started,replayed,rejected,failed" example:"started"`
	DurationMS int64           `json:"duration_ms" example:"12"`
	Payload    *string         `json:"payload" example:"{\"external_id\":\"EMR-1\",\"data\":{}}" extensions:"x-nullable"`
	Response   json.RawMessage `json:"response" swaggertype:"object"`
	PatientID  *string         `json:"patient_id" extensions:"x-nullable"`
	// ExecutionID is the workflow execution the call started (or found, for a replay).
	ExecutionID *string   `json:"execution_id" extensions:"x-nullable"`
	CreatedAt   time.Time `json:"created_at"`
}

// WebhookExecutionList is a page of a webhook's calls, newest first.
type WebhookExecutionList struct {
	Data []WebhookExecution `json:"data"`
	Page
}

func (s *Server) toWebhook(w webhook.Webhook, secret string) Webhook {
	out := Webhook{ID: w.ID, Name: w.Name, WorkflowID: w.WorkflowID, IsActive: w.IsActive, URL: s.Webhooks.URL(w.ID),
		Secret: secret, CreatedAt: w.CreatedAt.UTC(), UpdatedAt: w.UpdatedAt.UTC(), LastCalledAt: timePtr(w.LastCalledAt), Version: w.Version}
	if w.PreviousSecret != nil && w.PreviousSecretUntil != nil && s.Clock.Now().Before(*w.PreviousSecretUntil) {
		out.PreviousSecretExpiresAt = timePtr(w.PreviousSecretUntil)
	}
	return out
}

func toWebhookExecution(e webhook.Execution) WebhookExecution {
	resp := json.RawMessage(e.Response)
	if !json.Valid(resp) {
		resp = json.RawMessage("{}")
	}
	return WebhookExecution{ID: e.ID, WebhookID: e.WebhookID, DeliveryID: e.DeliveryID, StatusCode: e.StatusCode, Outcome: e.Outcome,
		DurationMS: e.DurationMS, Payload: e.Payload, Response: resp, PatientID: e.PatientID, ExecutionID: e.ExecutionID,
		CreatedAt: e.CreatedAt.UTC()}
}

// listWebhooks godoc
//
//	@Summary		List inbound webhooks (admin, developer)
//	@Description	The organization's inbound trigger webhooks, newest first. Secrets are never listed.
//	@Tags			webhooks
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			page		query		int	false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int	false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	WebhookList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/webhooks [get]
func (s *Server) listWebhooks(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	pg, per, err := paging(c)
	if err != nil {
		return err
	}
	rows, total, err := s.Webhooks.List(c.Request().Context(), a, pg, per)
	if err != nil {
		return err
	}
	out := WebhookList{Data: make([]Webhook, 0, len(rows)), Page: Page{Page: pg, PerPage: per, Total: total}}
	for _, w := range rows {
		out.Data = append(out.Data, s.toWebhook(w, ""))
	}
	return c.JSON(http.StatusOK, out)
}

// createWebhook godoc
//
//	@Summary		Create an inbound webhook (admin, developer)
//	@Description	Answers the webhook with its `url` and its `secret` (`whsec_…`), shown this once: store it in the calling system. Callers sign with the Standard Webhooks scheme or `x-webhook-signature` (see POST /api/v1/hooks/in/{webhook_id}). A `workflow_id` that is no workflow of the organization is 400 (`not_found_ref`). Send an Idempotency-Key to make retries safe.
//	@Tags			webhooks
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		WebhookInput	true	"the webhook"
//	@Success		201				{object}	Webhook
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/webhooks [post]
func (s *Server) createWebhook(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req WebhookInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	w, err := s.Webhooks.Create(c.Request().Context(), a, webhook.Input{Name: req.Name, WorkflowID: req.WorkflowID, IsActive: req.IsActive})
	if err != nil {
		return err
	}
	return created(c, s.toWebhook(w.Webhook, w.PlainSecret))
}

// getWebhook godoc
//
//	@Summary	One inbound webhook (admin, developer)
//	@Tags		webhooks
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		id	path		string	true	"webhook id"
//	@Success	200	{object}	Webhook
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/webhooks/{id} [get]
func (s *Server) getWebhook(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	w, err := s.Webhooks.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toWebhook(w, ""))
}
