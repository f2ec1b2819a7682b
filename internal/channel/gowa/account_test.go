package gowa_test

import (
	"context"
	"testing"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/gowa"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// A tenant's own device goes out as X-Device-Id; without one, the configured
// device does, and without either no header is sent.
func TestSendUsesTheTenantsDevice(t *testing.T) {
	f := fakeprovider.NewGOWA(t)
	f.Devices = []string{"default-dev", "6281111111111@s.whatsapp.net", "clinic-b"}
	c := newClient(t, f, gowa.Config{DeviceID: "default-dev"})
	cases := []struct {
		account channel.Account
		want    string
	}{
		{channel.Account{}, "default-dev"},
		{channel.Account{WhatsAppDeviceID: "6281111111111@s.whatsapp.net"}, "6281111111111@s.whatsapp.net"},
		{channel.Account{WhatsAppDeviceID: " clinic-b "}, "clinic-b"},
		{channel.Account{WhatsAppDeviceID: "   "}, "default-dev"},
		// Other channels' accounts do not change the device.
		{channel.Account{SMSSender: "0212345678", KakaoSenderKey: "abc"}, "default-dev"},
	}
	for i, tc := range cases {
		m := msg()
		m.Account = tc.account
		if _, err := c.Send(context.Background(), m); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if got := f.Requests()[i].DeviceID; got != tc.want {
			t.Errorf("case %d: X-Device-Id = %q, want %q", i, got, tc.want)
		}
	}

	// No configured device: only the tenant's, if any.
	f2 := fakeprovider.NewGOWA(t)
	c2 := newClient(t, f2, gowa.Config{})
	m := msg()
	if _, err := c2.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	m.Account.WhatsAppDeviceID = "clinic-b"
	if _, err := c2.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if r := f2.Requests(); r[0].DeviceID != "" || r[1].DeviceID != "clinic-b" {
		t.Fatalf("X-Device-Id = %q then %q", r[0].DeviceID, r[1].DeviceID)
	}

	// A device GOWA does not know is a configuration error, as for the default.
	m.Account.WhatsAppDeviceID = "unknown-dev"
	if _, err := c.Send(context.Background(), m); channel.ClassOf(err) != channel.Misconfigured {
		t.Fatalf("unknown tenant device: %v", err)
	}
}
