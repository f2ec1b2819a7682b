package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/webhook"
)

// InboundHookResult answers an accepted (202) or replayed (200) call of an
// inbound webhook. execution_id is the workflow execution started (for a
// replay, the one the first delivery started); null when the webhook is
// bound to no workflow that could start.
type InboundHookResult struct {
	ExecutionID    *string `json:"execution_id" extensions:"x-nullable"`
	PatientID      *string `json:"patient_id" extensions:"x-nullable"`
	PatientCreated bool    `json:"patient_created" example:"false"`
	Replayed       bool    `json:"replayed" example:"false"`
}

// inboundHook godoc
//
//	@Summary		Call an inbound webhook (a tenant's trigger)
//	@Description	For third-party systems (EMRs, booking systems). Sign the raw body with the webhook's secret in one of two ways. **Standard Webhooks**: headers `webhook-id` (unique per message; retries reuse it), `webhook-timestamp` (unix seconds, within 5 minutes of PRIMA's clock) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64-decoded part of the secret after `whsec_`. **Seed integrations**: `x-webhook-signature: sha256=<hex HMAC-SHA256 of the body>` keyed with the whole secret string, `whsec_` included; this signs no id, so replays are recognised by the `Idempotency-Key` header when sent, else by the body's SHA-256 (an identical body is the same delivery). After a rotation the previous secret verifies too until its overlap ends.
//	@Description
//	@Description	Body (JSON, at most 256 KiB): `{"external_id": "…" and/or "phone": "…", "patient": {name, email, birth_date, gender, language, timezone, tags, attributes, preferred_channel, last_visit_date, last_surgery_date, diagnosis, cancer_stage, notes}, "data": {…}}`. The patient is the organization's patient with this `external_id`, else the oldest with this phone (read with the organization's default region) and no other external id, else a new one made from `patient` (`name` required) with consent `pending` (they get the consent request). The bound workflow then starts for that patient with the whole body as its context, once per delivery.
//	@Description
//	@Description	Answers: 202 accepted; 200 `replayed: true` for a delivery accepted before (nothing runs again); 400 naming the wrong fields; 401 `invalid_signature`; 404 for an unknown, inactive or deleted webhook; 413 over 256 KiB; 429 past 600 calls a minute to this webhook (with `Retry-After`). Every call (but to unknown ids) is recorded in the webhook's executions.
//	@Tags			hooks
//	@Accept			json
//	@Produce		json
//	@Param			webhook_id			path		string				true	"webhook id"
//	@Param			webhook-id			header		string				false	"Standard Webhooks message id"
//	@Param			webhook-timestamp	header		string				false	"Standard Webhooks unix seconds"
//	@Param			webhook-signature	header		string				false	"v1,<base64 HMAC-SHA256>"
//	@Param			x-webhook-signature	header		string				false	"sha256=<hex HMAC-SHA256 of the body>"
//	@Param			Idempotency-Key		header		string				false	"with x-webhook-signature: names the delivery"
//	@Param			body				body		object				true	"the trigger's payload"
//	@Success		200					{object}	InboundHookResult	"a replay"
//	@Success		202					{object}	InboundHookResult	"accepted"
//	@Failure		400					{object}	Problem
//	@Failure		401					{object}	Problem
//	@Failure		404					{object}	Problem
//	@Failure		413					{object}	Problem
//	@Failure		429					{object}	Problem
//	@Router			/api/v1/hooks/in/{webhook_id} [post]
func (s *Server) inboundHook(c echo.Context) error {
	// The global 1 MiB limit skips this route: the body is read here up to one
	// byte past 256 KiB, so the service can refuse a larger one and record it.
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, webhook.MaxPayloadBytes+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			body = make([]byte, webhook.MaxPayloadBytes+1)
		} else {
			return newError(http.StatusBadRequest, CodeValidation, "The request body could not be read.")
		}
	}
	res, err := s.Webhooks.Receive(c.Request().Context(), c.Param("webhook_id"), c.Request().Header, body)
	if err != nil {
		return err
	}
	if rl := res.RateLimit; rl != nil {
		h := c.Response().Header()
		reset := int(rl.Reset.Seconds() + 0.999)
		h.Set("RateLimit-Limit", strconv.Itoa(rl.Limit))
		h.Set("RateLimit-Remaining", strconv.Itoa(rl.Remaining))
		h.Set("RateLimit-Reset", strconv.Itoa(reset))
		if !rl.Allowed {
			h.Set("Retry-After", strconv.Itoa(max(reset, 1)))
		}
	}
	switch b := res.Body.(type) {
	case webhook.Answer:
		return c.JSON(res.StatusCode, InboundHookResult{ExecutionID: b.ExecutionID, PatientID: b.PatientID,
			PatientCreated: b.PatientCreated, Replayed: b.Replayed})
	case webhook.Failure:
		return newError(res.StatusCode, b.Code, b.Detail, b.Errors...)
	}
	return newError(http.StatusInternalServerError, CodeInternal, "")
}
