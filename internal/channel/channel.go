// Package channel is the contract between the outbox and the message
// providers (GOWA for WhatsApp, NHN AlimTalk for KakaoTalk, NHN SMS, and the
// log channel). Each provider is a small client in a sub-package that
// implements Sender and reports failures as *Error with a Class the outbox
// acts on.
//
// # Classes and what the outbox does with them
//
//   - Retryable: the provider did not take the message (5xx, connection
//     refused, DNS failure, …). Back off and send again with Attempt+1.
//   - Throttled: the provider asks us to slow down (HTTP 429 or a throttle
//     code). Slow the channel down and send again later; this is not a failure
//     of the message and should not count towards its attempts. RetryAfter
//     carries the provider's hint when it gave one (0 = none).
//   - Permanent: this message cannot go out on this channel as it is (bad
//     template, text refused, …). Move it to the next channel.
//   - InvalidRecipient: the address cannot be reached on this channel (not a
//     valid number, not on WhatsApp, refused by the carrier). The next channel
//     may still reach the patient; the outbox decides whether to fail over.
//   - Misconfigured: credentials, sender or device are wrong. Every message on
//     this channel will fail the same way until an operator fixes it; alert
//     and pause the channel rather than burn through messages.
//   - UnknownOutcome: the request may have reached the provider (timeout
//     after the connection was made, connection reset while waiting, an
//     unreadable success answer). The outbox must treat the message as
//     sent-unconfirmed and never send it again blindly; a missing delivery
//     receipt later moves it to the next channel.
//
// # Attempts and idempotency (AlimTalk)
//
// Message.Attempt numbers the hand-overs of one message to one provider. A
// client that supports idempotency keys (AlimTalk's X-NC-API-IDEMPOTENCY-KEY)
// sends Message.AttemptKey() = ID + ":" + Attempt. After a definite failure
// (Retryable, Throttled) the outbox sends again with Attempt+1 — a new key,
// because the provider did not take the earlier one. After UnknownOutcome the
// outbox may re-send with the SAME Attempt number within the provider's
// idempotency window (alimtalk.IdempotencyWindow): if the first request had in
// fact been accepted the provider refuses the duplicate, and the client
// returns an error for which errors.Is(err, ErrAlreadyAccepted) is true. The
// outbox then marks the message sent (no provider message id is known). If the
// first request had not arrived, the re-send simply succeeds. Providers
// without idempotency keys (GOWA, NHN SMS) must never be re-sent after
// UnknownOutcome.
//
// ErrAlreadyAccepted is reported inside an *Error of class UnknownOutcome, so
// an outbox that looks only at ClassOf still does the safe thing (treat as
// sent-unconfirmed, never re-send).
//
// # Privacy
//
// Error texts never contain phone numbers or message text (SPEC §12):
// provider messages are scrubbed before they are kept.
package channel

import (
	"context"
	"errors"
	"net"
	"strconv"
	"syscall"
	"time"
)

// Name identifies a channel.
type Name string

// The channels PRIMA knows.
const (
	WhatsApp Name = "whatsapp"
	Kakao    Name = "kakao"
	SMS      Name = "sms"
	Log      Name = "log"
)

// Message is one attempt to hand one message to a provider.
type Message struct {
	ID      string // PRIMA message id (stable across retries)
	Attempt int    // 1-based attempt number on this channel
	To      string // E.164, e.g. +6281234567890
	Body    string // rendered text

	// KakaoTemplateCode and KakaoParameters select and fill an AlimTalk template.
	KakaoTemplateCode string
	KakaoParameters   map[string]string
	// KakaoNHNResend lets NHN re-send the text as SMS itself when AlimTalk
	// delivery fails; PRIMA then does no failover of its own for the message.
	KakaoNHNResend bool

	// Account is the sending account of the message's tenant; its empty
	// fields mean the client's configured default.
	Account Account
}

// Account names a tenant's own sending identities at the providers: the GOWA
// device (its WhatsApp number), the registered NHN SMS sending number and the
// Kakao channel's sender key. An empty field means the account configured on
// the client (GOWA_DEVICE_ID, NHN_SMS_SENDER, NHN_KAKAO_SENDER_KEY). The
// provider credentials (URLs, app and secret keys) are always the server's.
type Account struct {
	WhatsAppDeviceID string
	SMSSender        string
	KakaoSenderKey   string
}

// AttemptKey is the idempotency key of this attempt: ID + ":" + Attempt.
func (m Message) AttemptKey() string { return m.ID + ":" + strconv.Itoa(m.Attempt) }

// Result is what a provider returned for an accepted message.
type Result struct {
	// ProviderMessageID matches later receipts (GOWA message id, NHN
	// "requestId:recipientSeq", "log-<id>"). Empty when the provider accepted
	// the message without telling which id it got.
	ProviderMessageID string
}

// Sender hands messages to one provider.
type Sender interface {
	Name() Name
	Send(ctx context.Context, m Message) (Result, error)
}

// Class says what the outbox should do about a failed send.
type Class int

// The failure classes; see the package documentation.
const (
	Retryable Class = iota
	Permanent
	InvalidRecipient
	Throttled
	UnknownOutcome
	Misconfigured
)

var classNames = [...]string{"retryable", "permanent", "invalid_recipient", "throttled", "unknown_outcome", "misconfigured"}

// String is the class's snake_case name, suitable for error_code columns and metrics.
func (c Class) String() string {
	if c >= 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return "class(" + strconv.Itoa(int(c)) + ")"
}

// ErrAlreadyAccepted reports that the provider refused a request as a
// duplicate of one it had already accepted (AlimTalk -1005). The message
// went out; mark it sent.
var ErrAlreadyAccepted = errors.New("provider already accepted this attempt")

// Error is a classified send failure.
type Error struct {
	Class      Class
	Code       string        // provider code ("INVALID_JID", "-2019", "http_503") or a transport code ("connect", "timeout")
	Message    string        // short description; never contains phone numbers or message text
	RetryAfter time.Duration // provider's back-off hint for Throttled; 0 = none given
	Err        error         // underlying cause for errors.Is/As; never printed
}

func (e *Error) Error() string {
	s := "channel: " + e.Class.String()
	if e.Code != "" {
		s += " [" + e.Code + "]"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ClassOf classifies any error returned by a Sender. *Error carries its
// class. Other errors are judged conservatively: failures that happened
// before a connection existed (refused, DNS) are Retryable; deadlines,
// cancellations and network errors that may have struck after the request
// was written are UnknownOutcome; anything else is Retryable. ClassOf(nil)
// is meaningless and returns Retryable.
func ClassOf(err error) Class {
	var e *Error
	switch {
	case err == nil:
		return Retryable
	case errors.As(err, &e):
		return e.Class
	case errors.Is(err, ErrAlreadyAccepted):
		return UnknownOutcome
	case beforeSending(err):
		return Retryable
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return UnknownOutcome
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return UnknownOutcome
	}
	return Retryable
}

// beforeSending reports errors that prove no byte reached the provider.
func beforeSending(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
