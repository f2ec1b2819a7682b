package api

import (
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/idempotency"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/scheduler"
)

// testScheduler wires the sending side as cmd/prima does, with only the log channel.
func testScheduler(t *testing.T, d *db.DB, c clock.Clock, rem scheduler.Reminders) *scheduler.Service {
	t.Helper()
	reg, err := providers.New(providers.Config{})
	if err != nil {
		t.Fatal(err)
	}
	disp := outbox.NewDispatcher(d, outbox.NewRegistryChannels(reg, nil), outbox.NewDBLookups(d), nil, c,
		outbox.DispatchConfig{Worker: "test", ReceiptWait: 30 * time.Minute}, testLogger())
	sched := scheduler.New(rem, outbox.NewReceipts(d, c), disp, c, testLogger())
	sched.AddChore(scheduler.Chore{Name: "idempotency_keys", Run: idempotency.NewStore(d, nil).Purge})
	return sched
}
