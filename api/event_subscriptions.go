package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/events"
)

// listEventSubscriptions godoc
//
//	@Summary		List event subscriptions (admin, developer)
//	@Description	The organization's outbound event subscriptions, newest first. Secrets are never listed.
//	@Tags			event-subscriptions
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			page		query		int	false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int	false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	EventSubscriptionList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/event-subscriptions [get]
func (s *Server) listEventSubscriptions(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	pg, per, err := paging(c)
	if err != nil {
		return err
	}
	rows, total, err := s.Events.List(c.Request().Context(), a, pg, per)
	if err != nil {
		return err
	}
	out := EventSubscriptionList{Data: make([]EventSubscription, 0, len(rows)), Page: Page{Page: pg, PerPage: per, Total: total}}
	for _, sub := range rows {
		out.Data = append(out.Data, s.toEventSubscription(sub, ""))
	}
	return c.JSON(http.StatusOK, out)
}

// createEventSubscription godoc
//
//	@Summary		Create an event subscription (admin, developer)
//	@Description	PRIMA posts each event of the listed types to `url` as `{"type","timestamp","data"}`, signed per Standard Webhooks with the `secret` (`whsec_…`) returned here, shown this once. Event data carries ids and states only, never message text, names or phone numbers. `url` must be https (private and loopback addresses are refused unless the server allows them). Failed deliveries are retried with back-off for up to 24 hours; an endpoint answering 410 Gone is disabled. Types: `message.sent`, `message.delivered`, `message.failed`, `occurrence.confirmed`, `occurrence.missed`, `patient.opted_out`, `conversation.flagged`, `workflow.completed`, `campaign.completed`. Send an Idempotency-Key to make retries safe.
//	@Tags			event-subscriptions
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string					false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		EventSubscriptionInput	true	"the subscription"
//	@Success		201				{object}	EventSubscription
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/event-subscriptions [post]
func (s *Server) createEventSubscription(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req EventSubscriptionInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	sub, err := s.Events.Create(c.Request().Context(), a, events.Input{URL: req.URL, Events: req.Events,
		Description: req.Description, IsActive: req.IsActive})
	if err != nil {
		return err
	}
	return created(c, s.toEventSubscription(sub.Subscription, sub.PlainSecret))
}

// getEventSubscription godoc
//
//	@Summary	One event subscription (admin, developer)
//	@Tags		event-subscriptions
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		id	path		string	true	"subscription id"
//	@Success	200	{object}	EventSubscription
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/event-subscriptions/{id} [get]
func (s *Server) getEventSubscription(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	sub, err := s.Events.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toEventSubscription(sub, ""))
}

// updateEventSubscription godoc
//
//	@Summary		Change an event subscription (admin, developer)
//	@Description	Absent fields stay as they are. `is_active: true` re-enables a subscription PRIMA disabled and clears `disabled_reason`. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			event-subscriptions
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string					true	"subscription id"
//	@Param			If-Match	header		string					false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		EventSubscriptionPatch	true	"changes"
//	@Success		200			{object}	EventSubscription
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/event-subscriptions/{id} [patch]
func (s *Server) updateEventSubscription(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req EventSubscriptionPatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	p := events.Patch{URL: req.URL, Events: req.Events, Description: req.Description, IsActive: req.IsActive, Version: req.Version}
	isNull := map[string]bool{"url": req.URL == nil, "events": req.Events == nil, "description": req.Description == nil,
		"is_active": req.IsActive == nil, "version": req.Version == nil}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	if err := applyIfMatch(c, &p.Version); err != nil {
		return err
	}
	sub, err := s.Events.Update(c.Request().Context(), a, id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toEventSubscription(sub, ""))
}

// deleteEventSubscription godoc
//
//	@Summary		Delete an event subscription (admin, developer)
//	@Description	Nothing more is delivered to it, pending deliveries included; the audit trail stays.
//	@Tags			event-subscriptions
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path	string	true	"subscription id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/event-subscriptions/{id} [delete]
func (s *Server) deleteEventSubscription(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Events.Delete(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
