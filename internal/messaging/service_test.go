package messaging

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// svcEnv is a tenant with an admin, a volunteer and a developer, a second
// tenant, and the message service over a statement-counting connection.
type svcEnv struct {
	t      *testing.T
	d      *db.DB
	clock  *clock.Fake
	svc    *Service
	outbox *outbox.Outbox
	stmts  *atomic.Int64

	tenant, other                          string
	admin, volunteer, developer, otherUser identity.Actor
}

// counter is a GORM logger that counts the SQL statements run.
type counter struct {
	logger.Interface
	n *atomic.Int64
}

func (c counter) LogMode(logger.LogLevel) logger.Interface { return c }
func (c counter) Trace(context.Context, time.Time, func() (string, int64), error) {
	c.n.Add(1)
}

func newSvcEnv(t *testing.T, d *db.DB) *svcEnv {
	t.Helper()
	// 10:00 in Jakarta on Monday 23 November 2026.
	e := &svcEnv{t: t, d: d, clock: clock.NewFake(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), stmts: &atomic.Int64{}}
	e.tenant, e.other = e.addTenant("Klinik A"), e.addTenant("Klinik B")
	e.admin = e.addUser(e.tenant, identity.RoleAdmin)
	e.volunteer = e.addUser(e.tenant, identity.RoleVolunteer)
	e.developer = e.addUser(e.tenant, identity.RoleDeveloper)
	e.otherUser = e.addUser(e.other, identity.RoleAdmin)
	counted := &db.DB{Gorm: d.Gorm.Session(&gorm.Session{Logger: counter{Interface: logger.Discard, n: e.stmts}}), Dialect: d.Dialect}
	e.outbox = outbox.NewOutbox(d, e.clock, []string{"whatsapp", "sms", "log"}, outbox.NewDBLookups(d))
	e.svc = NewService(counted, e.outbox, e.clock, nil)
	return e
}

func (e *svcEnv) exec(sql string, args ...any) {
	e.t.Helper()
	if err := e.d.Gorm.Exec(sql, args...).Error; err != nil {
		e.t.Fatal(err)
	}
}

func (e *svcEnv) addTenant(name string) string {
	id := ids.New()
	now := e.clock.Now()
	e.exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, created_at, updated_at, version)
		VALUES (?, ?, ?, 'ID', 'Asia/Jakarta', ?, ?, 1)`, id, "org_"+id, name, now, now)
	return id
}

func (e *svcEnv) addUser(tenant, role string) identity.Actor {
	id := ids.New()
	now := e.clock.Now()
	e.exec(`INSERT INTO users (id, tenant_id, clerk_user_id, email, name, role, status, is_active, created_at, updated_at, version)
		VALUES (?, ?, ?, '', ?, ?, 'approved', ?, ?, ?, 1)`, id, tenant, "user_"+id, role, role, true, now, now)
	return identity.Actor{UserID: id, TenantID: tenant, Role: role, Name: role}
}

// addPatient adds a consenting patient, assigned to volunteerID when given.
func (e *svcEnv) addPatient(tenant, name, volunteerID string) string {
	id := ids.New()
	now := e.clock.Now()
	var vol *string
	if volunteerID != "" {
		vol = &volunteerID
	}
	e.exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, assigned_volunteer_id, is_active, created_at, updated_at, version)
		VALUES (?, ?, ?, '+6281234567890', 'id', 'Asia/Jakarta', 'granted', ?, ?, ?, ?, 1)`, id, tenant, name, vol, true, now, now)
	return id
}

