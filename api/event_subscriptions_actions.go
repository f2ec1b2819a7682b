package api

import (
	"bytes"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/events"
)

// rotateEventSubscriptionSecret godoc
//
//	@Summary		Rotate an event subscription's secret (admin, developer)
//	@Description	Answers the subscription with its new `secret`, shown this once. For `overlap_seconds` (default 86400 = 24 h, at most 604800 = 7 days, 0 = stop at once, e.g. after a leak) deliveries carry two signatures in `webhook-signature`, one per secret, so the receiver can switch without rejecting any; a secret replaced by an earlier rotation stops at once. The body may be left out. Send an Idempotency-Key to make retries safe (a retry then gets the same new secret).
//	@Tags			event-subscriptions
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id				path		string							true	"subscription id"
//	@Param			If-Match		header		string							false	"the version the rotation is based on, e.g. \"3\""
//	@Param			Idempotency-Key	header		string							false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		EventSubscriptionRotateRequest	false	"overlap"
//	@Success		200				{object}	EventSubscription
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/event-subscriptions/{id}/rotate-secret [post]
func (s *Server) rotateEventSubscriptionSecret(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req EventSubscriptionRotateRequest
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
	r := events.Rotation{Version: req.Version}
	if req.OverlapSeconds != nil {
		d := time.Duration(*req.OverlapSeconds) * time.Second
		if *req.OverlapSeconds < 0 || *req.OverlapSeconds > int(events.MaxOverlap/time.Second) {
			d = -1 // refused by the service, which names the field
		}
		r.Overlap = &d
	}
	if err := applyIfMatch(c, &r.Version); err != nil {
		return err
	}
	sub, err := s.Events.RotateSecret(c.Request().Context(), a, id, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toEventSubscription(sub.Subscription, sub.PlainSecret))
}

// testEventSubscription godoc
//
//	@Summary		Send a test event (admin, developer)
//	@Description	Queues a `test.event` delivery to this subscription only (also while it is disabled, to check the endpoint before enabling it again) and answers it; follow it in the deliveries list. Its data is `{"subscription_id","message"}`.
//	@Tags			event-subscriptions
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id				path		string	true	"subscription id"
//	@Param			Idempotency-Key	header		string	false	"replays the first response for the same key (24 h)"
//	@Success		202				{object}	EventDelivery
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/event-subscriptions/{id}/test [post]
func (s *Server) testEventSubscription(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	d, err := s.Events.SendTest(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, toEventDelivery(d))
}

// listEventDeliveries godoc
//
//	@Summary		An event subscription's deliveries (admin, developer)
//	@Description	Every delivery to the subscription, newest first, with its state, attempts, the endpoint's last status code and the last error. Filter by `status` or `event_type`.
//	@Tags			event-subscriptions
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id			path		string	true	"subscription id"
//	@Param			status		query		string	false	"delivery state"	Enums(pending, succeeded, failed)
//	@Param			event_type	query		string	false	"event type, e.g. message.sent"
//	@Param			page		query		int		false	"page (from 1)"	minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"		minimum(1)	maximum(100)
//	@Success		200			{object}	EventDeliveryList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Router			/api/v1/event-subscriptions/{id}/deliveries [get]
func (s *Server) listEventDeliveries(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	pg, per, err := paging(c)
	if err != nil {
		return err
	}
	f := events.DeliveryFilter{Status: c.QueryParam("status"), EventType: c.QueryParam("event_type"), Page: pg, PerPage: per}
	rows, total, err := s.Events.Deliveries(c.Request().Context(), a, id, f)
	if err != nil {
		return err
	}
	out := EventDeliveryList{Data: make([]EventDelivery, 0, len(rows)), Page: Page{Page: pg, PerPage: per, Total: total}}
	for _, d := range rows {
		out.Data = append(out.Data, toEventDelivery(d))
	}
	return c.JSON(http.StatusOK, out)
}

// redeliverEvent godoc
//
//	@Summary		Redeliver an event (admin, developer)
//	@Description	Sends the delivery's event again with the same `webhook-id`, so the receiver recognises it. A finished delivery (succeeded or failed) gets a new delivery, answered here; a pending one waiting for its next try is made due now. A disabled subscription must be enabled first (409).
//	@Tags			event-subscriptions
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id				path		string	true	"subscription id"
//	@Param			delivery_id		path		string	true	"delivery id"
//	@Param			Idempotency-Key	header		string	false	"replays the first response for the same key (24 h)"
//	@Success		202				{object}	EventDelivery
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/event-subscriptions/{id}/deliveries/{delivery_id}/redeliver [post]
func (s *Server) redeliverEvent(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	deliveryID, err := pathID(c, "delivery_id")
	if err != nil {
		return err
	}
	d, err := s.Events.Redeliver(c.Request().Context(), a, id, deliveryID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, toEventDelivery(d))
}
