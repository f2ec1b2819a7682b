package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
	"github.com/prima-health/prima/migrations"
)

// Shape of the chaos run.
const (
	chaosFirstWave  = 150              // messages queued before the servers start
	chaosSecondWave = 50               // messages queued right after the kill
	chaosDeadline   = 90 * time.Second // from the servers being ready to every message being settled
	chaosHang       = 6 * time.Second  // a GOWA send taken but answered after PRIMA_PROVIDER_TIMEOUT (4s)
	chaosSettle     = 3 * time.Second  // load keeps running once all is settled, to catch late copies
	chaosCallers    = 6                // concurrent trigger callers; every third one hangs up early
	chaosDown       = 4                // patients whose WhatsApp always answers 500: they must fail over to SMS
	chaosHangs      = 3                // patients whose first WhatsApp send hangs: an unknown outcome
)

var chaosTerminal = []string{"sent", "delivered", "read", "failed", "skipped"}

// TestChaosThreeReplicasExactlyOnce runs three `prima serve` processes on one
// PostgreSQL schema against a fake GOWA that is slow, fails 10 % of sends
// with HTTP 500 and takes 2 % without answering in time, and a fake NHN SMS.
// Trigger callers hammer every replica, a third of them hanging up early;
// one replica is killed (SIGKILL) mid-run and started again; more work is
// queued while it is down. Then, for every message: at most one copy reached
// the patient, and the message log tells the truth about it.
//
// The provider answers are seeded: PRIMA_CHAOS_SEED=<seed> gives every
// recipient the same sequence of answers again (timing, and so the kill's
// moment, still varies). PRIMA_CHAOS_LOG_LEVEL sets the servers' log level
// (default warn); their logs' tails are printed on failure.
func TestChaosThreeReplicasExactlyOnce(t *testing.T) {
	if testutil.PostgresURL() == "" {
		t.Skip("needs PRIMA_TEST_POSTGRES_URL: the three server processes share one PostgreSQL")
	}
	if testing.Short() {
		t.Skip("chaos run: builds prima and runs three server processes for up to 90 s")
	}
	seed := chaosSeed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
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

	// One tenant without quiet hours (the test must pass at any hour); every
	// patient consents and has a phone of their own.
	tenant, now := ids.New(), time.Now().UTC()
	if err := d.Gorm.Exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at, version, quiet_hours_start, quiet_hours_end)
		VALUES (?, 'org_chaos', 'Chaos', 'ID', 'Asia/Jakarta', ?, ?, 1, '00:00', '00:00')`, tenant, now, now).Error; err != nil {
		t.Fatal(err)
	}
	pats := make([]chaosPatient, chaosFirstWave+chaosSecondWave)
	for i := range pats {
		pats[i] = chaosPatient{id: ids.New(), phone: fmt.Sprintf("+62812346%05d", i)}
		if i >= chaosFirstWave {
			pats[i].role = "second wave"
		}
		if err := d.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
			VALUES (?, ?, 'P', ?, 'id', 'Asia/Jakarta', 'granted', true, ?, ?, 1)`, pats[i].id, tenant, pats[i].phone, now, now).Error; err != nil {
			t.Fatal(err)
		}
	}
	perm := rng.Perm(chaosFirstWave)
	for _, i := range perm[:chaosDown] {
		pats[i].role = "whatsapp down"
	}
	for _, i := range perm[chaosDown : chaosDown+chaosHangs] {
		pats[i].role = "whatsapp hangs"
	}

	ob := newTestOutbox(d, "whatsapp", "sms", "log")
	msgPatient := map[string]int{} // message id → index in pats
	enqueue := func(from, to int) {
		for i := from; i < to; i++ {
			m, err := ob.Enqueue(ctx, d.Gorm, outbox.NewMessage{TenantID: tenant, PatientID: pats[i].id, Body: "Waktunya minum obat",
				Source: outbox.SourceManual, ChannelOrder: []string{"whatsapp", "sms"}})
			if err != nil {
				t.Fatalf("enqueue: %v", err)
			}
			msgPatient[m.ID] = i
		}
	}
	enqueue(0, chaosFirstWave)

	wa := fakeprovider.NewGOWA(t)
	wa.SetChaos(&fakeprovider.Chaos{Seed: seed, MaxDelay: 3 * time.Second, FailRate: 0.10, HangRate: 0.02, Hang: chaosHang})
	for _, p := range pats {
		switch p.role {
		case "whatsapp down":
			for k := 0; k < 10; k++ {
				wa.ScriptFor(p.phone, fakeprovider.Reply{Status: http.StatusInternalServerError, Delay: time.Duration(rng.Int64N(int64(3 * time.Second)))})
			}
		case "whatsapp hangs":
			wa.ScriptFor(p.phone, fakeprovider.Reply{Delay: chaosHang})
		}
	}
	sms := fakeprovider.NewNHNSMS(t)

	secret := strings.Repeat("c", 40)
	env := []string{"PRIMA_ENV=development", "DATABASE_URL=" + dsn, "REDIS_URL=" + testutil.RedisURL(), "PRIMA_BASE_URL=",
		"PRIMA_SCHEDULER=external", "PRIMA_SEED_DEMO=false", "PRIMA_AUTO_MIGRATE=false", "CRON_SECRET=" + secret,
		"PRIMA_LOG_LEVEL=" + cmp.Or(os.Getenv("PRIMA_CHAOS_LOG_LEVEL"), "warn"),
		"PRIMA_DISPATCH_LEASE=2s", "PRIMA_DISPATCH_BATCH=20", "PRIMA_DISPATCH_CONCURRENCY=8",
		"PRIMA_RETRY_BACKOFF=1s,2s", "PRIMA_RETRY_MAX_ATTEMPTS=2", "PRIMA_PROVIDER_TIMEOUT=4s", "PRIMA_RECEIPT_WAIT=0",
		"PRIMA_CHANNEL_RATES=whatsapp=1000,sms=1000,kakao=1000", "PRIMA_TENANT_RATE_PER_SEC=0",
		"PRIMA_RATE_LIMIT_PER_MIN=1000000", // the trigger load is far above an API client's limit
		"GOWA_API_URL=" + wa.URL, "GOWA_BASIC_AUTH=" + wa.BasicAuth, "GOWA_DEVICE_ID=", "GOWA_WEBHOOK_SECRET=" + strings.Repeat("w", 32),
		"NHN_SMS_API_URL=" + sms.URL, "NHN_SMS_APP_KEY=" + sms.AppKey, "NHN_SMS_SECRET_KEY=" + sms.SecretKey, "NHN_SMS_SENDER=" + sms.SendNo,
		"NHN_WEBHOOK_SIGNATURE=" + strings.Repeat("n", 32), "NHN_KAKAO_API_URL=", "OPENAI_API_KEY="}
	bin := buildPrima(t)
	procs := make([]*primaProc, 3)
	for i := range procs {
		procs[i] = newPrimaProc(t, fmt.Sprintf("replica-%d", i+1), bin, freePort(t), env)
	}
	t.Cleanup(func() { logTails(t, procs, 40) })
	startErrs := make([]error, len(procs))
	var wg sync.WaitGroup
	for i, p := range procs {
		wg.Add(1)
		go func() { defer wg.Done(); startErrs[i] = p.Start(30 * time.Second) }()
	}
	wg.Wait()
	if err := errors.Join(startErrs...); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	load := &triggerLoad{procs: procs, secret: secret, seed: seed}
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	load.start(loadCtx, chaosCallers)

	// Run: kill a replica once a third of the first wave has reached the
	// fakes, queue the second wave while it is down, start it again, and wait
	// until every message is settled or the deadline passes.
	var kill chaosKill
	var settledAfter time.Duration
	timedOut := false
	countOpen := func() int64 {
		var n int64
		if err := d.Gorm.Raw("SELECT count(*) FROM messages WHERE tenant_id = ? AND status NOT IN ?", tenant, chaosTerminal).Scan(&n).Error; err != nil {
			t.Logf("count open messages: %v", err)
			return -1
		}
		return n
	}
	for {
		time.Sleep(200 * time.Millisecond)
		elapsed := time.Since(start)
		if kill.victim == "" {
			copies := wa.Stats().Accepted + sms.Stats().Accepted
			if copies < chaosFirstWave/3 && elapsed < chaosDeadline/2 {
				continue
			}
			victim := procs[rng.IntN(len(procs))]
			kill = chaosKill{victim: victim.Name, at: elapsed, copies: copies}
			victim.Kill()
			_ = d.Gorm.Raw("SELECT count(*) FROM messages WHERE tenant_id = ? AND status = 'sending'", tenant).Scan(&kill.sending).Error
			enqueue(chaosFirstWave, len(pats))
			time.Sleep(time.Until(start.Add(kill.at + 1500*time.Millisecond)))
			if err := victim.Start(30 * time.Second); err != nil {
				t.Errorf("restarting %s after the kill: %v", victim.Name, err)
			}
			kill.back = time.Since(start)
			continue
		}
		if countOpen() == 0 {
			settledAfter = elapsed
			break
		}
		if elapsed > chaosDeadline {
			timedOut = true
			break
		}
	}
	if !timedOut {
		time.Sleep(chaosSettle)
	}
	stopLoad()
	load.wg.Wait()
	stopped := make([]bool, len(procs))
	for i, p := range procs {
		wg.Add(1)
		go func() { defer wg.Done(); stopped[i] = p.Stop(15 * time.Second) }()
	}
	wg.Wait()
	var stuck []string
	for i, ok := range stopped {
		if !ok {
			stuck = append(stuck, procs[i].Name)
		}
	}

	// Everything has stopped: compare what the fakes took with what the log says.
	var rows []chaosMessage
	if err := d.Gorm.Raw(`SELECT id::text AS id, patient_id::text AS patient_id, status, skip_reason, channel, channel_order::text AS channel_order,
		channel_index, error_code, error_message, total_attempts, next_attempt_at, claim_expires_at
		FROM messages WHERE tenant_id = ? ORDER BY created_at, id`, tenant).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var atts []chaosAttempt
	if err := d.Gorm.Raw(`SELECT message_id::text AS message_id, attempt_no, channel, status, error_code, started_at, finished_at
		FROM message_attempts WHERE tenant_id = ? ORDER BY message_id, attempt_no, started_at`, tenant).Scan(&atts).Error; err != nil {
		t.Fatal(err)
	}
	run := chaosRun{pats: pats, msgPatient: msgPatient, rows: rows, attempts: map[string][]chaosAttempt{},
		copies:  map[string]map[string]int{"whatsapp": wa.AcceptedByPhone(), "sms": sms.AcceptedByPhone()},
		answers: map[string]map[string][]fakeprovider.SendRecord{"whatsapp": chaosGroupSends(wa.Sends()), "sms": chaosGroupSends(sms.Sends())}}
	for _, a := range atts {
		run.attempts[a.MessageID] = append(run.attempts[a.MessageID], a)
	}
	violations := run.check()
	violations = append(violations, chaosExercised(wa, sms, kill, load, procs, stuck)...)

	waSt, smsSt := wa.Stats(), sms.Stats()
	t.Logf("chaos seed %d: %d messages, %s\n"+
		"  whatsapp fake: %d sends, %d taken, %d refused, %d hung by chance; %d sends given up by PRIMA before the answer (%d of them taken)\n"+
		"  sms fake: %d sends, %d taken\n"+
		"  kill: %s at %v after %d copies (%d messages sending at that moment), back at %v\n"+
		"  triggers: %d answered 200, %d other answers, %d hung up by the caller after 100–800 ms and %d right after sending, %d could not reach a replica\n"+
		"  statuses: %s\n"+
		"  sent-unconfirmed: %s",
		seed, len(rows), chaosSettledText(timedOut, settledAfter),
		waSt.Received, waSt.Accepted, waSt.Refused, waSt.Hung, waSt.Abandoned, waSt.AbandonedAccepted,
		smsSt.Received, smsSt.Accepted,
		kill.victim, kill.at.Round(time.Millisecond), kill.copies, kill.sending, kill.back.Round(time.Millisecond),
		load.answered, len(load.bad), load.hungUp, load.hungUpAtOnce, load.unreachable, run.statusCounts(), run.unconfirmedText())
	if len(violations) > 0 {
		t.Errorf("%d violations (replay the provider answers with PRIMA_CHAOS_SEED=%d):\n%s", len(violations), seed, run.table(violations, 80))
	}
}

