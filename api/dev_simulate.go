package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// SimulateInboundRequest is a patient's message, as if sent from their phone.
type SimulateInboundRequest struct {
	PatientID   string `json:"patient_id" validate:"required"`
	Body        string `json:"body" example:"sudah minum obat" validate:"required"`
	RepliedToID string `json:"replied_to_id" example:""` // provider id of the message answered (optional)
}

// SimulateInboundResult says what the pipeline did with the message.
type SimulateInboundResult struct {
	Status    string  `json:"status" enums:"stored,duplicate,unknown" example:"stored"`
	MessageID *string `json:"message_id" extensions:"x-nullable"`
}

// simulateInbound godoc
//
//	@Summary		Simulate a patient's WhatsApp message (development only)
//	@Description	Only while development sign-in is on (never in production): builds the GOWA `message` event a patient's phone would cause and hands it to the same pipeline as a signed GOWA webhook (parsing, routing, storage, queued work, automated answers). Lets staff try conversations without a phone. Admins and volunteers of the patient.
//	@Tags			conversations
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			body	body		SimulateInboundRequest	true	"the patient and their message"
//	@Success		202		{object}	SimulateInboundResult
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Router			/api/v1/dev/simulate-inbound [post]
func (s *Server) simulateInbound(c echo.Context) error {
	if s.DevIssuer == nil {
		return errs.ErrNotFound
	}
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req SimulateInboundRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	var fe errs.Fields
	if strings.TrimSpace(req.Body) == "" {
		fe.Add("body", "is required")
	} else if len([]rune(req.Body)) > 4096 {
		fe.Add("body", "must be at most 4096 characters")
	}
	if !ids.Valid(req.PatientID) {
		fe.Add("patient_id", "must be a patient id")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	from, err := s.Conversations.SimulationSender(ctx, a, req.PatientID)
	if err != nil {
		return err
	}
	payload := map[string]any{"id": "SIM" + strings.ToUpper(strings.ReplaceAll(ids.New(), "-", "")[:20]),
		"chat_id": strings.TrimPrefix(from.Phone, "+") + "@s.whatsapp.net", "from": strings.TrimPrefix(from.Phone, "+") + "@s.whatsapp.net",
		"timestamp": s.Clock.Now().UTC().Format(time.RFC3339), "is_from_me": false, "body": req.Body}
	if req.RepliedToID != "" {
		payload["replied_to_id"] = req.RepliedToID
	}
	raw, err := json.Marshal(map[string]any{"event": "message", "device_id": from.DeviceID, "payload": payload})
	if err != nil {
		return err
	}
	ev, err := gowa.ParseEvent(raw)
	if err != nil || ev.Kind != gowa.KindMessage {
		return newError(http.StatusBadRequest, CodeValidation, "the simulated event could not be read")
	}
	got, err := s.receiveWhatsApp(ctx, ev.DeviceID, ev.Message)
	if err != nil {
		return err
	}
	out := SimulateInboundResult{Status: string(got.Outcome)}
	if got.MessageID != "" {
		out.MessageID = &got.MessageID
	}
	return c.JSON(http.StatusAccepted, out)
}
