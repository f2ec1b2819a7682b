package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/campaign"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
	"github.com/prima-health/prima/migrations"
)

// TestCampaignSurvivesSIGKILL executes a campaign to 400 patients, lets a
// `prima serve` process feed and send it, kills it (SIGKILL) a third of the
// way through and starts it again. Every patient of the audience ends with
// exactly one message in the log, none got two copies, and a message the
// kill left with an unknown outcome says so (sent, unconfirmed) instead of
// being sent again.
func TestCampaignSurvivesSIGKILL(t *testing.T) {
	if testutil.PostgresURL() == "" {
		t.Skip("needs PRIMA_TEST_POSTGRES_URL: the server process and the test share one PostgreSQL")
	}
	if testing.Short() {
		t.Skip("builds prima and runs a server process")
	}
	const audience = 400
	ctx := context.Background()
	dsn := testutil.DSN(t, db.Postgres)
	d, err := db.Open(ctx, dsn, db.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.MigrateUp(ctx, migrations.FS); err != nil {
		t.Fatal(err)
	}
	tenant, now := ids.New(), time.Now().UTC()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(d.Gorm.Exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, channel_order, created_at, updated_at, version, quiet_hours_start, quiet_hours_end)
		VALUES (?, 'org_campaign_kill', 'Klinik', 'ID', 'Asia/Jakarta', '["whatsapp"]', ?, ?, 1, '00:00', '00:00')`, tenant, now, now).Error)
	for i := range audience {
		must(d.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, tags, is_active, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, 'id', 'Asia/Jakarta', 'granted', '["skrining"]', true, ?, ?, 1)`,
			ids.New(), tenant, fmt.Sprintf("Pasien %d", i), fmt.Sprintf("+62812347%05d", i), now, now).Error)
	}
	// Created and executed as the dashboard would; the server process sends it.
	svc := campaign.New(campaign.Deps{DB: d, Clock: clock.System{}, Outbox: newTestOutbox(d, "whatsapp", "log"),
		Templates: template.NewService(template.NewStore(d), nil, clock.System{})})
	admin := identity.Actor{TenantID: tenant, Role: identity.RoleAdmin, Name: "Admin", UserID: ids.New()}
	rate := 3000 // 50 a second: the run lasts about 8 s
	c, err := svc.Create(ctx, admin, campaign.Input{Name: "Skrining", RatePerMinute: &rate, ChannelOrder: []string{"whatsapp"},
		Bodies:   map[string]string{"id": "Halo {{first_name}}, ada skrining gratis minggu ini."},
		Audience: campaign.Audience{Segment: &campaign.Segment{TagsAny: []string{"skrining"}}}})
	must(err)
	_, _, err = svc.Execute(ctx, admin, c.ID, false)
	must(err)

	wa := fakeprovider.NewGOWA(t)
	wa.SetChaos(&fakeprovider.Chaos{Seed: 7, MaxDelay: 150 * time.Millisecond})
	env := []string{"PRIMA_ENV=development", "DATABASE_URL=" + dsn, "REDIS_URL=" + testutil.RedisURL(), "PRIMA_BASE_URL=",
		"PRIMA_SCHEDULER=external", "PRIMA_SEED_DEMO=false", "PRIMA_AUTO_MIGRATE=false", "CRON_SECRET=" + strings.Repeat("c", 40),
		"PRIMA_LOG_LEVEL=warn", "PRIMA_DISPATCH_LEASE=2s", "PRIMA_DISPATCH_BATCH=20", "PRIMA_DISPATCH_CONCURRENCY=8",
		"PRIMA_PROVIDER_TIMEOUT=4s", "PRIMA_RECEIPT_WAIT=0", "PRIMA_CHANNEL_RATES=whatsapp=1000", "PRIMA_TENANT_RATE_PER_SEC=0",
		"GOWA_API_URL=" + wa.URL, "GOWA_BASIC_AUTH=" + wa.BasicAuth, "GOWA_DEVICE_ID=", "GOWA_WEBHOOK_SECRET=" + strings.Repeat("w", 32),
		"NHN_SMS_API_URL=", "NHN_KAKAO_API_URL=", "OPENAI_API_KEY="}
	proc := newPrimaProc(t, "campaign", buildPrima(t), freePort(t), env)
	t.Cleanup(func() { logTails(t, []*primaProc{proc}, 40) })
	must(proc.Start(30 * time.Second))
	deadline := time.Now().Add(60 * time.Second)
	for wa.Stats().Accepted < audience/3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	proc.Kill()
	atKill := wa.Stats().Accepted
	if atKill >= audience {
		t.Fatalf("the campaign finished before the kill (%d sent)", atKill)
	}
	must(proc.Start(30 * time.Second))
	var status string
	for time.Now().Before(deadline) {
		must(d.Gorm.Raw("SELECT status FROM campaigns WHERE id = ?", c.ID).Scan(&status).Error)
		if status == campaign.StatusCompleted {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if status != campaign.StatusCompleted {
		t.Fatalf("campaign %s 60 s after it started (killed at %d sent)", status, atKill)
	}
	time.Sleep(time.Second) // late copies would show now
	var rows []struct {
		Phone     string
		Messages  int
		Status    string
		ErrorCode *string
	}
	must(d.Gorm.Raw(`SELECT p.phone, count(m.id) AS messages, min(m.status) AS status, min(m.error_code) AS error_code
FROM patients p LEFT JOIN messages m ON m.patient_id = p.id AND m.source = 'campaign' AND m.source_id = ?
WHERE p.tenant_id = ? GROUP BY p.phone`, c.ID, tenant).Scan(&rows).Error)
	copies := wa.AcceptedByPhone()
	unconfirmed := 0
	for _, r := range rows {
		n := copies[r.Phone]
		switch {
		case r.Messages != 1:
			t.Errorf("%s has %d campaign messages in the log", r.Phone, r.Messages)
		case n > 1:
			t.Errorf("%s got %d copies", r.Phone, n)
		case r.Status != "sent":
			t.Errorf("%s: message %s", r.Phone, r.Status)
		case n == 0 && (r.ErrorCode == nil || *r.ErrorCode != "unconfirmed"):
			t.Errorf("%s got nothing but the log says sent (%v)", r.Phone, r.ErrorCode)
		case r.ErrorCode != nil && *r.ErrorCode == "unconfirmed":
			unconfirmed++
		}
	}
	if len(rows) != audience {
		t.Errorf("%d patients in the audience, want %d", len(rows), audience)
	}
	var pending int64
	must(d.Gorm.Raw("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND state <> 'queued'", c.ID).Scan(&pending).Error)
	if pending != 0 {
		t.Errorf("%d recipients not queued after completion", pending)
	}
	t.Logf("killed after %d of %d sends; %d sends left unconfirmed by the kill", atKill, audience, unconfirmed)
}
