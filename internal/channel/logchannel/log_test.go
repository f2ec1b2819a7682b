package logchannel_test

import (
	"context"
	"testing"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/logchannel"
)

func TestLogChannel(t *testing.T) {
	s := logchannel.New()
	if s.Name() != channel.Log {
		t.Fatal("name")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // never fails, even then
	res, err := s.Send(ctx, channel.Message{ID: "m42", To: "not a number"})
	if err != nil || res.ProviderMessageID != "log-m42" {
		t.Fatalf("res = %+v, err = %v", res, err)
	}
}