// chaosSeed is PRIMA_CHAOS_SEED, or a fresh seed; it is logged for replay.
func chaosSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("PRIMA_CHAOS_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("PRIMA_CHAOS_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("chaos seed %d (replay: PRIMA_CHAOS_SEED=%d go test -count=1 -run TestChaosThreeReplicasExactlyOnce ./cmd/prima/)", seed, seed)
	return seed
}

func chaosSettledText(timedOut bool, after time.Duration) string {
	if timedOut {
		return fmt.Sprintf("NOT all settled after %v", chaosDeadline)
	}
	return fmt.Sprintf("all settled %v after the servers were ready", after.Round(time.Millisecond))
}

type chaosPatient struct {
	id, phone string
	role      string // "", "whatsapp down", "whatsapp hangs", "second wave"
}

type chaosKill struct {
	victim   string
	at, back time.Duration // since the servers were ready
	copies   int           // copies the fakes had taken when it was killed
	sending  int64         // messages in status sending right after the kill (any replica)
}

// triggerLoad calls POST /api/v1/cron/trigger on random replicas until its
// context ends; every third caller hangs up early: after 100–800 ms, or (one
// call in four) right after sending the request.
type triggerLoad struct {
	procs  []*primaProc
	secret string
	seed   uint64
	wg     sync.WaitGroup

	mu           sync.Mutex
	answered     int      // 200 answers
	hungUp       int      // calls the caller gave up on after 100–800 ms
	hungUpAtOnce int      // calls hung up right after the request was sent
	unreachable  int      // calls that found no replica (killed, restarting)
	bad          []string // other answers
}

