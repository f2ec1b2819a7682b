package messaging

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestInboundMessagesAreStoredOnceAndUnknownSendersIgnored(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newSvcEnv(t, d)
		p := e.addPatient(e.tenant, "Siti", "")

		in := NewInbox(d, e.clock)
		msg := Incoming{Channel: "whatsapp", From: "+6281234567890", Body: "Sudah minum obat", ProviderID: "3EB0C127", At: time.Now()}
		if n, err := in.Record(context.Background(), msg); err != nil || n != 1 {
			t.Fatalf("record: %d %v", n, err)
		}
		if n, _ := in.Record(context.Background(), msg); n != 0 {
			t.Fatal("a re-delivered webhook must not store the message twice")
		}
		msg.From, msg.ProviderID = "+6289999999999", "other"
		if n, _ := in.Record(context.Background(), msg); n != 0 {
			t.Fatal("unknown senders are not attached to any patient")
		}
		var got outbox.Message

		if err := d.Gorm.Where("patient_id = ? AND direction = ?", p, outbox.Inbound).Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		body, err := outbox.NewBodies(nil).Open(got.Body)
		if err != nil || got.Body == "Sudah minum obat" {
			t.Fatalf("the inbound body must be stored sealed: %q %v", got.Body, err)
		}
		if got.Status != outbox.StatusReceived || body != "Sudah minum obat" || got.Source != outbox.SourceInbound {
			t.Fatalf("inbound row: %+v", got)
		}
	})
}
