package outbox

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// withProviders replaces the fixture's scripted channels with the real
// clients talking to local fakes of GOWA and NHN SMS.
func withProviders(t *testing.T, f *fixture) (*fakeprovider.GOWA, *fakeprovider.NHNSMS) {
	wa := fakeprovider.NewGOWA(t)
	sms := fakeprovider.NewNHNSMS(t)
	reg, err := providers.New(providers.Config{
		GOWA: config.GOWAConfig{APIURL: wa.URL, BasicAuth: wa.BasicAuth},
		SMS:  config.NHNSMSConfig{APIURL: sms.URL, AppKey: sms.AppKey, SecretKey: sms.SecretKey, Sender: sms.SendNo},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.disp.channels = NewRegistryChannels(reg, nil)
	return wa, sms
}

func TestRealClientsFailOverFromWhatsAppToSMS(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		wa, sms := withProviders(t, f)
		wa.Script(fakeprovider.Reply{Status: 500}, fakeprovider.Reply{Status: 400, Code: "VALIDATION_ERROR"})
		m := f.enqueue(f.patient("granted"), "Selamat pagi, waktunya minum obat", "whatsapp", "sms")
		f.drain()
		f.clock.Advance(2 * time.Minute)
		f.drain()
		got, atts := f.load(m.ID)
		if got.Status != StatusSent || got.Channel != "sms" || len(atts) != 3 {
			t.Fatalf("message %+v attempts %+v", got, atts)
		}
		if atts[0].Channel != "whatsapp" || atts[0].Status != "failed" || atts[1].Status != "failed" || atts[2].Channel != "sms" {
			t.Fatalf("the trail must show both WhatsApp failures and the SMS: %+v", atts)
		}
		if wa.Accepted("+6281234567890") != 0 || sms.Accepted("+6281234567890") != 1 {
			t.Fatalf("exactly one copy reached the patient: wa=%d sms=%d", wa.Accepted("+6281234567890"), sms.Accepted("+6281234567890"))
		}
	})
}

func TestRealClientThrottledIsSlowedNotFailed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		wa, _ := withProviders(t, f)
		wa.Script(fakeprovider.Reply{Status: 429, RetryAfter: "20"})
		m := f.enqueue(f.patient("granted"), "Halo", "whatsapp", "sms")
		f.drain()
		got, _ := f.load(m.ID)
		if got.Status != StatusQueued || got.Channel != "whatsapp" || got.NextAttemptAt.Sub(f.clock.Now()) < 19*time.Second {
			t.Fatalf("429 must slow the channel: %+v", got)
		}
		f.clock.Advance(21 * time.Second)
		if _, err := f.disp.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got, _ = f.load(m.ID); got.Status != StatusSent || got.Channel != "whatsapp" {
			t.Fatalf("after the pause: %+v", got)
		}
	})
}
