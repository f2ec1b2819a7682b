package campaign

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
)

func ptr[T any](v T) *T { return &v }

// Each segment filter chooses exactly the patients it names, in the preview
// and in the recipient rows execute writes.
func TestSegmentFiltersChooseAKnownPopulation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		// Today in Jakarta is 2026-11-23.
		ana := f.patient(person{"name": "Ana", "tags": `["kemo","payudara"]`, "attributes": `{"rs":"Dharmais","siklus":3}`,
			"gender": "female", "language": "id", "birth_date": "1970-11-23", "last_visit_date": "2026-11-01"})
		budi := f.patient(person{"name": "Budi", "tags": `["kemo"]`, "attributes": `{"rs":"Cipto"}`, "gender": "male",
			"language": "id", "birth_date": "1990-06-01", "last_surgery_date": "2026-10-10"})
		chul := f.patient(person{"name": "Chul-soo", "tags": `["radioterapi"]`, "gender": "male", "language": "ko",
			"timezone": "Asia/Seoul", "birth_date": "1955-01-01", "last_visit_date": "2026-09-15", "consent": "pending"})
		dewi := f.patient(person{"name": "Dewi", "tags": `["payudara"]`, "gender": "female", "language": "en", "birth_date": "2000-02-02"})
		now := f.clock.Now()
		f.must(d.Gorm.Exec(`INSERT INTO appointments (id, tenant_id, patient_id, starts_at, timezone, status, surgery_type, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, 'Asia/Jakarta', 'completed', 'Mastectomy', ?, ?, 1)`, ids.New(), f.tenant, ana, now, now, now).Error)
		cases := []struct {
			name string
			seg  Segment
			want []string
		}{
			{"tags any", Segment{TagsAny: []string{"payudara", "radioterapi"}}, []string{ana, chul, dewi}},
			{"tags all", Segment{TagsAll: []string{"kemo", "payudara"}}, []string{ana}},
			{"attribute text", Segment{Attributes: map[string]string{"rs": "Cipto"}}, []string{budi}},
			{"attribute number", Segment{Attributes: map[string]string{"siklus": "3"}}, []string{ana}},
			{"surgery type, any case", Segment{SurgeryType: ptr("mastectomy")}, []string{ana}},
			{"last visit range", Segment{LastVisitFrom: ptr("2026-10-01"), LastVisitTo: ptr("2026-11-30")}, []string{ana}},
			{"last surgery from", Segment{LastSurgeryFrom: ptr("2026-10-10")}, []string{budi}},
			{"age at least 56 (56 today)", Segment{AgeMin: ptr(56)}, []string{ana, chul}},
			{"age at most 55", Segment{AgeMax: ptr(55)}, []string{budi, dewi}},
			{"age 27 to 36", Segment{AgeMin: ptr(27), AgeMax: ptr(36)}, []string{budi}},
			{"age 26 (born 2000-02-02)", Segment{AgeMin: ptr(26), AgeMax: ptr(26)}, []string{dewi}},
			{"gender", Segment{Gender: ptr("female")}, []string{ana, dewi}},
			{"language", Segment{Language: ptr("ko")}, []string{chul}},
			{"consent", Segment{Consent: ptr("pending")}, []string{chul}},
			{"filters combine", Segment{TagsAny: []string{"kemo"}, Gender: ptr("male")}, []string{budi}},
		}
		for _, tc := range cases {
			pv, err := f.svc.PreviewAudience(context.Background(), f.admin, Audience{Segment: &tc.seg}, "")
			f.must(err)
			var got []string
			for _, p := range pv.Sample {
				got = append(got, p.ID)
			}
			sort.Strings(got)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if pv.Count != int64(len(want)) || len(got) != len(want) {
				t.Fatalf("%s: count %d, sample %v, want %v", tc.name, pv.Count, got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s: chose %v, want %v", tc.name, got, want)
				}
			}
		}
		// Executed, the recipient rows are the preview's patients.
		c := f.create(Input{Audience: Audience{Segment: &Segment{TagsAny: []string{"payudara", "radioterapi"}}},
			Bodies: map[string]string{"id": "Halo {{name}}", "en": "Hello {{name}}", "ko": "{{name}}님 안녕하세요"}})
		f.execute(c.ID)
		v := f.run(c.ID, 10)
		rows := f.recipientRows(c.ID)
		if len(rows) != 3 || rows[chul].State != StateSkipped || *rows[chul].SkipReason != SkipNoConsent || v.Counters.Sent != 2 {
			t.Fatalf("rows %+v counters %+v", rows, v.Counters)
		}
		if body := f.phone.bodies[f.messageID(c.ID, dewi)]; body != "Hello Dewi" {
			t.Fatalf("Dewi (en) got %q", body)
		}
	})
}

// A send window in the patient's zone: nothing is queued outside it.
func TestSendWindowHoldsTheCampaignUntilItOpens(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d) // 10:00 in Jakarta
		f.patients(5, person{"tags": `["w"]`})
		c := f.create(Input{Audience: segmentTagged("w"), SendWindow: &Window{Start: "13:00", End: "15:00"}})
		f.execute(c.ID)
		for range 3 {
			f.step()
		}
		v := f.get(c.ID)
		if f.phone.total() != 0 || v.WaitingReason == nil || *v.WaitingReason != WaitSendWindow || v.Counters.Queued != 5 {
			t.Fatalf("before the window: sent %d, %+v %+v", f.phone.total(), v.WaitingReason, v.Counters)
		}
		f.clock.Advance(3 * time.Hour) // 13:00:03
		v = f.run(c.ID, 5)
		if f.phone.total() != 5 || v.Status != StatusCompleted {
			t.Fatalf("in the window: sent %d, %s", f.phone.total(), v.Status)
		}
	})
}

