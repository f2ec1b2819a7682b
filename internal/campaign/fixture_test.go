package campaign

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/template"
)

// phone is a provider that counts what it was handed per message and
// patient; hook, when set, runs first and may block or fail a send.
type phone struct {
	mu     sync.Mutex
	byMsg  map[string]int
	byTo   map[string]int
	bodies map[string]string
	order  []string // message ids in the order they were handed over
	hook   func(ctx context.Context, m outbox.Outgoing) *outbox.SendError
}

func newPhone() *phone {
	return &phone{byMsg: map[string]int{}, byTo: map[string]int{}, bodies: map[string]string{}}
}

func (p *phone) Send(ctx context.Context, ch string, m outbox.Outgoing) (string, *outbox.SendError) {
	p.mu.Lock()
	hook := p.hook
	p.mu.Unlock()
	if hook != nil {
		if e := hook(ctx, m); e != nil {
			return "", e
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.byMsg[m.MessageID]++
	p.byTo[m.To]++
	p.bodies[m.MessageID] = m.Body
	p.order = append(p.order, m.MessageID)
	return ch + "-" + m.MessageID, nil
}

func (p *phone) ResendWindow(string) time.Duration { return 0 }

func (p *phone) total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.order)
}

// twice lists phone numbers handed more than one message.
func (p *phone) twice() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for to, n := range p.byTo {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s×%d", to, n))
		}
	}
	return out
}

type fixture struct {
	t      *testing.T
	db     *db.DB
	clock  *clock.Fake
	phone  *phone
	svc    *Service
	disp   *outbox.Dispatcher
	out    *outbox.Outbox
	tenant string
	admin  identity.Actor
	n      int
}

// newFixture is a tenant in Jakarta at 10:00 local time, a campaign service,
// and a dispatcher (batch 10) sending through phone.
func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, db: d, clock: clock.NewFake(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), phone: newPhone(), tenant: ids.New()}
	now := f.clock.Now()
	f.must(d.Gorm.Exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, channel_order, created_at, updated_at, version)
		VALUES (?, ?, 'Klinik Sehat', 'ID', 'Asia/Jakarta', '["whatsapp"]', ?, ?, 1)`, f.tenant, "org_"+f.tenant, now, now).Error)
	lk := outbox.NewDBLookups(d)
	f.out = outbox.NewOutbox(d, f.clock, []string{"whatsapp", "sms", "log"}, lk)
	f.svc = New(Deps{DB: d, Clock: f.clock, Outbox: f.out, Templates: template.NewService(template.NewStore(d), nil, f.clock)})
	f.svc.HoldWait = 5 * time.Second
	f.disp = f.dispatcher(10)
	f.admin = identity.Actor{TenantID: f.tenant, Role: identity.RoleAdmin, Name: "Dr. Rina", UserID: ids.New()}
	return f
}

func (f *fixture) dispatcher(batch int) *outbox.Dispatcher {
	d := outbox.NewDispatcher(f.db, f.phone, outbox.NewDBLookups(f.db), ratelimit.NewMemoryTokens(f.clock.Now), f.clock,
		outbox.DispatchConfig{Worker: "w-" + ids.New()[:6], Workers: 1, Batch: batch, Concurrency: 4, Channels: []string{"whatsapp", "sms"},
			Backoff: []time.Duration{time.Minute}, MaxChannelAttempts: 1}, nil)
	d.SetCampaignHolds(f.svc)
	return d
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// person is a patient with the given columns set (name, phone, consent … as SQL values).
type person map[string]any

// patient inserts a patient; unset fields are a consenting Indonesian speaker in Jakarta.
func (f *fixture) patient(p person) string {
	f.t.Helper()
	f.n++
	id := ids.New()
	now := f.clock.Now()
	row := map[string]any{"id": id, "tenant_id": f.tenant, "name": fmt.Sprintf("Pasien %03d", f.n), "phone": fmt.Sprintf("+62812000%05d", f.n),
		"language": "id", "timezone": "Asia/Jakarta", "consent": "granted", "is_active": true, "created_at": now, "updated_at": now, "version": 1}
	for k, v := range p {
		row[k] = v
	}
	f.must(f.db.Gorm.Table("patients").Create(row).Error)
	return id
}

func (f *fixture) patients(n int, p person) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f.patient(p)
	}
	return out
}

// create stores a campaign to every patient tagged tag (text message, fast rate).
func (f *fixture) create(in Input) View {
	f.t.Helper()
	if in.Name == "" {
		in.Name = "Kampanye"
	}
	if in.Bodies == nil && in.TemplateID == nil && len(in.Variants) == 0 {
		in.Bodies = map[string]string{"id": "Halo {{first_name}}, jangan lupa kontrol bulan ini di {{clinic}}."}
	}
	if in.RatePerMinute == nil {
		r := 60_000
		in.RatePerMinute = &r
	}
	v, err := f.svc.Create(context.Background(), f.admin, in)
	f.must(err)
	return v
}

func segmentTagged(tag string) Audience { return Audience{Segment: &Segment{TagsAny: []string{tag}}} }

func (f *fixture) execute(id string) View {
	f.t.Helper()
	_, v, err := f.svc.Execute(context.Background(), f.admin, id, false)
	f.must(err)
	return v
}

// step feeds once and drains the outbox once, the clock a second on.
func (f *fixture) step() {
	f.t.Helper()
	f.clock.Advance(time.Second)
	_, err := f.svc.Step(context.Background())
	f.must(err)
	_, err = f.disp.Drain(context.Background())
	f.must(err)
}

// run steps until the campaign leaves running (at most limit steps).
func (f *fixture) run(id string, limit int) View {
	f.t.Helper()
	for range limit {
		f.step()
		if v := f.get(id); v.Status != StatusRunning {
			return v
		}
	}
	return f.get(id)
}

func (f *fixture) get(id string) View {
	f.t.Helper()
	v, err := f.svc.Get(context.Background(), f.admin, id)
	f.must(err)
	return v
}

// recipientRows reads every recipient row of a campaign, by patient.
func (f *fixture) recipientRows(id string) map[string]Recipient {
	var rows []Recipient
	f.must(f.db.Gorm.Where("campaign_id = ?", id).Find(&rows).Error)
	out := map[string]Recipient{}
	for _, r := range rows {
		out[r.PatientID] = r
	}
	return out
}

// messageID is the id of a recipient's message, "" when it has none.
func (f *fixture) messageID(campaignID, patientID string) string {
	var id string
	f.must(f.db.Gorm.Raw("SELECT id FROM messages WHERE tenant_id = ? AND dedupe_key = ?", f.tenant, "campaign:"+campaignID+":"+patientID).Scan(&id).Error)
	return id
}

// messageStatuses counts a campaign's messages by status.
func (f *fixture) messageStatuses(id string) map[string]int {
	var rows []struct {
		Status string
		N      int
	}
	f.must(f.db.Gorm.Raw("SELECT status, count(*) AS n FROM messages WHERE source = 'campaign' AND source_id = ? GROUP BY status", id).Scan(&rows).Error)
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out
}

// addsUp checks total = queued + sent + failed + skipped.
func addsUp(t *testing.T, c Counters) {
	t.Helper()
	if c.Total != c.Queued+c.Sent+c.Failed+c.Skipped {
		t.Fatalf("counters do not add up: %+v", c)
	}
}

func isConflict(err error) bool { return errors.Is(err, errs.ErrConflict) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
