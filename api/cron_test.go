package api

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestCronTriggerNeedsTheSecret(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	for name, r := range map[string]*response{
		"none":         a.do("POST", "/api/v1/cron/trigger", nil, ""),
		"wrong bearer": a.do("POST", "/api/v1/cron/trigger", nil, "not-the-secret"),
		"wrong key":    a.do("GET", "/api/v1/cron/trigger?key=nope", nil, ""),
		"user token":   a.do("POST", "/api/v1/cron/trigger", nil, a.admin),
	} {
		if r.code != 401 || r.problem().Code != CodeUnauthenticated {
			t.Fatalf("%s: %d %s", name, r.code, r.body)
		}
	}
	r := a.do("POST", "/api/v1/cron/trigger", nil, a.cfg.CronSecret)
	a.ok(r, 200)
	var sum TickSummary
	r.decode(&sum)
	if !sum.Complete || sum.StartedAt.IsZero() {
		t.Fatalf("summary: %+v", sum)
	}
	a.ok(a.do("GET", "/api/v1/cron/trigger?key="+a.cfg.CronSecret, nil, ""), 200)
}

func TestConcurrentTriggersSendEveryDueMessageOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		var p Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"}, a.admin).decode(&p)
		var tenantID string
		d.Gorm.Raw("SELECT tenant_id FROM patients WHERE id = ?", p.ID).Scan(&tenantID)
		testutil.NoQuietHours(t, d) // the test's clock is the real one: any time of day
		ob := outbox.NewOutbox(d, a.clock, []string{"log"}, outbox.NewDBLookups(d))
		var ids []string
		for i := 0; i < 25; i++ {
			m, err := ob.Enqueue(context.Background(), d.Gorm, outbox.NewMessage{TenantID: tenantID, PatientID: p.ID,
				Body: "Pesan " + string(rune('A'+i)), Source: outbox.SourceManual})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		var wg sync.WaitGroup
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := httptest.NewRequest("POST", "/api/v1/cron/trigger", nil)
				req.Header.Set("Authorization", "Bearer "+a.cfg.CronSecret)
				rec := httptest.NewRecorder()
				a.e.ServeHTTP(rec, req)
				if rec.Code != 200 {
					t.Errorf("trigger: %d %s", rec.Code, rec.Body)
				}
			}()
		}
		wg.Wait()
		var attempts, sent int64
		d.Gorm.Raw("SELECT count(*) FROM message_attempts WHERE message_id IN ?", ids).Scan(&attempts)
		d.Gorm.Raw("SELECT count(*) FROM messages WHERE id IN ? AND status = 'sent'", ids).Scan(&sent)
		if attempts != 25 || sent != 25 {
			t.Fatalf("every message once: %d attempts, %d sent", attempts, sent)
		}
	})
}
