package messaging

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestInboundMessagesAreStoredOnceAndUnknownSendersIgnored(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient("granted")
		in := NewInbox(d, f.clock)
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
		var got Message
		must(t, d.Gorm.Where("patient_id = ? AND direction = ?", p, Inbound).Take(&got).Error)
		if got.Status != StatusReceived || got.Body != "Sudah minum obat" || got.Source != SourceInbound {
			t.Fatalf("inbound row: %+v", got)
		}
	})
}
