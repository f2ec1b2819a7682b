package channel_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
)

func TestClassOf(t *testing.T) {
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	cases := []struct {
		name string
		err  error
		want channel.Class
	}{
		{"classified", &channel.Error{Class: channel.Throttled}, channel.Throttled},
		{"wrapped classified", fmt.Errorf("send: %w", &channel.Error{Class: channel.InvalidRecipient}), channel.InvalidRecipient},
		{"already accepted sentinel", channel.ErrAlreadyAccepted, channel.UnknownOutcome},
		{"already accepted inside error", &channel.Error{Class: channel.UnknownOutcome, Err: channel.ErrAlreadyAccepted}, channel.UnknownOutcome},
		{"deadline", context.DeadlineExceeded, channel.UnknownOutcome},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), channel.UnknownOutcome},
		{"read timeout", timeout, channel.UnknownOutcome},
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, channel.UnknownOutcome},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, channel.Retryable},
		{"dial timeout", &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}, channel.Retryable},
		{"dns", &net.DNSError{Err: "no such host", Name: "gowa"}, channel.Retryable},
		{"other", errors.New("boom"), channel.Retryable},
	}
	for _, c := range cases {
		if got := channel.ClassOf(c.err); got != c.want {
			t.Errorf("%s: ClassOf = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestErrorText(t *testing.T) {
	cause := errors.New("dial tcp 10.0.0.1:443: secret-cause")
	e := &channel.Error{Class: channel.InvalidRecipient, Code: "-2019", Message: "nhnsms: RecipientNo is invalid.", Err: cause}
	if got, want := e.Error(), "channel: invalid_recipient [-2019]: nhnsms: RecipientNo is invalid."; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	if strings.Contains(e.Error(), "secret-cause") {
		t.Fatal("the cause must not be printed")
	}
	if !errors.Is(e, cause) {
		t.Fatal("errors.Is must reach the cause")
	}
	accepted := &channel.Error{Class: channel.UnknownOutcome, Code: "-1005", Err: channel.ErrAlreadyAccepted}
	if !errors.Is(fmt.Errorf("outbox: %w", accepted), channel.ErrAlreadyAccepted) {
		t.Fatal("ErrAlreadyAccepted must be detectable through wrapping")
	}
}

func TestClassString(t *testing.T) {
	want := map[channel.Class]string{channel.Retryable: "retryable", channel.Permanent: "permanent",
		channel.InvalidRecipient: "invalid_recipient", channel.Throttled: "throttled",
		channel.UnknownOutcome: "unknown_outcome", channel.Misconfigured: "misconfigured", channel.Class(42): "class(42)"}
	for c, s := range want {
		if c.String() != s {
			t.Errorf("%d.String() = %q, want %q", int(c), c.String(), s)
		}
	}
}

func TestAttemptKey(t *testing.T) {
	m := channel.Message{ID: "msg_01H", Attempt: 3}
	if got := m.AttemptKey(); got != "msg_01H:3" {
		t.Fatalf("AttemptKey = %q", got)
	}
}

type stub struct{ name channel.Name }

func (s stub) Name() channel.Name { return s.name }
func (s stub) Send(context.Context, channel.Message) (channel.Result, error) {
	return channel.Result{}, nil
}

func TestRegistry(t *testing.T) {
	r, err := channel.NewRegistry(stub{channel.SMS}, nil, stub{channel.Log}, stub{"zalo"}, stub{channel.WhatsApp})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Configured()
	want := []channel.Name{channel.WhatsApp, channel.SMS, channel.Log, "zalo"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Configured = %v, want %v", got, want)
	}
	if s, ok := r.Get(channel.SMS); !ok || s.Name() != channel.SMS {
		t.Fatal("Get(sms) failed")
	}
	if _, ok := r.Get(channel.Kakao); ok {
		t.Fatal("kakao is not configured")
	}
	if _, err := channel.NewRegistry(stub{channel.SMS}, stub{channel.SMS}); !errors.Is(err, channel.ErrDuplicateChannel) {
		t.Fatalf("duplicate: err = %v", err)
	}
}

func TestNewHTTPClient(t *testing.T) {
	hc := channel.NewHTTPClient()
	if hc.Timeout != 15*time.Second {
		t.Fatalf("timeout = %v", hc.Timeout)
	}
}