// addMessage stores m with defaults for the fields left empty: an outbound,
// sent reminder on WhatsApp of the first tenant, created now.
func (e *svcEnv) addMessage(m outbox.Message) outbox.Message {
	e.t.Helper()
	if m.ID == "" {
		m.ID = ids.New()
	}
	if m.TenantID == "" {
		m.TenantID = e.tenant
	}
	if m.Direction == "" {
		m.Direction = outbox.Outbound
	}
	if m.Channel == "" {
		m.Channel = "whatsapp"
	}
	if m.ChannelOrder == nil {
		m.ChannelOrder = outbox.StringList{m.Channel}
	}
	if m.Status == "" {
		m.Status = outbox.StatusSent
	}
	if m.Source == "" {
		m.Source = outbox.SourceReminder
	}
	if m.Body == "" {
		m.Body = "Waktunya minum obat"
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = e.clock.Now()
	}
	m.UpdatedAt, m.Version, m.Priority = m.CreatedAt, 1, outbox.PriorityNormal
	if err := e.d.Gorm.Create(&m).Error; err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *svcEnv) addAttempt(messageID string, no int, channel, status string) {
	e.t.Helper()
	now := e.clock.Now()
	a := outbox.Attempt{ID: ids.New(), MessageID: messageID, TenantID: e.tenant, AttemptNo: no, Channel: channel, Status: status,
		StartedAt: now.Add(time.Duration(no) * time.Minute), FinishedAt: &now}
	if status == "failed" {
		code := "500"
		a.ErrorCode = &code
	}
	if err := e.d.Gorm.Create(&a).Error; err != nil {
		e.t.Fatal(err)
	}
}

func (e *svcEnv) load(id string) outbox.Message {
	e.t.Helper()
	var m outbox.Message
	if err := e.d.Gorm.Where("id = ?", id).Take(&m).Error; err != nil {
		e.t.Fatal(err)
	}
	body, err := outbox.NewBodies(nil).Open(m.Body) // stored sealed
	if err != nil {
		e.t.Fatal(err)
	}
	m.Body = body
	return m
}

func idsOf(vs []View) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.ID)
	}
	return out
}

func sameIDs(t *testing.T, what string, got []View, want ...outbox.Message) {
	t.Helper()
	w := make([]string, 0, len(want))
	for _, m := range want {
		w = append(w, m.ID)
	}
	if g := idsOf(got); !slices.Equal(g, w) {
		t.Fatalf("%s: got %v, want %v", what, g, w)
	}
}

