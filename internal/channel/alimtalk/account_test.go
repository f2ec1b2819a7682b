package alimtalk_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/alimtalk"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

func sentSenderKey(t *testing.T, r fakeprovider.AlimTalkRequest) string {
	t.Helper()
	var sent struct {
		SenderKey string `json:"senderKey"`
	}
	if err := json.Unmarshal(r.Raw, &sent); err != nil {
		t.Fatal(err)
	}
	return sent.SenderKey
}

// The tenant's own Kakao channel is the senderKey; without one, the
// configured sender key is.
func TestSendUsesTheTenantsSenderKey(t *testing.T) {
	f, c := setup(t, 2*time.Second)
	if _, err := c.Send(context.Background(), msg()); err != nil {
		t.Fatal(err)
	}
	if got := sentSenderKey(t, f.Requests()[0]); got != f.SenderKey {
		t.Fatalf("default senderKey = %q, want %q", got, f.SenderKey)
	}

	// A client configured with another channel's key sends for a tenant whose
	// own key NHN knows.
	c2, err := alimtalk.New(alimtalk.Config{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: f.SecretKey, SenderKey: "defaultkey0000000000000000000000000000000"},
		&http.Client{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	m := msg()
	m.Attempt = 2
	m.Account = channel.Account{KakaoSenderKey: f.SenderKey}
	if _, err := c2.Send(context.Background(), m); err != nil {
		t.Fatalf("tenant sender key: %v", err)
	}
	if got := sentSenderKey(t, f.Requests()[1]); got != f.SenderKey {
		t.Fatalf("tenant senderKey = %q", got)
	}
	// Without an account of its own the client's key goes out (NHN refuses it here).
	m.Attempt = 3
	m.Account = channel.Account{WhatsAppDeviceID: "dev", SMSSender: "15446859"}
	if _, err := c2.Send(context.Background(), m); channel.ClassOf(err) != channel.Misconfigured {
		t.Fatalf("unknown default sender key: %v", err)
	}
	if got := sentSenderKey(t, f.Requests()[2]); got != "defaultkey0000000000000000000000000000000" {
		t.Fatalf("default senderKey = %q", got)
	}
}
