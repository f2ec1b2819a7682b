package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
	"github.com/prima-health/prima/migrations"
)

// TestThreeReplicasTriggeredConcurrentlySendEachMessageOnce starts three real
// `prima serve` processes on one PostgreSQL database and hits their trigger
// URLs ten times at once: every due message reaches the (fake) WhatsApp
// provider exactly once.
func TestThreeReplicasTriggeredConcurrentlySendEachMessageOnce(t *testing.T) {
	if testutil.PostgresURL() == "" {
		t.Skip("needs PRIMA_TEST_POSTGRES_URL: the replicas share one PostgreSQL")
	}
	if testing.Short() {
		t.Skip("builds and starts three server processes")
	}
	dsn := testutil.DSN(t, db.Postgres)
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.MigrateUp(ctx, migrations.FS); err != nil {
		t.Fatal(err)
	}

	// One tenant without quiet hours (the test must pass at any hour), 30 consenting patients, one message each.
	tenant := ids.New()
	now := time.Now().UTC()
	exec1 := func(sql string, args ...any) {
		if err := d.Gorm.Exec(sql, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	exec1(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at, version, quiet_hours_start, quiet_hours_end)
		VALUES (?, 'org_replicas', 'Replicas', 'ID', 'Asia/Jakarta', ?, ?, 1, '00:00', '00:00')`, tenant, now, now)
	ob := outbox.NewOutbox(d, clock.System{}, []string{"whatsapp", "log"}, outbox.NewDBLookups(d))
	var phones []string
	for i := 0; i < 30; i++ {
		pid, phone := ids.New(), fmt.Sprintf("+62812345%05d", i)
		phones = append(phones, phone)
		exec1(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
			VALUES (?, ?, 'P', ?, 'id', 'Asia/Jakarta', 'granted', true, ?, ?, 1)`, pid, tenant, phone, now, now)
		if _, err := ob.Enqueue(ctx, d.Gorm, outbox.NewMessage{TenantID: tenant, PatientID: pid, Body: "Waktunya minum obat",
			Source: outbox.SourceManual, ChannelOrder: []string{"whatsapp"}}); err != nil {
			t.Fatal(err)
		}
	}

	wa := fakeprovider.NewGOWA(t)
	bin := filepath.Join(t.TempDir(), "prima")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	secret := strings.Repeat("c", 40)
	var bases []string
	for i := 0; i < 3; i++ {
		port := freePort(t)
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn, "PRIMA_ADDR="+fmt.Sprintf("127.0.0.1:%d", port), "PRIMA_SCHEDULER=external",
			"PRIMA_SEED_DEMO=false", "PRIMA_LOG_LEVEL=error", "CRON_SECRET="+secret, "PRIMA_DATA_DIR="+t.TempDir(), "REDIS_URL=",
			"GOWA_API_URL="+wa.URL, "GOWA_BASIC_AUTH="+wa.BasicAuth, "PRIMA_CHANNEL_RATES=whatsapp=1000")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
		bases = append(bases, fmt.Sprintf("http://127.0.0.1:%d", port))
	}
	for _, base := range bases {
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := http.Get(base + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never became ready", base)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(base string) {
			defer wg.Done()
			req, _ := http.NewRequest("POST", base+"/api/v1/cron/trigger", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("trigger on %s: %d", base, resp.StatusCode)
			}
		}(bases[i%3])
	}
	wg.Wait()
	for _, phone := range phones {
		if n := wa.Count(phone); n != 1 {
			t.Fatalf("%s received %d messages, want exactly 1", phone, n)
		}
	}
	var sent int64
	d.Gorm.Raw("SELECT count(*) FROM messages WHERE status = 'sent'").Scan(&sent)
	if sent != 30 {
		t.Fatalf("sent rows: %d", sent)
	}
}