func isValidation(err error, field string) bool {
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, f := range ve.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

func TestListFiltersScopesAndPagesInTwoStatements(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newSvcEnv(t, d)
		ctx := context.Background()
		mine := e.addPatient(e.tenant, "Siti Rahmawati", e.volunteer.UserID)
		theirs := e.addPatient(e.tenant, "Budi Santoso", "")
		gone := e.addPatient(e.tenant, "Deleted Patient", e.volunteer.UserID)
		e.exec("UPDATE patients SET deleted_at = ? WHERE id = ?", e.clock.Now(), gone)
		at := func(h int) time.Time { return e.clock.Now().Add(time.Duration(h) * time.Hour) }

		m1 := e.addMessage(outbox.Message{PatientID: &mine, Body: "Minum TAMOXIFEN", CreatedAt: at(-5)})
		m2 := e.addMessage(outbox.Message{PatientID: &mine, Direction: outbox.Inbound, Status: outbox.StatusReceived, Source: outbox.SourceInbound,
			Body: "sudah, terima kasih", CreatedAt: at(-4)})
		m3 := e.addMessage(outbox.Message{PatientID: &theirs, Channel: "sms", Status: outbox.StatusFailed, Source: outbox.SourceCampaign, CreatedAt: at(-3)})
		phone := "+6281111111111"
		m4 := e.addMessage(outbox.Message{ToPhone: &phone, Source: outbox.SourceTest, Channel: "log", CreatedAt: at(-2)})
		m5 := e.addMessage(outbox.Message{PatientID: &gone, CreatedAt: at(-1)})
		e.addMessage(outbox.Message{TenantID: e.other, Body: "another tenant", CreatedAt: at(-1)})

		list := func(a identity.Actor, f Filter) ([]View, int64) {
			t.Helper()
			before := e.stmts.Load()
			rows, total, err := e.svc.List(ctx, a, f)
			if err != nil {
				t.Fatal(err)
			}
			if n := e.stmts.Load() - before; n > 2 {
				t.Fatalf("List ran %d statements, want at most 2", n)
			}
			return rows, total
		}

		rows, total := list(e.admin, Filter{})
		if total != 5 {
			t.Fatalf("admin total %d, want 5", total)
		}
		sameIDs(t, "admin, newest first", rows, m5, m4, m3, m2, m1)
		if rows[4].PatientName != "Siti Rahmawati" || rows[1].PatientName != "" || *rows[1].ToPhone != phone {
			t.Fatalf("names and phones: %+v / %+v", rows[4], rows[1])
		}
		rows, _ = list(e.developer, Filter{Sort: "created_at"})
		sameIDs(t, "developer, oldest first", rows, m1, m2, m3, m4, m5)

		rows, total = list(e.volunteer, Filter{})
		sameIDs(t, "a volunteer sees their live patients' messages only", rows, m2, m1)
		if total != 2 {
			t.Fatalf("volunteer total %d", total)
		}
		if rows, _ = list(e.volunteer, Filter{PatientID: theirs}); len(rows) != 0 {
			t.Fatal("another patient's messages are invisible to the volunteer")
		}
		rows, _ = list(e.otherUser, Filter{})
		if len(rows) != 1 || rows[0].Body != "another tenant" {
			t.Fatalf("tenants are separate: %+v", rows)
		}

		cases := []struct {
			name string
			f    Filter
			want []outbox.Message
		}{
			{"patient", Filter{PatientID: mine}, []outbox.Message{m2, m1}},
			{"channel", Filter{Channel: "sms"}, []outbox.Message{m3}},
			{"status", Filter{Status: outbox.StatusFailed}, []outbox.Message{m3}},
			{"direction", Filter{Direction: outbox.Inbound}, []outbox.Message{m2}},
			{"source", Filter{Source: outbox.SourceTest}, []outbox.Message{m4}},
			// Bodies are encrypted at rest: search matches patient names only.
			{"bodies are not searched", Filter{Search: "tamoxifen"}, nil},
			{"patient name", Filter{Search: "budi"}, []outbox.Message{m3}},
			{"like wildcards are literal", Filter{Search: "%"}, nil},
			{"from", Filter{From: ptr(at(-3))}, []outbox.Message{m5, m4, m3}},
			{"to is exclusive", Filter{To: ptr(at(-3))}, []outbox.Message{m2, m1}},
			{"combined", Filter{PatientID: mine, Direction: outbox.Outbound}, []outbox.Message{m1}},
		}
		for _, c := range cases {
			rows, total := list(e.admin, c.f)
			sameIDs(t, c.name, rows, c.want...)
			if total != int64(len(c.want)) {
				t.Fatalf("%s: total %d", c.name, total)
			}
		}

		rows, total = list(e.admin, Filter{Page: 2, PerPage: 2})
		sameIDs(t, "page 2", rows, m3, m2)
		if total != 5 {
			t.Fatalf("paged total %d", total)
		}
		if rows, _ = list(e.admin, Filter{Page: 9, PerPage: 2}); len(rows) != 0 {
			t.Fatal("past the end is empty")
		}

		for field, f := range map[string]Filter{
			"patient_id": {PatientID: "nope"}, "channel": {Channel: "fax"}, "status": {Status: "lost"},
			"direction": {Direction: "sideways"}, "source": {Source: "magic"}, "sort": {Sort: "body"},
			"to": {From: ptr(at(0)), To: ptr(at(-1))},
		} {
			if _, _, err := e.svc.List(ctx, e.admin, f); !isValidation(err, field) {
				t.Errorf("%s: want a validation error, got %v", field, err)
			}
		}
		if _, _, err := e.svc.List(ctx, identity.Actor{TenantID: e.tenant, Role: "guest"}, Filter{}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("unknown role: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestGetReturnsTheFailoverTrailToThoseWhoMaySeeIt(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newSvcEnv(t, d)
		ctx := context.Background()
		p := e.addPatient(e.tenant, "Siti", "")
		m := e.addMessage(outbox.Message{PatientID: &p, Channel: "sms", ChannelOrder: outbox.StringList{"whatsapp", "sms"}, ChannelIndex: 1})
		e.addAttempt(m.ID, 2, "whatsapp", "failed")
		e.addAttempt(m.ID, 1, "whatsapp", "failed")
		e.addAttempt(m.ID, 3, "sms", "sent")

		got, err := e.svc.Get(ctx, e.developer, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PatientName != "Siti" || len(got.Attempts) != 3 {
			t.Fatalf("detail: %+v", got)
		}
		for i, want := range [][2]string{{"whatsapp", "failed"}, {"whatsapp", "failed"}, {"sms", "sent"}} {
			a := got.Attempts[i]
			if a.AttemptNo != i+1 || a.Channel != want[0] || a.Status != want[1] {
				t.Fatalf("attempt %d: %+v", i, a)
			}
		}
		if *got.Attempts[0].ErrorCode != "500" {
			t.Fatal("attempt errors are kept")
		}
		for who, a := range map[string]identity.Actor{"volunteer": e.volunteer, "other tenant": e.otherUser} {
			if _, err := e.svc.Get(ctx, a, m.ID); !errors.Is(err, errs.ErrNotFound) {
				t.Errorf("%s: want not found, got %v", who, err)
			}
		}
		if _, err := e.svc.Get(ctx, e.admin, "not-an-id"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatal("a malformed id is not found")
		}
		e.exec("UPDATE patients SET assigned_volunteer_id = ? WHERE id = ?", e.volunteer.UserID, p)
		if got, err := e.svc.Get(ctx, e.volunteer, m.ID); err != nil || len(got.Attempts) != 3 {
			t.Fatalf("once assigned, the volunteer sees it: %v", err)
		}
	})
}

func TestStatsCountLocalDaysChannelsStatusesAndRates(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newSvcEnv(t, d)
		ctx := context.Background()
		mine := e.addPatient(e.tenant, "Siti", e.volunteer.UserID)
		theirs := e.addPatient(e.tenant, "Budi", "")
		utc := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, time.UTC) }

		// Jakarta is UTC+7: 16:59 UTC is 23:59 on the 22nd, 17:00 UTC is midnight of the 23rd.
		a := e.addMessage(outbox.Message{PatientID: &mine, Status: outbox.StatusDelivered, CreatedAt: utc(22, 16, 59)})
		b := e.addMessage(outbox.Message{PatientID: &theirs, Status: outbox.StatusRead, CreatedAt: utc(22, 17, 0)})
		c := e.addMessage(outbox.Message{PatientID: &theirs, Channel: "sms", Status: outbox.StatusFailed, CreatedAt: utc(23, 1, 0)})
		e.addMessage(outbox.Message{PatientID: &theirs, Channel: "sms", Status: outbox.StatusSent, CreatedAt: utc(23, 2, 0)})
		e.addMessage(outbox.Message{PatientID: &mine, Direction: outbox.Inbound, Status: outbox.StatusReceived, Source: outbox.SourceInbound, CreatedAt: utc(23, 2, 30)})
		e.addMessage(outbox.Message{PatientID: &mine, Status: outbox.StatusQueued, CreatedAt: utc(23, 2, 45)})
		e.addMessage(outbox.Message{PatientID: &mine, Status: outbox.StatusDelivered, CreatedAt: utc(1, 9, 0)})   // before the range
		e.addMessage(outbox.Message{TenantID: e.other, Status: outbox.StatusFailed, CreatedAt: utc(23, 1, 0)})    // another tenant
		e.addMessage(outbox.Message{PatientID: &mine, Status: outbox.StatusDelivered, CreatedAt: utc(23, 17, 0)}) // tomorrow in Jakarta
		// a went WhatsApp → SMS; b was tried once; c was only throttled (not an attempt on the patient).
		e.addAttempt(a.ID, 1, "whatsapp", "failed")
		e.addAttempt(a.ID, 2, "sms", "sent")
		e.addAttempt(b.ID, 1, "whatsapp", "sent")
		e.addAttempt(c.ID, 1, "sms", "throttled")

		before := e.stmts.Load()
		st, err := e.svc.Stats(ctx, e.admin, StatsRange{})
		if err != nil {
			t.Fatal(err)
		}
		if n := e.stmts.Load() - before; n > 3 {
			t.Fatalf("Stats ran %d statements", n)
		}
		if st.From != "2026-11-10" || st.To != "2026-11-23" || st.Timezone != "Asia/Jakarta" || len(st.Days) != 14 {
			t.Fatalf("default range: %s…%s %s, %d days", st.From, st.To, st.Timezone, len(st.Days))
		}
		if st.Days[0].Total != 0 || st.Days[0].Date != "2026-11-10" || len(st.Days[0].Cells) != 0 {
			t.Fatalf("empty days are listed with zeros: %+v", st.Days[0])
		}
		d22, d23 := st.Days[12], st.Days[13]
		if d22.Date != "2026-11-22" || d22.Total != 1 || d22.ByStatus[outbox.StatusDelivered] != 1 {
			t.Fatalf("22nd: %+v", d22)
		}
		if d23.Total != 5 || d23.ByChannel["whatsapp"] != 3 || d23.ByChannel["sms"] != 2 || d23.ByStatus[outbox.StatusRead] != 1 {
			t.Fatalf("23rd: %+v", d23)
		}
		wantCells := []Cell{{"whatsapp", outbox.StatusQueued, 1}, {"whatsapp", outbox.StatusRead, 1}, {"whatsapp", outbox.StatusReceived, 1},
			{"sms", outbox.StatusFailed, 1}, {"sms", outbox.StatusSent, 1}}
		if !slices.Equal(d23.Cells, wantCells) {
			t.Fatalf("23rd cells: %+v", d23.Cells)
		}
		if st.Totals.Total != 6 || st.Totals.Inbound != 1 || st.Totals.Outbound != 5 || st.Totals.ByChannel["sms"] != 2 {
			t.Fatalf("totals: %+v", st.Totals)
		}
		// Delivered (delivered + read = 2) ÷ settled (+ sent + failed = 4); queued and inbound are left out.
		if st.Delivered != 2 || st.Settled != 4 || st.DeliveryRate == nil || *st.DeliveryRate != 0.5 {
			t.Fatalf("delivery: %d/%d %v", st.Delivered, st.Settled, st.DeliveryRate)
		}
		if st.FailedOver != 1 || st.Attempted != 2 || st.FailoverRate == nil || *st.FailoverRate != 0.5 {
			t.Fatalf("failover: %d/%d %v", st.FailedOver, st.Attempted, st.FailoverRate)
		}

		// In UTC both evening messages fall on the 22nd.
		st, err = e.svc.Stats(ctx, e.admin, StatsRange{From: "2026-11-22", To: "2026-11-22", Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Days) != 1 || st.Days[0].Total != 2 {
			t.Fatalf("UTC day: %+v", st.Days)
		}
		// Kathmandu is UTC+5:45: 18:14 UTC is 23:59 there, 18:15 UTC the next midnight.
		e.addMessage(outbox.Message{PatientID: &mine, CreatedAt: utc(20, 18, 14)})
		e.addMessage(outbox.Message{PatientID: &mine, CreatedAt: utc(20, 18, 15)})
		st, err = e.svc.Stats(ctx, e.admin, StatsRange{From: "2026-11-20", To: "2026-11-21", Timezone: "Asia/Kathmandu"})
		if err != nil {
			t.Fatal(err)
		}
		if st.Days[0].Total != 1 || st.Days[1].Total != 1 {
			t.Fatalf("quarter-hour zones: %+v", st.Days)
		}

		// A volunteer's numbers cover their patients only.
		st, err = e.svc.Stats(ctx, e.volunteer, StatsRange{From: "2026-11-22", To: "2026-11-23"})
		if err != nil {
			t.Fatal(err)
		}
		if st.Totals.Total != 3 || st.Settled != 1 || st.Attempted != 1 || *st.FailoverRate != 1 {
			t.Fatalf("volunteer stats: %+v", st)
		}
		// No data: the rates are unknown, not zero.
		st, err = e.svc.Stats(ctx, e.otherUser, StatsRange{From: "2026-10-01", To: "2026-10-02"})
		if err != nil || st.DeliveryRate != nil || st.FailoverRate != nil || st.Totals.Total != 0 {
			t.Fatalf("empty stats: %+v %v", st, err)
		}

		for field, r := range map[string]StatsRange{
			"from":     {From: "2026-11-23", To: "2026-11-01"},
			"to":       {From: "2025-01-01", To: "2026-11-01"},
			"timezone": {Timezone: "Mars/Olympus"},
		} {
			if _, err := e.svc.Stats(ctx, e.admin, r); !isValidation(err, field) {
				t.Errorf("%s: want a validation error, got %v", field, err)
			}
		}
		if _, err := e.svc.Stats(ctx, e.admin, StatsRange{From: "23/11/2026"}); !isValidation(err, "from") {
			t.Errorf("bad date: %v", err)
		}
	})
}

