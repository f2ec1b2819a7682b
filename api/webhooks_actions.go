package api

import (
	"bytes"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/webhook"
)

// updateWebhook godoc
//
//	@Summary		Change an inbound webhook (admin, developer)
//	@Description	Absent fields stay as they are; `workflow_id: null` unbinds the webhook (calls then only find or create the patient). `is_active: false` makes the URL answer 404 until it is active again. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			webhooks
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string			true	"webhook id"
//	@Param			If-Match	header		string			false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		WebhookPatch	true	"changes"
//	@Success		200			{object}	Webhook
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/webhooks/{id} [patch]
func (s *Server) updateWebhook(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req WebhookPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	p := webhook.Patch{Name: req.Name, WorkflowID: req.WorkflowID, IsActive: req.IsActive, Version: req.Version}
	isNull := map[string]bool{"name": req.Name == nil, "workflow_id": req.WorkflowID == nil, "is_active": req.IsActive == nil,
		"version": req.Version == nil}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	if err := applyIfMatch(c, &p.Version); err != nil {
		return err
	}
	w, err := s.Webhooks.Update(c.Request().Context(), a, id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toWebhook(w, ""))
}

// deleteWebhook godoc
//
//	@Summary		Delete an inbound webhook (admin, developer)
//	@Description	Its URL answers 404 from then on; the audit trail stays.
//	@Tags			webhooks
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path	string	true	"webhook id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/webhooks/{id} [delete]
func (s *Server) deleteWebhook(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Webhooks.Delete(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// rotateWebhookSecret godoc
//
//	@Summary		Rotate an inbound webhook's secret (admin, developer)
//	@Description	Answers the webhook with its new `secret`, shown this once. The secret it replaces keeps verifying calls for `overlap_seconds` (default 86400 = 24 h, at most 604800 = 7 days, 0 = stop at once, e.g. after a leak), so the calling system can switch without losing calls; a secret replaced by an earlier rotation stops at once. The body may be left out. Send an Idempotency-Key to make retries safe (a retry then gets the same new secret).
//	@Tags			webhooks
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id				path		string					true	"webhook id"
//	@Param			If-Match		header		string					false	"the version the rotation is based on, e.g. \"3\""
//	@Param			Idempotency-Key	header		string					false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		WebhookRotateRequest	false	"overlap"
//	@Success		200				{object}	Webhook
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/webhooks/{id}/rotate-secret [post]
func (s *Server) rotateWebhookSecret(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req WebhookRotateRequest
	body, err := readHookBody(c)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) > 0 {
		c.Request().Body = io.NopCloser(bytes.NewReader(body))
		if _, err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	r := webhook.Rotation{Version: req.Version}
	if req.OverlapSeconds != nil {
		d := time.Duration(*req.OverlapSeconds) * time.Second
		if *req.OverlapSeconds < 0 || *req.OverlapSeconds > int(webhook.MaxOverlap/time.Second) {
			d = -1 // refused by the service, which names the field
		}
		r.Overlap = &d
	}
	if err := applyIfMatch(c, &r.Version); err != nil {
		return err
	}
	w, err := s.Webhooks.RotateSecret(c.Request().Context(), a, id, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toWebhook(w.Webhook, w.PlainSecret))
}

// listWebhookExecutions godoc
//
//	@Summary		An inbound webhook's calls (admin, developer)
//	@Description	Every call of the webhook (but those to unknown ids), newest first, with its status code, outcome (`started`, `replayed`, `rejected`: not admitted — disabled, over the rate limit, too large, bad signature; `failed`: an authentic call whose payload was not valid or that failed on PRIMA's side), duration and answer. `payload`, the body as received, holds patient data: admins see it (the read is audited), developers get null; it is null too for calls refused before their signature verified.
//	@Tags			webhooks
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id			path		string	true	"webhook id"
//	@Param			page		query		int		false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	WebhookExecutionList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Router			/api/v1/webhooks/{id}/executions [get]
func (s *Server) listWebhookExecutions(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	pg, per, err := paging(c)
	if err != nil {
		return err
	}
	rows, total, err := s.Webhooks.ListExecutions(c.Request().Context(), a, id, pg, per)
	if err != nil {
		return err
	}
	out := WebhookExecutionList{Data: make([]WebhookExecution, 0, len(rows)), Page: Page{Page: pg, PerPage: per, Total: total}}
	for _, e := range rows {
		out.Data = append(out.Data, toWebhookExecution(e))
	}
	return c.JSON(http.StatusOK, out)
}
