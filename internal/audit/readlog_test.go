package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestReadLogWritesInBatchesAndFlushesOnShutdown(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		now := time.Now().UTC()
		if err := d.Gorm.Exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at)
			VALUES ('01a23bbd-57af-7df6-885d-e4caea73e542', 'org_t', 'Klinik', 'ID', 'Asia/Jakarta', ?, ?)`, now, now).Error; err != nil {
			t.Fatal(err)
		}
		count := func() (n int64) {
			d.Gorm.Raw("SELECT count(*) FROM audit_events WHERE action = ?", audit.ActionPatientList).Scan(&n)
			return n
		}
		rl := audit.NewReadLog(d, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { rl.Run(ctx); close(done) }()
		deadline := time.Now().Add(5 * time.Second)
		for { // wait until Run has taken over (Record writes at once before)
			if err := rl.Record(ctx, time.Now(), audit.Entry{TenantID: "01a23bbd-57af-7df6-885d-e4caea73e542", Action: audit.ActionPatientList, ResourceType: "patient",
				ResourceIDs: []string{"a"}}); err != nil {
				t.Fatal(err)
			}
			if count() == 0 || time.Now().After(deadline) {
				break
			}
			d.Gorm.Exec("DELETE FROM audit_events")
		}
		for i := 0; i < 9; i++ {
			_ = rl.Record(ctx, time.Now(), audit.Entry{TenantID: "01a23bbd-57af-7df6-885d-e4caea73e542", Action: audit.ActionPatientList, ResourceType: "patient",
				ResourceIDs: []string{"a", "b"}})
		}
		if n := count(); n != 0 {
			t.Fatalf("buffered events were written at once: %d", n)
		}
		cancel()
		<-done
		if n := count(); n != 10 {
			t.Fatalf("shutdown must write every buffered event: %d", n)
		}
	})
}