// sendAll is a Channels that accepts everything.
type sendAll struct{ calls []string }

func (s *sendAll) Send(_ context.Context, ch string, m outbox.Outgoing) (string, *outbox.SendError) {
	s.calls = append(s.calls, ch+":"+m.MessageID)
	return "p-" + m.MessageID[:8], nil
}
func (s *sendAll) ResendWindow(string) time.Duration { return 0 }

func TestRetryRequeuesFailedMessagesOnTheirFirstChannel(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newSvcEnv(t, d)
		ctx := context.Background()
		mine := e.addPatient(e.tenant, "Siti", e.volunteer.UserID)
		theirs := e.addPatient(e.tenant, "Budi", "")
		failedAt := e.clock.Now().Add(-time.Hour)
		code, msg := "VALIDATION_ERROR", "rejected"
		failed := func(p string, ch string) outbox.Message {
			return e.addMessage(outbox.Message{PatientID: &p, Channel: ch, ChannelOrder: outbox.StringList{"whatsapp", "sms"}, ChannelIndex: 1,
				Status: outbox.StatusFailed, ChannelAttempts: 2, TotalAttempts: 3, FailedAt: &failedAt, ErrorCode: &code, ErrorMessage: &msg,
				CreatedAt: e.clock.Now().Add(-2 * time.Hour)})
		}
		f1 := failed(mine, "sms")
		f2 := failed(theirs, "sms")
		sent := e.addMessage(outbox.Message{PatientID: &mine})
		skipped := e.addMessage(outbox.Message{PatientID: &mine, Status: outbox.StatusSkipped})
		otherTenant := e.addMessage(outbox.Message{TenantID: e.other, Status: outbox.StatusFailed})
		e.addAttempt(f1.ID, 1, "whatsapp", "failed")

		if _, err := e.svc.Retry(ctx, e.developer, RetryRequest{IDs: []string{f1.ID}}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("developers only read: %v", err)
		}
		// A volunteer retries only their patients' messages; the rest are passed over.
		n, err := e.svc.Retry(ctx, e.volunteer, RetryRequest{IDs: []string{f1.ID, f2.ID, sent.ID, skipped.ID, otherTenant.ID}})
		if err != nil || n != 1 {
			t.Fatalf("volunteer retry: %d %v", n, err)
		}
		got := e.load(f1.ID)
		if got.Status != outbox.StatusQueued || got.Channel != "whatsapp" || got.ChannelIndex != 0 || got.ChannelAttempts != 0 ||
			got.TotalAttempts != 3 || got.FailedAt != nil || got.ErrorCode != nil || got.ErrorMessage != nil || got.Version != 2 ||
			got.NextAttemptAt == nil || !got.NextAttemptAt.Equal(e.clock.Now()) {
			t.Fatalf("re-queued message: %+v", got)
		}
		for _, id := range []string{f2.ID, sent.ID, skipped.ID} {
			if m := e.load(id); m.Version != 1 {
				t.Fatalf("%s must not change: %+v", id, m)
			}
		}
		if m := e.load(otherTenant.ID); m.Status != outbox.StatusFailed {
			t.Fatal("another tenant's message must not change")
		}
		// Retrying again counts nothing: it is no longer failed.
		if n, _ := e.svc.Retry(ctx, e.admin, RetryRequest{IDs: []string{f1.ID}}); n != 0 {
			t.Fatalf("second retry: %d", n)
		}

		// By filter, as the admin.
		f3 := failed(theirs, "whatsapp")
		if n, err := e.svc.Retry(ctx, e.admin, RetryRequest{Filter: &RetryFilter{Channel: "sms"}}); err != nil || n != 1 {
			t.Fatalf("filter retry: %d %v", n, err)
		}
		if e.load(f2.ID).Status != outbox.StatusQueued || e.load(f3.ID).Status != outbox.StatusFailed {
			t.Fatal("the filter picks failed sms messages only")
		}
		if n, err := e.svc.Retry(ctx, e.admin, RetryRequest{Filter: &RetryFilter{Status: outbox.StatusFailed}}); err != nil || n != 1 {
			t.Fatalf("retry all failed: %d %v", n, err)
		}

		// The dispatcher sends the re-queued messages on WhatsApp, attempt numbers continuing.
		ch := &sendAll{}
		disp := outbox.NewDispatcher(d, ch, outbox.NewDBLookups(d), nil, e.clock, outbox.DispatchConfig{Worker: "w"}, nil)
		if _, err := disp.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.load(f1.ID); got.Status != outbox.StatusSent || got.Channel != "whatsapp" || got.TotalAttempts != 4 {
			t.Fatalf("after sending: %+v", got)
		}
		detail, err := e.svc.Get(ctx, e.admin, f1.ID)
		if err != nil || len(detail.Attempts) != 2 || detail.Attempts[1].AttemptNo != 4 || detail.Attempts[1].Status != "sent" {
			t.Fatalf("trail after the retry: %+v %v", detail.Attempts, err)
		}

		var audits int64
		e.d.Gorm.Table("audit_events").Where("tenant_id = ? AND action = ?", e.tenant, ActionMessageRetry).Count(&audits)
		if audits != 3 {
			t.Fatalf("every retry that changed something is audited: %d", audits)
		}

		for field, r := range map[string]RetryRequest{
			"ids":               {},
			"ids[0]":            {IDs: []string{"x"}},
			"filter.status":     {Filter: &RetryFilter{Status: outbox.StatusSent}},
			"filter.channel":    {Filter: &RetryFilter{Channel: "fax"}},
			"filter.patient_id": {Filter: &RetryFilter{PatientID: "x"}},
		} {
			if _, err := e.svc.Retry(ctx, e.admin, r); !isValidation(err, field) {
				t.Errorf("%s: want a validation error, got %v", field, err)
			}
		}
		if _, err := e.svc.Retry(ctx, e.admin, RetryRequest{IDs: []string{f1.ID}, Filter: &RetryFilter{}}); !isValidation(err, "ids") {
			t.Errorf("ids and filter together: %v", err)
		}
	})
}

