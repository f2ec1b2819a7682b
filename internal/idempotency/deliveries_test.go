package idempotency

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestDeliveriesAreClaimedOnceReleasedAndPurged(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx, s, now := context.Background(), NewDeliveries(d), time.Now()
		claim := func(source, id string, at time.Time) bool {
			t.Helper()
			ok, err := s.Claim(ctx, source, id, at)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim("clerk", "msg_1", now) || claim("clerk", "msg_1", now) {
			t.Fatal("a delivery id must be claimed exactly once")
		}
		if !claim("other", "msg_1", now) {
			t.Fatal("ids are per source")
		}
		if err := s.Release(ctx, "clerk", "msg_1"); err != nil {
			t.Fatal(err)
		}
		if !claim("clerk", "msg_1", now) {
			t.Fatal("a released delivery can be processed again")
		}
		claim("clerk", "msg_old", now.Add(-DeliveryTTL-time.Hour))
		n, err := s.Purge(ctx, now)
		if err != nil || n != 1 {
			t.Fatalf("purge removed %d (%v), want the one old id", n, err)
		}
		if claim("clerk", "msg_1", now) || !claim("clerk", "msg_old", now) {
			t.Fatal("purge must forget only old ids")
		}
	})
}
