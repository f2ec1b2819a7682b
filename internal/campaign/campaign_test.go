package campaign

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// A campaign reaches every patient of its segment who may be messaged, once;
// the others are recipients skipped with the reason, counted, never sent.
func TestCampaignReachesEveryEligiblePatientOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		eligible := f.patients(25, person{"tags": `["kemo"]`})
		revoked := f.patient(person{"tags": `["kemo"]`, "consent": "revoked"})
		pending := f.patient(person{"tags": `["kemo"]`, "consent": "pending"})
		nophone := f.patient(person{"tags": `["kemo"]`, "phone": ""})
		urgent := f.patient(person{"tags": `["kemo"]`})
		f.must(d.Gorm.Exec(`INSERT INTO conversations (tenant_id, patient_id, status, flag, flagged_at, unread_count, rank, last_message_at, created_at, updated_at)
			VALUES (?, ?, 'open', 'urgent', ?, 1, 0, ?, ?, ?)`, f.tenant, urgent, f.clock.Now(), f.clock.Now(), f.clock.Now(), f.clock.Now()).Error)
		f.patients(3, person{"tags": `["other"]`})
		f.patient(person{"tags": `["kemo"]`, "is_active": false})

		c := f.create(Input{Audience: segmentTagged("kemo")})
		pv, err := f.svc.PreviewAudience(context.Background(), f.admin, c.Audience.V, "")
		f.must(err)
		if pv.Count != 29 || pv.Eligible != 25 || pv.Exclusions[SkipOptedOut] != 1 || pv.Exclusions[SkipNoConsent] != 1 ||
			pv.Exclusions[SkipNoPhone] != 1 || pv.Exclusions[SkipUrgentConversation] != 1 || len(pv.Sample) != SampleSize {
			t.Fatalf("preview: %+v", pv)
		}
		f.execute(c.ID)
		got := f.run(c.ID, 20)
		if got.Status != StatusCompleted || got.CompletedAt == nil {
			t.Fatalf("campaign did not complete: %s %+v", got.Status, got.Counters)
		}
		rows := f.recipientRows(c.ID)
		if int64(len(rows)) != pv.Count {
			t.Fatalf("preview counted %d, execute wrote %d recipient rows", pv.Count, len(rows))
		}
		for _, id := range eligible {
			r := rows[id]
			if m := f.messageID(c.ID, id); r.State != StateQueued || m == "" || f.phone.byMsg[m] != 1 {
				t.Fatalf("eligible patient %s: %+v, sent %d", id, r, f.phone.byMsg[m])
			}
		}
		for id, reason := range map[string]string{revoked: SkipOptedOut, pending: SkipNoConsent, nophone: SkipNoPhone, urgent: SkipUrgentConversation} {
			if r := rows[id]; r.State != StateSkipped || r.SkipReason == nil || *r.SkipReason != reason || f.messageID(c.ID, id) != "" {
				t.Fatalf("excluded patient should be skipped: %s: %+v", reason, r)
			}
		}
		if tw := f.phone.twice(); len(tw) > 0 || f.phone.total() != 25 {
			t.Fatalf("sent %d messages, twice to %v", f.phone.total(), tw)
		}
		if body := f.phone.bodies[f.messageID(c.ID, eligible[0])]; !contains(body, "Halo Pasien") || !contains(body, "Klinik Sehat") {
			t.Fatalf("rendered: %q", body)
		}
		want := Counters{Total: 29, Sent: 25, Skipped: 4}
		if got.Counters != want {
			t.Fatalf("counters %+v, want %+v", got.Counters, want)
		}
		// A second execute is refused; nobody is messaged again.
		if _, _, err := f.svc.Execute(context.Background(), f.admin, c.ID, false); !isConflict(err) {
			t.Fatalf("second execute: %v", err)
		}
		f.run(c.ID, 2)
		if f.phone.total() != 25 {
			t.Fatalf("sent %d after a second execute", f.phone.total())
		}
	})
}

// Two executes at once: one starts the campaign, the other is refused.
func TestConcurrentExecutesStartOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.patients(12, person{"tags": `["x"]`})
		c := f.create(Input{Audience: segmentTagged("x")})
		var wg sync.WaitGroup
		errsCh := make(chan error, 4)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := f.svc.Execute(context.Background(), f.admin, c.ID, false)
				errsCh <- err
			}()
		}
		wg.Wait()
		close(errsCh)
		ok := 0
		for err := range errsCh {
			switch {
			case err == nil:
				ok++
			case !isConflict(err):
				t.Fatalf("execute: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d executes succeeded", ok)
		}
		f.run(c.ID, 10)
		if f.phone.total() != 12 || len(f.phone.twice()) > 0 {
			t.Fatalf("sent %d, twice %v", f.phone.total(), f.phone.twice())
		}
	})
}