func TestSendAndSendTestQueueInteractiveMessages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newSvcEnv(t, d)
		ctx := context.Background()
		mine := e.addPatient(e.tenant, "Siti", e.volunteer.UserID)
		theirs := e.addPatient(e.tenant, "Budi", "")

		got, err := e.svc.Send(ctx, e.admin, SendInput{PatientID: theirs, Body: "  Kontrol besok jam 09:00  ",
			ChannelOrder: []string{"kakao", "sms", "whatsapp"}})
		if err != nil {
			t.Fatal(err)
		}
		m := e.load(got.ID)
		if m.Status != outbox.StatusQueued || m.Source != outbox.SourceManual || m.Priority != outbox.PriorityInteractive || m.Body != "Kontrol besok jam 09:00" ||
			m.CreatedBy == nil || *m.CreatedBy != e.admin.UserID || !slices.Equal(m.ChannelOrder, outbox.StringList{"sms", "whatsapp"}) ||
			m.Channel != "sms" || got.PatientName != "Budi" || len(got.Attempts) != 0 {
			t.Fatalf("manual send (kakao is not configured, so it is dropped): %+v / %+v", m, got)
		}
		// Without an order the tenant's is used.
		got, err = e.svc.Send(ctx, e.volunteer, SendInput{PatientID: mine, Body: "Halo"})
		if err != nil || !slices.Equal(e.load(got.ID).ChannelOrder, outbox.StringList{"whatsapp", "sms"}) {
			t.Fatalf("volunteer send: %+v %v", got, err)
		}
		if _, err := e.svc.Send(ctx, e.volunteer, SendInput{PatientID: theirs, Body: "Halo"}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("another volunteer's patient is not found: %v", err)
		}
		if _, err := e.svc.Send(ctx, e.otherUser, SendInput{PatientID: theirs, Body: "Halo"}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("another tenant's patient is not found: %v", err)
		}
		if _, err := e.svc.Send(ctx, e.developer, SendInput{PatientID: theirs, Body: "Halo"}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("developers only read: %v", err)
		}
		for field, in := range map[string]SendInput{
			"body":             {PatientID: theirs, Body: "  "},
			"patient_id":       {Body: "Halo"},
			"channel_order[1]": {PatientID: theirs, Body: "Halo", ChannelOrder: []string{"sms", "fax"}},
		} {
			if _, err := e.svc.Send(ctx, e.admin, in); !isValidation(err, field) {
				t.Errorf("%s: want a validation error, got %v", field, err)
			}
		}
		var audits int64
		e.d.Gorm.Table("audit_events").Where("tenant_id = ? AND action = ?", e.tenant, ActionMessageSend).Count(&audits)
		if audits != 2 {
			t.Fatalf("sends are audited: %d", audits)
		}

		// Test messages: admins only, phone normalised with the tenant's region, default body in its language.
		got, err = e.svc.SendTest(ctx, e.admin, TestInput{Phone: "0812-3456-7890", Channel: "sms"})
		if err != nil {
			t.Fatal(err)
		}
		m = e.load(got.ID)
		if m.PatientID != nil || m.ToPhone == nil || *m.ToPhone != "+6281234567890" || m.Source != outbox.SourceTest ||
			!slices.Equal(m.ChannelOrder, outbox.StringList{"sms"}) || m.Body != testBody("id") || m.Priority != outbox.PriorityInteractive {
			t.Fatalf("test message: %+v", m)
		}
		got, err = e.svc.SendTest(ctx, e.admin, TestInput{Phone: "+82 10-1234-5678", Body: "hello"})
		if err != nil || !slices.Equal(e.load(got.ID).ChannelOrder, outbox.StringList{"whatsapp", "sms"}) || got.Body != "hello" {
			t.Fatalf("test message on the tenant's order: %+v %v", got, err)
		}
		for _, a := range []identity.Actor{e.volunteer, e.developer} {
			if _, err := e.svc.SendTest(ctx, a, TestInput{Phone: "0812-3456-7890"}); !errors.Is(err, errs.ErrForbidden) {
				t.Fatalf("%s: %v", a.Role, err)
			}
		}
		for field, in := range map[string]TestInput{
			"phone":   {Phone: "12"},
			"channel": {Phone: "0812-3456-7890", Channel: "kakao"}, // not configured here
		} {
			if _, err := e.svc.SendTest(ctx, e.admin, in); !isValidation(err, field) {
				t.Errorf("%s: want a validation error, got %v", field, err)
			}
		}
		if _, err := e.svc.SendTest(ctx, e.admin, TestInput{Phone: "0812-3456-7890", Channel: "fax"}); !isValidation(err, "channel") {
			t.Errorf("unknown channel: %v", err)
		}

		// Volunteers never see test messages (no patient); admins do.
		rows, _, err := e.svc.List(ctx, e.volunteer, Filter{Source: outbox.SourceTest})
		if err != nil || len(rows) != 0 {
			t.Fatalf("volunteer test messages: %d %v", len(rows), err)
		}
		rows, _, err = e.svc.List(ctx, e.admin, Filter{Source: outbox.SourceTest})
		if err != nil || len(rows) != 2 {
			t.Fatalf("admin test messages: %d %v", len(rows), err)
		}
	})
}