func (l *triggerLoad) start(ctx context.Context, callers int) {
	for i := 0; i < callers; i++ {
		l.wg.Add(1)
		go l.caller(ctx, i)
	}
}

// hangUp sends one trigger request on a raw connection and closes it after
// wait without reading the answer; it reports whether the request was sent.
func (l *triggerLoad) hangUp(p *primaProc, wait time.Duration) bool {
	addr := strings.TrimPrefix(p.Base, "http://")
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /api/v1/cron/trigger HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Length: 0\r\n\r\n", addr, l.secret)
	time.Sleep(wait)
	return err == nil
}

func (l *triggerLoad) caller(ctx context.Context, i int) {
	defer l.wg.Done()
	rng := rand.New(rand.NewPCG(l.seed, uint64(100+i)))
	impatient := i%3 == 0
	client := &http.Client{}
	for ctx.Err() == nil {
		p := l.procs[rng.IntN(len(l.procs))]
		if impatient && rng.IntN(4) == 0 {
			// Hang up right after sending the request, however fast the server is.
			if l.hangUp(p, time.Duration(rng.IntN(50))*time.Millisecond) {
				l.mu.Lock()
				l.hungUpAtOnce++
				l.mu.Unlock()
			}
			continue
		}
		wait := 60 * time.Second
		if impatient {
			wait = time.Duration(100+rng.IntN(701)) * time.Millisecond
		}
		rctx, cancel := context.WithTimeout(ctx, wait)
		req, _ := http.NewRequestWithContext(rctx, http.MethodPost, p.Base+"/api/v1/cron/trigger", nil)
		req.Header.Set("Authorization", "Bearer "+l.secret)
		resp, err := client.Do(req)
		var body []byte
		if err == nil {
			body, _ = io.ReadAll(io.LimitReader(resp.Body, 2048))
			resp.Body.Close()
		}
		cancel()
		l.mu.Lock()
		switch {
		case ctx.Err() != nil: // the run is over
		case err != nil && errors.Is(err, context.DeadlineExceeded) && impatient:
			l.hungUp++
		case err != nil && errors.Is(err, context.DeadlineExceeded):
			l.bad = append(l.bad, fmt.Sprintf("%s: no answer within %v", p.Name, wait))
		case err != nil:
			l.unreachable++
		case resp.StatusCode == http.StatusOK:
			l.answered++
		default:
			l.bad = append(l.bad, fmt.Sprintf("%s: HTTP %d %s", p.Name, resp.StatusCode, problemText(body)))
		}
		l.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(20+rng.IntN(181)) * time.Millisecond):
		}
	}
}

