package api

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/logging"
)

// GOWAEvent documents the GOWA webhook envelope (v8 and later).
type GOWAEvent struct {
	Event    string         `json:"event" example:"message.ack"`
	DeviceID string         `json:"device_id"`
	Payload  map[string]any `json:"payload"`
}

// HookResult acknowledges a provider webhook.
type HookResult struct {
	Status  string `json:"status" example:"ok"`
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
//	@Description	Verifies `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` with GOWA_WEBHOOK_SECRET before parsing (401 otherwise). `message.ack` receipts move outbound messages to delivered or read. Incoming `message` events are stored once per WhatsApp message id for the patient with that phone (unknown senders are not stored and never answered), echoes of PRIMA's own sends are ignored, and one phone may send at most 10 messages a minute. Other events are acknowledged and ignored. Answers fast; nothing is sent from here.
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
		if r, err := s.Limiter.Allow(ctx, "inbound:"+m.From, inboundPerSender, time.Minute); err == nil && !r.Allowed {
			logging.From(ctx).Warn("inbound message rate-limited", slog.String("phone", m.From))
			return c.JSON(http.StatusOK, HookResult{Status: "rate_limited"})
		}
		n, err := s.Inbox.Record(ctx, messaging.Incoming{Channel: "whatsapp", From: m.From, Body: m.Body, ProviderID: m.ID, At: m.Timestamp})
		if err != nil {
			return err
		}
		res.Updated = n
	}
	return c.JSON(http.StatusOK, res)
}
