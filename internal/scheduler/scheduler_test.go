package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/testutil"
)

// slowChannel answers after a delay, and fails the way an HTTP client does
// when its context ends first.
type slowChannel struct {
	delay time.Duration
}

func (s *slowChannel) Send(ctx context.Context, _ string, _ outbox.Outgoing) (string, *outbox.SendError) {
	select {
	case <-time.After(s.delay):
		return "pid-" + ids.New(), nil
	case <-ctx.Done():
		return "", &outbox.SendError{Outcome: outbox.OutcomeUnknown, Code: "timeout", Message: "context ended"}
	}
}

func (s *slowChannel) ResendWindow(string) time.Duration { return 0 }

func setup(t *testing.T, d *db.DB, ch outbox.Channels, rates map[string]int) (*Service, *outbox.Outbox, string, func() string) {
	t.Helper()
	c := clock.System{}
	now := c.Now()
	tenant := ids.New()
	exec := func(sql string, args ...any) {
		if err := d.Gorm.Exec(sql, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at, version, quiet_hours_start, quiet_hours_end)
		VALUES (?, ?, 'Klinik', 'ID', 'Asia/Jakarta', ?, ?, 1, '00:00', '00:00')`, tenant, "org_"+tenant, now, now)
	patient := func() string {
		id := ids.New()
		exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
			VALUES (?, ?, 'Siti', '+6281234567890', 'id', 'Asia/Jakarta', 'granted', ?, ?, ?, 1)`, id, tenant, true, now, now)
		return id
	}
	lk := outbox.NewDBLookups(d)
	disp := outbox.NewDispatcher(d, ch, lk, ratelimit.NewMemoryTokens(nil), c,
		outbox.DispatchConfig{Channels: []string{"whatsapp"}, ChannelPerSecond: rates}, nil)
	return New(nil, nil, disp, c, nil), outbox.NewOutbox(d, c, []string{"whatsapp", "log"}, lk), tenant, patient
}

// A cron caller that hangs up mid-send cancels nothing: the send finishes and
// is recorded as what it was.
func TestTriggerCallerHangingUpCancelsNoSend(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ch := &slowChannel{delay: 300 * time.Millisecond}
		s, ob, tenant, patient := setup(t, d, ch, nil)
		m, err := ob.Enqueue(context.Background(), d.Gorm, outbox.NewMessage{TenantID: tenant, PatientID: patient(), Body: "Halo",
			Source: outbox.SourceManual, ChannelOrder: []string{"whatsapp"}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, hangUp := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer hangUp()
		if _, err := s.Trigger(ctx, 10*time.Second); err == nil {
			t.Fatal("the caller left before the tick ended; Trigger should say so")
		}
		deadline := time.Now().Add(5 * time.Second)
		var got outbox.Message
		for time.Now().Before(deadline) {
			if err := d.Gorm.Where("id = ?", m.ID).Take(&got).Error; err != nil {
				t.Fatal(err)
			}
			if got.Status != outbox.StatusQueued && got.Status != outbox.StatusSending {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if got.Status != outbox.StatusSent || got.ErrorCode != nil || got.ProviderMessageID == nil {
			t.Fatalf("the send must finish and be recorded as sent: %+v", got)
		}
		waitIdle(t, s)
	})
}

// A trigger that stops under a channel's rate limit says so: complete is
// false while due messages remain queued.
func TestTriggerIsCompleteOnlyWhenNothingDueRemains(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ch := &slowChannel{}
		s, ob, tenant, patient := setup(t, d, ch, map[string]int{"whatsapp": 2})
		for range 10 {
			if _, err := ob.Enqueue(context.Background(), d.Gorm, outbox.NewMessage{TenantID: tenant, PatientID: patient(),
				Body: "Halo", Source: outbox.SourceManual, ChannelOrder: []string{"whatsapp"}}); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := s.Tick(context.Background(), 500*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Complete || sum.MessagesSent == 0 || sum.MessagesSent >= 10 {
			t.Fatalf("a rate-limited tick must report what it sent and that it is not complete: %+v", sum)
		}
		for try := 0; !sum.Complete && try < 10; try++ {
			if sum, err = s.Tick(context.Background(), 5*time.Second); err != nil {
				t.Fatal(err)
			}
		}
		var queued int64
		d.Gorm.Model(&outbox.Message{}).Where("status = ?", outbox.StatusQueued).Count(&queued)
		if queued != 0 || !sum.Complete {
			t.Fatalf("complete with %d still queued: %+v", queued, sum)
		}
	})
}

// waitIdle waits for the detached tick to end, so the test's database outlives it.
func waitIdle(t *testing.T, s *Service) {
	t.Helper()
	for range 500 {
		if s.busy.TryLock() {
			s.busy.Unlock()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the detached tick did not end")
}
