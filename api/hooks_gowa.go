package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/logging"
)

// GOWAEvent documents the GOWA webhook envelope (v8 and later).
type GOWAEvent struct {
	Event    string         `json:"event" example:"message.ack"`
	DeviceID string         `json:"device_id"`
	Payload  map[string]any `json:"payload"`
}

// HookResult acknowledges a provider webhook. For an incoming message,
// status is stored, duplicate (this message id was received before) or
// unknown (no patient has the sender's phone).
type HookResult struct {
	Status  string `json:"status" example:"ok" enums:"ok,stored,duplicate,unknown"`
	Updated int    `json:"updated" example:"1"`
}

// inboundPerSender is how many inbound messages one phone may send per minute.
const inboundPerSender = 10

func readHookBody(c echo.Context) ([]byte, error) {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		var he *echo.HTTPError
		if errors.As(err, &mbe) || errors.As(err, &he) {
			return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return nil, err
	}
	return body, nil
}

// gowaHook godoc
//
//	@Summary		WhatsApp events from GOWA (v8 and later)
//	@Description	Verifies `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` with GOWA_WEBHOOK_SECRET before parsing (401 otherwise). `message.ack` receipts move outbound messages to delivered or read. Incoming `message` events are stored once per WhatsApp message id (a database constraint), for one tenant only: the tenant whose device received it (Settings → sending accounts), or on the shared default device the tenant of the message replied to, else the tenant that last wrote to that phone. The work a message asks for (understanding it, confirming a dose, consent, alerting staff, answering) is queued with it and done by workers, so this answers fast. Echoes of PRIMA's own sends are ignored. Past 10 messages a minute from one phone, messages are still stored but not answered automatically. A phone that is no patient's is recorded (its text is not kept) and answered at most once a day with a generic message. Other events are acknowledged and ignored.
//	@Tags			hooks
//	@Accept			json
//	@Produce		json
//	@Param			X-Hub-Signature-256	header		string		true	"sha256=<hex HMAC>"
//	@Param			body				body		GOWAEvent	true	"GOWA event"
//	@Success		200					{object}	HookResult
//	@Failure		400					{object}	Problem
//	@Failure		401					{object}	Problem
//	@Failure		413					{object}	Problem
//	@Router			/api/v1/hooks/gowa [post]
func (s *Server) gowaHook(c echo.Context) error {
	body, err := readHookBody(c)
	if err != nil {
		return err
	}
	secret := s.Config.GOWA.WebhookSecret
	if secret == "" || !gowa.VerifySignature(secret, c.Request().Header.Get("X-Hub-Signature-256"), body) {
		return newError(http.StatusUnauthorized, CodeInvalidSig, "The X-Hub-Signature-256 signature is missing or wrong.")
	}
	ev, err := gowa.ParseEvent(body)
	if err != nil {
		return newError(http.StatusBadRequest, CodeValidation, err.Error())
	}
	ctx := c.Request().Context()
	res := HookResult{Status: "ok"}
	switch ev.Kind {
	case gowa.KindReceipt:
		state := outbox.ReceiptDelivered
		switch ev.Receipt.Type {
		case gowa.ReceiptRead:
			state = outbox.ReceiptRead
		case gowa.ReceiptDelivered:
		default:
			return c.JSON(http.StatusOK, res)
		}
		for _, id := range ev.Receipt.IDs {
			ok, err := s.Receipts.Apply(ctx, "whatsapp", id, state, ev.Receipt.Timestamp)
			if err != nil {
				return err
			}
			if ok {
				res.Updated++
			}
		}
	case gowa.KindMessage:
		m := ev.Message
		if m.IsFromMe || m.From == "" {
			return c.JSON(http.StatusOK, res)
		}
		got, err := s.receiveWhatsApp(ctx, ev.DeviceID, m)
		if err != nil {
			return err
		}
		res.Status = string(got.Outcome)
		if got.Outcome == conversation.Stored {
			res.Updated = 1
		}
	}
	return c.JSON(http.StatusOK, res)
}

// receiveWhatsApp hands one patient message to the conversation pipeline.
// Over the per-sender rate the message is still stored; only automated
// answers stop (a loop guard against auto-responders).
func (s *Server) receiveWhatsApp(ctx context.Context, deviceID string, m *gowa.Message) (conversation.Received, error) {
	over := false
	if r, err := s.Limiter.Allow(ctx, "inbound:"+m.From, inboundPerSender, time.Minute); err == nil && !r.Allowed {
		logging.From(ctx).Warn("inbound messages over the per-sender rate: stored, not answered", slog.String("phone", m.From))
		over = true
	}
	return s.Conversations.Receive(ctx, conversation.Incoming{Channel: "whatsapp", DeviceID: deviceID, From: m.From, Body: m.Body,
		ProviderID: m.ID, RepliedToID: m.RepliedToID, At: m.Timestamp, OverLimit: over})
}
