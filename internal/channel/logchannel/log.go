// Package logchannel is the "log" channel: it sends nothing anywhere and
// reports every message as sent. It is the default when no provider is
// configured, so development and demos work without accounts.
package logchannel

import (
	"context"

	"github.com/prima-health/prima/internal/channel"
)

// Sender is the log channel. Its zero value is ready to use.
type Sender struct{}

var _ channel.Sender = Sender{}

// New returns the log channel.
func New() Sender { return Sender{} }

// Name is channel.Log.
func (Sender) Name() channel.Name { return channel.Log }

// Send accepts the message and returns "log-" + its id. It never fails and
// records nothing: the outbox row is the record.
func (Sender) Send(_ context.Context, m channel.Message) (channel.Result, error) {
	return channel.Result{ProviderMessageID: "log-" + m.ID}, nil
}