// problemText shortens an error answer to what identifies its kind (the
// problem's code and detail, without its request id), so equal answers group.
func problemText(body []byte) string {
	var p struct{ Code, Detail string }
	if json.Unmarshal(body, &p) == nil && (p.Code != "" || p.Detail != "") {
		return p.Code + ": " + p.Detail
	}
	return chaosTruncate(strings.TrimSpace(string(body)), 200)
}

// chaosMessage is one message row as the check reads it.
type chaosMessage struct {
	ID             string
	PatientID      string
	Status         string
	SkipReason     *string
	Channel        string
	ChannelOrder   string // JSON array
	ChannelIndex   int
	ErrorCode      *string
	ErrorMessage   *string
	TotalAttempts  int
	NextAttemptAt  *time.Time
	ClaimExpiresAt *time.Time
}

// chaosAttempt is one message_attempts row.
type chaosAttempt struct {
	MessageID  string
	AttemptNo  int
	Channel    string
	Status     string
	ErrorCode  *string
	StartedAt  time.Time
	FinishedAt *time.Time
}

// chaosRun is everything the check compares, read after every process stopped.
type chaosRun struct {
	pats       []chaosPatient
	msgPatient map[string]int
	rows       []chaosMessage
	attempts   map[string][]chaosAttempt                       // by message id, in attempt order
	copies     map[string]map[string]int                       // channel → phone → copies the fake took
	answers    map[string]map[string][]fakeprovider.SendRecord // channel → phone → what the fake did
}

