package nhnsms_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/nhnsms"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

func sentSendNo(t *testing.T, r fakeprovider.SMSRequest) string {
	t.Helper()
	var sent struct {
		SendNo string `json:"sendNo"`
	}
	if err := json.Unmarshal(r.Raw, &sent); err != nil {
		t.Fatal(err)
	}
	return sent.SendNo
}

// The tenant's own registered number is the sendNo; without one, the
// configured sender is.
func TestSendUsesTheTenantsSender(t *testing.T) {
	f, c := setup(t)
	if _, err := send(t, c, krPhone, koShort); err != nil {
		t.Fatal(err)
	}
	if got := sentSendNo(t, f.Requests()[0]); got != f.SendNo {
		t.Fatalf("default sendNo = %q, want %q", got, f.SendNo)
	}

	// A client whose configured sender NHN does not know still sends for a
	// tenant with its own registered number: the account's number is used.
	c2, err := nhnsms.New(nhnsms.Config{BaseURL: f.URL, AppKey: f.AppKey, SecretKey: f.SecretKey, Sender: "0299998888"},
		&http.Client{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	m := channel.Message{ID: "msg-2", Attempt: 1, To: krPhone, Body: koShort, Account: channel.Account{SMSSender: " " + f.SendNo + " "}}
	if _, err := c2.Send(context.Background(), m); err != nil {
		t.Fatalf("tenant sender: %v", err)
	}
	if got := sentSendNo(t, f.Requests()[1]); got != f.SendNo {
		t.Fatalf("tenant sendNo = %q, want %q", got, f.SendNo)
	}
	// The same client without an account uses its own (here unregistered) sender.
	m.Account = channel.Account{WhatsAppDeviceID: "dev", KakaoSenderKey: "key"}
	if _, err := c2.Send(context.Background(), m); channel.ClassOf(err) != channel.Misconfigured {
		t.Fatalf("unregistered default sender: %v", err)
	}
	if got := sentSendNo(t, f.Requests()[2]); got != "0299998888" {
		t.Fatalf("default sendNo = %q", got)
	}
}
