package outbox

import (
	"context"
	"fmt"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/testutil"
)

// On a rate-limited channel, campaign traffic takes at most BulkShare of
// the budget: a reply queued behind a campaign's backlog in the same second
// still finds tokens and is claimed first.
func TestBulkTrafficLeavesAShareOfTheChannelForReplies(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		disp := NewDispatcher(d, f.ch, NewDBLookups(d), ratelimit.NewMemoryTokens(f.clock.Now), f.clock,
			DispatchConfig{Worker: "w1", Workers: 1, Channels: []string{"whatsapp"}, ChannelPerSecond: map[string]int{"whatsapp": 10}}, nil)
		ctx := context.Background()
		for i := range 50 {
			_, err := f.outbox.Enqueue(ctx, d.Gorm, NewMessage{TenantID: f.tenantID, PatientID: f.patient("granted"),
				Body: fmt.Sprintf("Kampanye %d", i), Source: SourceCampaign, SourceID: "c1", Priority: PriorityBulk, ChannelOrder: []string{"whatsapp"}})
			must(t, err)
		}
		first, _, err := disp.claim(ctx, lane{channel: "whatsapp"}, f.clock.Now())
		must(t, err)
		if len(first) == 0 || len(first) > 8 {
			t.Fatalf("campaign traffic claimed %d of a 10/s channel's budget", len(first))
		}
		reply := f.enqueue(f.patient("granted"), "Baik Bu, kami telepon sebentar lagi.", "whatsapp")
		next, _, err := disp.claim(ctx, lane{channel: "whatsapp"}, f.clock.Now())
		must(t, err)
		if len(next) == 0 || next[0].ID != reply.ID {
			t.Fatalf("the reply found no budget left in the second: claimed %d", len(next))
		}
	})
}