type chaosViolation struct {
	rule   string
	msg    *chaosMessage // nil for run-wide findings
	detail string
}

func chaosGroupSends(sends []fakeprovider.SendRecord) map[string][]fakeprovider.SendRecord {
	out := map[string][]fakeprovider.SendRecord{}
	for _, s := range sends {
		out[s.Phone] = append(out[s.Phone], s)
	}
	return out
}

func optText(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// check applies the exactly-once rules to every message.
func (r *chaosRun) check() []chaosViolation {
	var out []chaosViolation
	seen := map[string]bool{}
	for i := range r.rows {
		m := &r.rows[i]
		add := func(rule, format string, args ...any) {
			out = append(out, chaosViolation{rule: rule, msg: m, detail: fmt.Sprintf(format, args...)})
		}
		seen[m.ID] = true
		pi, known := r.msgPatient[m.ID]
		if !known {
			add("unknown row", "a message the test did not queue")
			continue
		}
		phone := r.pats[pi].phone
		wa, sm := r.copies["whatsapp"][phone], r.copies["sms"][phone]
		total := wa + sm
		var order []string
		_ = json.Unmarshal([]byte(m.ChannelOrder), &order)
		sentish := m.Status == "sent" || m.Status == "delivered" || m.Status == "read"
		atts := r.attempts[m.ID]

		if !slices.Contains(chaosTerminal, m.Status) {
			add("not settled", "status %s after the run; next_attempt_at %s, claim_expires_at %s", m.Status, chaosWhen(m.NextAttemptAt), chaosWhen(m.ClaimExpiresAt))
		}
		if total > 1 {
			add("duplicate copies", "the patient got %d copies (whatsapp %d, sms %d)", total, wa, sm)
		}
		if sentish && optText(m.ErrorCode) == "" {
			if n := r.copies[m.Channel][phone]; n != 1 {
				add("confirmed without its copy", "%s with no error code on %s, but the %s fake took %d copies", m.Status, m.Channel, m.Channel, n)
			}
			if !slices.ContainsFunc(atts, func(a chaosAttempt) bool { return a.Channel == m.Channel && a.Status == "sent" }) {
				add("confirmed without a sent attempt", "%s on %s but no attempt on %s is sent", m.Status, m.Channel, m.Channel)
			}
		}
		if total > 0 && !sentish {
			add("copy not logged as sent", "the patient got a copy but the message is %s", m.Status)
		}
		if m.Status == "failed" && len(atts) == 0 {
			add("failed without attempts", "failed (%s) with no attempt trail", optText(m.ErrorCode))
		}
		if m.Status == "skipped" {
			add("skipped", "skipped (%s) though the patient consents and quiet hours are off", optText(m.SkipReason))
		}
		for _, a := range atts {
			switch {
			case a.Status == "started":
				add("attempt left started", "attempt %d on %s is still started after every process stopped", a.AttemptNo, a.Channel)
			case a.FinishedAt == nil:
				add("attempt without finished_at", "attempt %d on %s is %s but has no finished_at", a.AttemptNo, a.Channel, a.Status)
			}
		}
		// The trail: channels in the message's order, never going back, ending on the message's channel.
		if !slices.Equal(order, []string{"whatsapp", "sms"}) {
			add("channel order changed", "channel_order %s, queued as [whatsapp sms]", m.ChannelOrder)
		}
		if m.ChannelIndex < 0 || m.ChannelIndex >= len(order) || order[m.ChannelIndex] != m.Channel {
			add("channel/index mismatch", "channel %s at index %d of %s", m.Channel, m.ChannelIndex, m.ChannelOrder)
		}
		last := -1
		for _, a := range atts {
			k := slices.Index(order, a.Channel)
			switch {
			case k < 0:
				add("attempt off the order", "attempt %d on %s, not in %s", a.AttemptNo, a.Channel, m.ChannelOrder)
			case k < last:
				add("trail goes back", "attempt %d on %s after an attempt on a later channel", a.AttemptNo, a.Channel)
			}
			last = max(last, k)
		}
		if n := len(atts); n > 0 && slices.Contains(chaosTerminal, m.Status) && atts[n-1].Channel != m.Channel {
			add("trail ends elsewhere", "last attempt on %s, message on %s", atts[n-1].Channel, m.Channel)
		}
		// The log tells the truth per channel: every sent attempt is a copy the
		// provider took, and every copy is a sent or unknown attempt.
		for _, ch := range []string{"whatsapp", "sms"} {
			sent, unknown := 0, 0
			for _, a := range atts {
				if a.Channel == ch && a.Status == "sent" {
					sent++
				}
				if a.Channel == ch && a.Status == "unknown" {
					unknown++
				}
			}
			if c := r.copies[ch][phone]; c < sent || c > sent+unknown {
				add("log disagrees with "+ch, "%d sent and %d unknown attempts on %s, but the fake took %d copies", sent, unknown, ch, c)
			}
			if c := r.copies[ch][phone]; c > 0 && m.Channel != ch {
				add("copy on another channel", "the %s fake took a copy, the message is on %s", ch, m.Channel)
			}
		}
	}
	var missing []string
	for id := range r.msgPatient {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	for _, id := range missing {
		out = append(out, chaosViolation{rule: "message row lost", detail: id})
	}
	return out
}

// chaosExercised fails a run in which the chaos did not happen, so the test
// cannot pass vacuously, and reports process-level faults.
func chaosExercised(wa *fakeprovider.GOWA, sms *fakeprovider.NHNSMS, kill chaosKill, load *triggerLoad, procs []*primaProc, stuck []string) []chaosViolation {
	var out []chaosViolation
	add := func(rule, format string, args ...any) {
		out = append(out, chaosViolation{rule: rule, detail: fmt.Sprintf(format, args...)})
	}
	hangs, hangsCut := 0, 0
	for _, s := range wa.Sends() {
		if s.Accepted && s.Delay >= chaosHang {
			hangs++
			if s.Abandoned {
				hangsCut++
			}
		}
	}
	if st := wa.Stats(); st.Refused == 0 {
		add("chaos not exercised", "the GOWA fake never answered 500")
	}
	switch {
	case hangs == 0:
		add("chaos not exercised", "no GOWA send hung")
	case hangsCut == 0:
		add("unknown outcome never reached", "%d GOWA sends hung for %v but PRIMA waited for every answer (is PRIMA_PROVIDER_TIMEOUT=4s in force?)", hangs, chaosHang)
	}
	if sms.Stats().Accepted == 0 {
		add("chaos not exercised", "no message failed over to SMS (%d patients' WhatsApp always answers 500)", chaosDown)
	}
	if kill.victim == "" {
		add("chaos not exercised", "no replica was killed")
	}
	load.mu.Lock()
	if load.hungUp+load.hungUpAtOnce == 0 {
		add("chaos not exercised", "no trigger caller hung up early")
	}
	if load.answered == 0 {
		add("chaos not exercised", "no trigger call was answered")
	}
	bad := slices.Clone(load.bad)
	load.mu.Unlock()
	counts := map[string]int{}
	for _, b := range bad {
		counts[b]++
	}
	for _, b := range slices.Sorted(maps.Keys(counts)) {
		add("trigger not 200", "%d× %s", counts[b], chaosTruncate(b, 300))
	}
	for _, p := range procs {
		for _, c := range p.Crashes() {
			add("replica crashed", "%s", c)
		}
	}
	for _, name := range stuck {
		add("no graceful stop", "%s did not stop within 15 s of SIGTERM", name)
	}
	return out
}

func chaosWhen(t *time.Time) string {
	if t == nil {
		return "null"
	}
	return fmt.Sprintf("now%+.1fs", time.Until(*t).Seconds())
}

func chaosTruncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func (r *chaosRun) statusCounts() string {
	counts := map[string]int{}
	for _, m := range r.rows {
		k := m.Status
		if c := optText(m.ErrorCode); c != "" {
			k += "/" + c
		}
		if m.Status == "sent" || m.Status == "failed" {
			k += " on " + m.Channel
		}
		counts[k]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}

// unconfirmedText says how many sent-unconfirmed messages did reach the
// patient: a high share without a copy means sends were given up needlessly.
func (r *chaosRun) unconfirmedText() string {
	with, without := 0, 0
	for _, m := range r.rows {
		pi, ok := r.msgPatient[m.ID]
		if m.Status != "sent" || optText(m.ErrorCode) == "" || !ok {
			continue
		}
		phone := r.pats[pi].phone
		if r.copies["whatsapp"][phone]+r.copies["sms"][phone] > 0 {
			with++
		} else {
			without++
		}
	}
	return fmt.Sprintf("%d reached the patient, %d did not (allowed, but the log cannot say which)", with, without)
}

// chaosTrail renders a message's attempts: "1 whatsapp failed(INTERNAL_SERVER_ERROR), 2 sms sent".
func chaosTrail(atts []chaosAttempt) string {
	if len(atts) == 0 {
		return "-"
	}
	var parts []string
	for _, a := range atts {
		s := fmt.Sprintf("%d %s %s", a.AttemptNo, a.Channel, a.Status)
		if c := optText(a.ErrorCode); c != "" {
			s += "(" + c + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// chaosAnswers renders what a fake did with each send to one phone: "500 1.2s,
// 200 0.4s, 200 hang→gone" (gone: the client went away before the answer).
func chaosAnswers(sends []fakeprovider.SendRecord) string {
	var parts []string
	for _, s := range sends {
		p := fmt.Sprintf("%d %.1fs", s.Status, s.Delay.Seconds())
		if s.Delay >= chaosHang {
			p = fmt.Sprintf("%d hang", s.Status)
		}
		if s.Abandoned {
			p += "→gone"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// ruleRank orders message rows in the report: the patient-facing faults first.
var ruleRank = []string{"duplicate copies", "copy not logged as sent", "copy on another channel", "confirmed without its copy",
	"log disagrees with whatsapp", "log disagrees with sms", "failed without attempts", "confirmed without a sent attempt"}

func rank(rule string) int {
	if i := slices.Index(ruleRank, rule); i >= 0 {
		return i
	}
	if rule == "not settled" {
		return len(ruleRank) + 1
	}
	return len(ruleRank)
}

// table prints the count per rule, the run-wide findings, then one row per
// message at fault (at most limit) with its state, the copies the fakes took,
// its attempt trail, what each fake answered, and every rule it broke.
func (r *chaosRun) table(vs []chaosViolation, limit int) string {
	var b strings.Builder
	counts := map[string]int{}
	type row struct {
		m     *chaosMessage
		rank  int
		rules []string
	}
	var rows []*row
	byMsg := map[string]*row{}
	for _, v := range vs {
		counts[v.rule]++
		if v.msg == nil {
			continue
		}
		x := byMsg[v.msg.ID]
		if x == nil {
			x = &row{m: v.msg, rank: rank(v.rule)}
			byMsg[v.msg.ID] = x
			rows = append(rows, x)
		}
		x.rank = min(x.rank, rank(v.rule))
		x.rules = append(x.rules, v.rule+": "+v.detail)
	}
	b.WriteString("by rule:")
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(&b, " %s %d;", k, counts[k])
	}
	fmt.Fprintf(&b, " messages at fault %d\n\n", len(rows))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, v := range vs {
		if v.msg == nil {
			fmt.Fprintf(tw, "%s\t%s\n", v.rule, v.detail)
		}
	}
	tw.Flush()
	if len(rows) == 0 {
		return b.String()
	}
	slices.SortStableFunc(rows, func(a, b *row) int { return a.rank - b.rank })
	b.WriteString("\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MESSAGE\tPHONE\tROLE\tSTATUS\tCHANNEL\tCOPIES wa/sms\tATTEMPTS\tGOWA ANSWERS\tSMS ANSWERS\tPROBLEMS")
	for i, x := range rows {
		if i == limit {
			fmt.Fprintf(tw, "… %d more messages\n", len(rows)-limit)
			break
		}
		m := x.m
		phone, role := "?", ""
		if pi, ok := r.msgPatient[m.ID]; ok {
			phone, role = r.pats[pi].phone, r.pats[pi].role
		}
		status := m.Status
		if c := optText(m.ErrorCode); c != "" {
			status += "/" + c
		}
		fmt.Fprintf(tw, "…%s\t%s\t%s\t%s\t%s[%d]\t%d/%d\t%s\t%s\t%s\t%s\n", m.ID[max(0, len(m.ID)-8):], phone, cmp.Or(role, "-"), status,
			m.Channel, m.ChannelIndex, r.copies["whatsapp"][phone], r.copies["sms"][phone], chaosTrail(r.attempts[m.ID]),
			cmp.Or(chaosAnswers(r.answers["whatsapp"][phone]), "-"), cmp.Or(chaosAnswers(r.answers["sms"][phone]), "-"), strings.Join(x.rules, "; "))
	}
	tw.Flush()
	return b.String()
}
