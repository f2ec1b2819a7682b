package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/channel/nhnhook"
	"github.com/prima-health/prima/internal/outbox"
)

// NHNWebhook documents NHN Cloud's push envelope for SMS and AlimTalk results.
type NHNWebhook struct {
	HooksID         string           `json:"hooksId"`
	WebhookConfigID string           `json:"webhookConfigId"`
	ProductName     string           `json:"productName" example:"Sms"`
	AppKey          string           `json:"appKey"`
	Event           string           `json:"event" example:"MESSAGE_RESULT_UPDATE"`
	Hooks           []map[string]any `json:"hooks"`
}

// nhnHook godoc
//
//	@Summary		Delivery results from NHN Cloud (SMS and AlimTalk)
//	@Description	NHN sends the static `X-Toast-Webhook-Signature` configured in its console; it is compared in constant time with NHN_WEBHOOK_SIGNATURE (401 otherwise). Results move outbound messages to delivered or failed. An `UNSUBSCRIBE` event (the carrier's 080 opt-out) revokes the consent of every patient with that phone, audited with source `unsubscribe`; nothing is sent in answer. `updated` counts messages moved and patients opted out.
//	@Tags			hooks
//	@Accept			json
//	@Produce		json
//	@Param			X-Toast-Webhook-Signature	header		string		true	"the static signature"
//	@Param			body						body		NHNWebhook	true	"NHN push"
//	@Success		200							{object}	HookResult
//	@Failure		400							{object}	Problem
//	@Failure		401							{object}	Problem
//	@Failure		413							{object}	Problem
//	@Router			/api/v1/hooks/nhn [post]
func (s *Server) nhnHook(c echo.Context) error {
	body, err := readHookBody(c)
	if err != nil {
		return err
	}
	want := s.Config.NHNWebhookSignature
	if want == "" || !nhnhook.VerifyStatic(want, c.Request().Header.Get("X-Toast-Webhook-Signature")) {
		return newError(http.StatusUnauthorized, CodeInvalidSig, "The X-Toast-Webhook-Signature header is missing or wrong.")
	}
	wh, err := nhnhook.Parse(body)
	if err != nil {
		return newError(http.StatusBadRequest, CodeValidation, err.Error())
	}
	res := HookResult{Status: "ok"}
	for _, r := range wh.Results {
		state := ""
		switch r.Status {
		case nhnhook.Delivered:
			state = outbox.ReceiptDelivered
		case nhnhook.Failed:
			state = outbox.ReceiptFailed
		default:
			continue
		}
		ok, err := s.Receipts.Apply(c.Request().Context(), string(wh.Channel), r.ProviderMessageID, state, time.Time{})
		if err != nil {
			return err
		}
		if ok {
			res.Updated++
		}
	}
	for _, u := range wh.Unsubscribes {
		phone, ok := nhnhook.ToE164(u.RecipientNo, "KR")
		if !ok {
			continue
		}
		n, err := s.Conversations.Unsubscribe(c.Request().Context(), phone, u.CreatedAt)
		if err != nil {
			return err
		}
		res.Updated += n
	}
	return c.JSON(http.StatusOK, res)
}