// A patient in quiet hours is held by the outbox until they end.
func TestQuietHoursHoldACampaignMessage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		asleep := f.patient(person{"tags": `["q"]`, "quiet_hours_start": "09:00", "quiet_hours_end": "11:00"})
		f.patient(person{"tags": `["q"]`})
		c := f.create(Input{Audience: segmentTagged("q")})
		f.execute(c.ID)
		v := f.run(c.ID, 5)
		var m outbox.Message
		f.must(d.Gorm.Where("id = ?", f.messageID(c.ID, asleep)).Take(&m).Error)
		if v.Status != StatusRunning || f.phone.total() != 1 || m.Status != outbox.StatusQueued || m.NextAttemptAt == nil ||
			!m.NextAttemptAt.Equal(time.Date(2026, 11, 23, 4, 0, 0, 0, time.UTC)) {
			t.Fatalf("quiet hours: %s, sent %d, message %s due %v", v.Status, f.phone.total(), m.Status, m.NextAttemptAt)
		}
		f.clock.Advance(time.Hour)
		if v = f.run(c.ID, 5); v.Status != StatusCompleted || f.phone.total() != 2 {
			t.Fatalf("after quiet hours: %s, sent %d", v.Status, f.phone.total())
		}
	})
}

// The WhatsApp warm-up caps campaign messages per day; the rest wait for tomorrow.
func TestWarmupCapsCampaignMessagesPerDay(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.must(d.Gorm.Exec(`UPDATE tenants SET whatsapp_warmup = ? WHERE id = ?`,
			`{"started_on":"2026-11-23","start_per_day":4,"max_per_day":100,"ramp_days":10}`, f.tenant).Error)
		f.patients(10, person{"tags": `["n"]`})
		c := f.create(Input{Audience: segmentTagged("n")})
		f.execute(c.ID)
		for range 4 {
			f.step()
		}
		v := f.get(c.ID)
		if f.phone.total() != 4 || v.WaitingReason == nil || *v.WaitingReason != WaitWarmup {
			t.Fatalf("day 1: sent %d, waiting %v", f.phone.total(), v.WaitingReason)
		}
		f.clock.Advance(24 * time.Hour) // day 2: 4 × 25^(1/10) = 5
		for range 4 {
			f.step()
		}
		if f.phone.total() != 9 {
			t.Fatalf("day 2: sent %d in all", f.phone.total())
		}
		if w := (Warmup{StartedOn: "2026-11-23", StartPerDay: 4, MaxPerDay: 100, RampDays: 10}); w.CapOn(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)) != 100 {
			t.Fatal("the ramp ends at max_per_day")
		}
	})
}

// Interactive messages go ahead of a campaign's backlog in the claim order.
func TestAReplyGoesAheadOfCampaignTraffic(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.patients(300, person{"tags": `["big"]`})
		c := f.create(Input{Audience: segmentTagged("big")})
		f.execute(c.ID)
		f.clock.Advance(time.Second)
		for range 3 {
			_, err := f.svc.Step(context.Background())
			f.must(err)
		}
		reply, err := f.out.Enqueue(context.Background(), d.Gorm, outbox.NewMessage{TenantID: f.tenant, PatientID: f.patient(nil),
			Body: "Baik Bu, kami telepon sebentar lagi.", Source: outbox.SourceManual, Priority: outbox.PriorityInteractive})
		f.must(err)
		if _, err := f.disp.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		if f.phone.byMsg[reply.ID] != 1 {
			t.Fatalf("the reply waited behind %d campaign messages", f.phone.total())
		}
	})
}

// A process that stops mid-expansion and mid-feed: another picks up from
// the cursor; nobody is left out, nobody gets two.
func TestRestartMidCampaignLosesNobodyAndDuplicatesNobody(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.patients(120, person{"tags": `["r"]`})
		rate := 3000 // 50 a second
		c := f.create(Input{Audience: segmentTagged("r"), RatePerMinute: &rate})
		f.execute(c.ID)
		f.clock.Advance(time.Second)
		_, err := f.svc.expand(context.Background(), c.ID)
		f.must(err)
		_, err = f.svc.feed(context.Background(), c.ID)
		f.must(err)
		// The process dies; a new one (new service, new dispatcher) carries on.
		f.svc = New(Deps{DB: d, Clock: f.clock, Outbox: f.out, Templates: f.svc.templates})
		f.disp = f.dispatcher(7)
		v := f.run(c.ID, 20)
		if v.Status != StatusCompleted || f.phone.total() != 120 || len(f.phone.twice()) > 0 {
			t.Fatalf("after restart: %s, sent %d, twice %v", v.Status, f.phone.total(), f.phone.twice())
		}
		if v.Counters != (Counters{Total: 120, Sent: 120}) {
			t.Fatalf("counters %+v", v.Counters)
		}
	})
}