// Pause while a batch is with the provider: pause returns only after it
// settled, nothing leaves afterwards, resume finishes, and nobody gets two.
func TestPauseMidSendSendsNothingAfterItReturns(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.patients(40, person{"tags": `["p"]`})
		c := f.create(Input{Audience: segmentTagged("p")})
		f.execute(c.ID)
		f.clock.Advance(time.Second)
		for range 3 { // expand, then feed every recipient
			_, err := f.svc.Step(context.Background())
			f.must(err)
		}
		if st := f.messageStatuses(c.ID); st["queued"] != 40 {
			t.Fatalf("queued: %v", st)
		}
		inProvider := make(chan struct{}, 64)
		release := make(chan struct{})
		f.phone.hook = func(ctx context.Context, m outbox.Outgoing) *outbox.SendError {
			inProvider <- struct{}{}
			<-release
			return nil
		}
		drained := make(chan error, 1)
		go func() { _, err := f.disp.Drain(context.Background()); drained <- err }()
		<-inProvider // a batch of 10 is with the provider
		paused := make(chan time.Time, 1)
		go func() {
			_, err := f.svc.Pause(context.Background(), f.admin, c.ID)
			f.must(err)
			paused <- time.Now()
		}()
		select {
		case <-paused:
			t.Fatal("pause returned while messages were still with the provider")
		case <-time.After(300 * time.Millisecond):
		}
		close(release)
		<-paused
		atPause := f.phone.total()
		f.must(<-drained)
		f.phone.hook = nil
		for range 3 {
			f.step()
		}
		if n := f.phone.total(); n != atPause || n == 0 || n >= 40 {
			t.Fatalf("sent %d when pause returned, %d after", atPause, n)
		}
		v := f.get(c.ID)
		if v.Status != StatusPaused || v.PauseCode == nil || *v.PauseCode != PauseManual || !contains(*v.PauseReason, "Dr. Rina") {
			t.Fatalf("paused campaign: %+v", v.Campaign)
		}
		addsUp(t, v.Counters)
		if _, err := f.svc.Resume(context.Background(), f.admin, c.ID); err != nil {
			t.Fatal(err)
		}
		v = f.run(c.ID, 20)
		if v.Status != StatusCompleted || f.phone.total() != 40 || len(f.phone.twice()) > 0 {
			t.Fatalf("after resume: %s, sent %d, twice %v", v.Status, f.phone.total(), f.phone.twice())
		}
		if v.Counters != (Counters{Total: 40, Sent: 40}) {
			t.Fatalf("counters %+v", v.Counters)
		}
	})
}

// Cancel mid-send: what was not handed over is skipped, nothing more leaves.
func TestCancelMidSendSkipsTheRest(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.patients(30, person{"tags": `["c"]`})
		rate := 600 // 10 a second: most recipients are still pending
		c := f.create(Input{Audience: segmentTagged("c"), RatePerMinute: &rate})
		f.execute(c.ID)
		f.step()
		f.step()
		sent := f.phone.total()
		if sent == 0 || sent >= 30 {
			t.Fatalf("sent %d before cancel", sent)
		}
		v, err := f.svc.Cancel(context.Background(), f.admin, c.ID)
		f.must(err)
		for range 3 {
			f.step()
		}
		if f.phone.total() != sent {
			t.Fatalf("sent %d after cancel (had %d)", f.phone.total(), sent)
		}
		v = f.get(c.ID)
		if v.Status != StatusCancelled || v.Counters.Sent != int64(sent) || v.Counters.Skipped != int64(30-sent) || v.Counters.Queued != 0 {
			t.Fatalf("cancelled: %s %+v", v.Status, v.Counters)
		}
		addsUp(t, v.Counters)
		for _, r := range f.recipientRows(c.ID) {
			if r.State == StatePending {
				t.Fatalf("a recipient is still pending after cancel: %+v", r)
			}
		}
	})
}

// Failures in a row pause the campaign with the reason; it sends no more.
func TestConsecutiveFailuresPauseTheCampaign(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.patients(60, person{"tags": `["f"]`})
		f.phone.hook = func(context.Context, outbox.Outgoing) *outbox.SendError {
			return &outbox.SendError{Outcome: outbox.OutcomePermanent, Code: "account_banned", Message: "the number is banned"}
		}
		rate, threshold := 600, 5
		c := f.create(Input{Audience: segmentTagged("f"), RatePerMinute: &rate, FailureThreshold: &threshold, ChannelOrder: []string{"whatsapp"}})
		f.execute(c.ID)
		v := f.run(c.ID, 15)
		if v.Status != StatusPaused || v.PauseCode == nil || *v.PauseCode != PauseFailures ||
			!contains(*v.PauseReason, "in a row failed") || !contains(*v.PauseReason, "account_banned") {
			t.Fatalf("campaign after failures: %s %+v", v.Status, v.Campaign)
		}
		failed := v.Counters.Failed
		for range 5 {
			f.step()
		}
		if v = f.get(c.ID); v.Counters.Failed != failed || v.Counters.Failed >= 60 {
			t.Fatalf("kept sending after the auto-pause: %d then %d", failed, v.Counters.Failed)
		}
		addsUp(t, v.Counters)
	})
}
