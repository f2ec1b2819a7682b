package outbox

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/alimtalk"
)

// RegistryChannels sends through the configured provider clients.
type RegistryChannels struct {
	reg *channel.Registry
	log *slog.Logger
}

// NewRegistryChannels adapts a channel registry to the dispatcher.
func NewRegistryChannels(reg *channel.Registry, log *slog.Logger) *RegistryChannels {
	if log == nil {
		log = slog.Default()
	}
	return &RegistryChannels{reg: reg, log: log}
}

var _ Channels = (*RegistryChannels)(nil)

// Send hands one message to its channel and classifies the answer.
func (r *RegistryChannels) Send(ctx context.Context, name string, m Outgoing) (string, *SendError) {
	s, ok := r.reg.Get(channel.Name(name))
	if !ok {
		return "", &SendError{Outcome: OutcomePermanent, Code: ErrorNoChannel, Message: "the channel is not configured on this server"}
	}
	res, err := s.Send(ctx, channel.Message{ID: m.MessageID, Attempt: m.Attempt, To: m.To, Body: m.Body,
		KakaoTemplateCode: m.KakaoTemplateCode, KakaoParameters: m.KakaoParameters, Account: m.Account,
		// PRIMA's own failover handles kakao → sms; NHN's resend stays off so the patient never gets two copies.
		KakaoNHNResend: false})
	if err == nil {
		return res.ProviderMessageID, nil
	}
	if errors.Is(err, channel.ErrAlreadyAccepted) {
		return "", &SendError{Outcome: OutcomeAlreadyAccepted, Code: "already_accepted", Message: "the provider had accepted this attempt"}
	}
	se := &SendError{Code: "error", Message: "send failed"}
	var ce *channel.Error
	if errors.As(err, &ce) {
		se.Code, se.Message, se.RetryAfter = ce.Code, ce.Message, ce.RetryAfter
	}
	switch channel.ClassOf(err) {
	case channel.Retryable:
		se.Outcome = OutcomeRetryable
	case channel.Throttled:
		se.Outcome = OutcomeThrottled
	case channel.InvalidRecipient:
		se.Outcome = OutcomeInvalidRecipient
	case channel.UnknownOutcome:
		se.Outcome = OutcomeUnknown
	case channel.Misconfigured:
		r.log.Error("channel misconfigured; failing over", slog.String("channel", name), slog.String("code", se.Code))
		se.Outcome = OutcomePermanent
	default:
		se.Outcome = OutcomePermanent
	}
	return "", se
}

// ResendWindow: only AlimTalk deduplicates a repeated attempt, by its
// idempotency key, for as long as NHN remembers the key.
func (r *RegistryChannels) ResendWindow(name string) time.Duration {
	if channel.Name(name) == channel.Kakao {
		return alimtalk.IdempotencyWindow
	}
	return 0
}
