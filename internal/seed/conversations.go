package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/conversation"
)

// demoMessages are patients' messages the demo receives through the real
// pipeline (understood, acted on, answered), so the inbox is not empty: one
// urgent, one question waiting for a volunteer, one greeting.
var demoMessages = []struct {
	phone, body string
	ago         time.Duration
}{
	{"+6281322220102", "Dok, saya demam tinggi setelah kemo kemarin, 39 derajat", 25 * time.Minute},
	{"+6281234560101", "Apakah tamoxifen boleh diminum sebelum makan?", 2 * time.Hour},
	{"+6281177770108", "Good morning! Thank you for the reminders", 5 * time.Hour},
}

// demoConversations hands demoMessages to the conversation pipeline and
// processes them.
func demoConversations(ctx context.Context, convs *conversation.Service, now time.Time) error {
	if convs == nil {
		return nil
	}
	for i, m := range demoMessages {
		got, err := convs.Receive(ctx, conversation.Incoming{Channel: "whatsapp", From: m.phone, Body: m.body,
			ProviderID: fmt.Sprintf("DEMO%016d", i+1), At: now.Add(-m.ago)})
		if err != nil {
			return err
		}
		if got.Outcome != conversation.Stored {
			return fmt.Errorf("demo message %d was %s", i+1, got.Outcome)
		}
	}
	for {
		n, err := convs.ProcessDue(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}
