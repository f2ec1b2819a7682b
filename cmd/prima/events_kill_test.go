package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
	"github.com/prima-health/prima/migrations"
	svix "github.com/svix/svix-webhooks/go"
)

// hookReceiver is an integration's endpoint: every request is verified
// with Svix's Standard Webhooks verifier; it answers 503 until it is ready.
type hookReceiver struct {
	t      *testing.T
	srv    *httptest.Server
	secret string
	ready  atomic.Bool

	mu       sync.Mutex
	attempts map[string]int    // webhook-id → requests
	accepted map[string]int    // webhook-id → requests answered 2xx
	message  map[string]string // webhook-id → the message.sent event's message_id
}

func newHookReceiver(t *testing.T) *hookReceiver {
	r := &hookReceiver{t: t, attempts: map[string]int{}, accepted: map[string]int{}, message: map[string]string{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		wh, err := svix.NewWebhook(r.secret)
		if err == nil {
			err = wh.Verify(raw, req.Header)
		}
		if err != nil {
			r.t.Errorf("a delivery does not verify: %v", err)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		var b events.Body
		if err := json.Unmarshal(raw, &b); err != nil || b.Type != events.TypeMessageSent {
			r.t.Errorf("delivery body %s: %v", raw, err)
		}
		id := req.Header.Get("webhook-id")
		r.mu.Lock()
		defer r.mu.Unlock()
		r.attempts[id]++
		r.message[id], _ = b.Data["message_id"].(string)
		if !r.ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		r.accepted[id]++
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// TestEventDeliverySurvivesSIGKILL records message.sent events in a `prima
// serve` process whose subscriber is not ready yet (it answers 503), kills
// the process (SIGKILL) with every delivery still owed, and starts it again
// on the same database: the subscriber then gets each event exactly once,
// signed with its secret, under the same webhook-id as the refused attempt.
func TestEventDeliverySurvivesSIGKILL(t *testing.T) {
	if testutil.PostgresURL() == "" {
		t.Skip("needs PRIMA_TEST_POSTGRES_URL: the server process and the test share one PostgreSQL")
	}
	if testing.Short() {
		t.Skip("builds prima and runs a server process")
	}
	const sends = 3
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
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	tenant, now := ids.New(), time.Now().UTC()
	must(d.Gorm.Exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, channel_order, created_at, updated_at, version, quiet_hours_start, quiet_hours_end)
		VALUES (?, 'org_events_kill', 'Klinik', 'ID', 'Asia/Jakarta', '["whatsapp"]', ?, ?, 1, '00:00', '00:00')`, tenant, now, now).Error)
	patient := ids.New()
	must(d.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
		VALUES (?, ?, 'Siti Rahmawati', '+6281234500001', 'id', 'Asia/Jakarta', 'granted', true, ?, ?, 1)`, patient, tenant, now, now).Error)

	rcv := newHookReceiver(t)
	key, err := (&config.Config{EncryptionKey: config.DevelopmentEncryptionKey}).EncryptionKeyBytes()
	must(err)
	keys, err := crypto.NewKeyring(key)
	must(err)
	subs := events.NewService(events.Deps{DB: d, Recorder: events.NewRecorder(d, nil), Keyring: keys, Clock: clock.System{}, AllowPrivate: true})
	sub, err := subs.Create(ctx, identity.Actor{TenantID: tenant, Role: identity.RoleAdmin, Name: "Admin", UserID: ids.New()},
		events.Input{URL: rcv.srv.URL + "/prima/events", Events: []string{events.TypeMessageSent}})
	must(err)
	rcv.secret = sub.PlainSecret

	ob := newTestOutbox(d, "whatsapp", "log")
	queued := map[string]bool{}
	for i := range sends {
		m, err := ob.Enqueue(ctx, d.Gorm, outbox.NewMessage{TenantID: tenant, PatientID: patient, Body: fmt.Sprintf("Pesan %d dari klinik", i),
			Source: outbox.SourceManual, ChannelOrder: []string{"whatsapp"}})
		must(err)
		queued[m.ID] = true
	}

	wa := fakeprovider.NewGOWA(t)
	env := []string{"PRIMA_ENV=development", "DATABASE_URL=" + dsn, "REDIS_URL=" + testutil.RedisURL(), "PRIMA_BASE_URL=",
		"PRIMA_SCHEDULER=external", "PRIMA_SEED_DEMO=false", "PRIMA_AUTO_MIGRATE=false", "CRON_SECRET=" + strings.Repeat("c", 40),
		"PRIMA_LOG_LEVEL=warn", "PRIMA_ENCRYPTION_KEY=" + config.DevelopmentEncryptionKey, "PRIMA_WEBHOOK_ALLOW_PRIVATE=true",
		"PRIMA_RECEIPT_WAIT=0", "PRIMA_TENANT_RATE_PER_SEC=0",
		"GOWA_API_URL=" + wa.URL, "GOWA_BASIC_AUTH=" + wa.BasicAuth, "GOWA_DEVICE_ID=", "GOWA_WEBHOOK_SECRET=" + strings.Repeat("w", 32),
		"NHN_SMS_API_URL=", "NHN_KAKAO_API_URL=", "OPENAI_API_KEY="}
	proc := newPrimaProc(t, "events", buildPrima(t), freePort(t), env)
	t.Cleanup(func() { logTails(t, []*primaProc{proc}, 40) })
	start := time.Now()
	must(proc.Start(30 * time.Second))

	// Every event was recorded and refused once; its retry waits (about 5 s).
	owed := func() (recorded, refused, succeeded int64) {
		t.Helper()
		must(d.Gorm.Raw("SELECT count(*) FROM event_deliveries WHERE tenant_id = ?", tenant).Scan(&recorded).Error)
		must(d.Gorm.Raw("SELECT count(*) FROM event_deliveries WHERE tenant_id = ? AND status = 'pending' AND attempts >= 1 AND claim_token IS NULL",
			tenant).Scan(&refused).Error)
		must(d.Gorm.Raw("SELECT count(*) FROM event_deliveries WHERE tenant_id = ? AND status = 'succeeded'", tenant).Scan(&succeeded).Error)
		return
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if rec, ref, _ := owed(); rec == sends && ref == sends {
			break
		}
		if time.Now().After(deadline) {
			rec, ref, _ := owed()
			t.Fatalf("%d deliveries recorded, %d refused once, 20 s after the start", rec, ref)
		}
		time.Sleep(20 * time.Millisecond)
	}
	proc.Kill()
	if _, _, ok := owed(); ok != 0 {
		t.Fatalf("%d deliveries succeeded before the kill", ok)
	}

	rcv.ready.Store(true)
	must(proc.Start(30 * time.Second))
	deadline = time.Now().Add(20 * time.Second)
	for {
		if _, _, ok := owed(); ok == sends {
			break
		}
		if time.Now().After(deadline) {
			_, _, ok := owed()
			t.Fatalf("%d of %d deliveries succeeded 20 s after the restart", ok, sends)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second) // a second copy would show now

	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if len(rcv.accepted) != sends {
		t.Fatalf("accepted deliveries %v, want %d webhook-ids", rcv.accepted, sends)
	}
	got := map[string]bool{}
	for id, n := range rcv.accepted {
		if n != 1 {
			t.Errorf("delivery %s accepted %d times", id, n)
		}
		if rcv.attempts[id] < 2 {
			t.Errorf("delivery %s: %d attempts, want the refused one and its retry under one webhook-id", id, rcv.attempts[id])
		}
		got[rcv.message[id]] = true
	}
	for id := range queued {
		if !got[id] {
			t.Errorf("no delivery of message.sent for message %s (got %v)", id, got)
		}
	}
	if len(rcv.attempts) != sends {
		t.Errorf("requests under %d webhook-ids, want %d", len(rcv.attempts), sends)
	}
	t.Logf("delivered after the restart; %v from the first start", time.Since(start).Round(time.Millisecond))
}
