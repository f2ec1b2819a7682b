package reminder_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/schedule"
	"github.com/prima-health/prima/internal/user"
)

// env is a database with two tenants, their users, and the reminder and
// appointment services on a fake clock.
type env struct {
	t      *testing.T
	d      *db.DB
	clock  *clock.Fake
	outbox *outbox.Outbox
	svc    *reminder.Service
	appts  *appointment.Service

	tenantA, tenantB string
	admin, vol, dev  identity.Actor // tenant A
	adminB           identity.Actor // tenant B
}

func newEnv(t *testing.T, d *db.DB, start time.Time) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, d: d, clock: clock.NewFake(start)}
	us := user.NewStore(d)
	mkTenant := func(name, tz string) string {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + name + "_" + ids.New(), Name: "Klinik " + name, DefaultRegion: "ID", Timezone: tz,
			CreatedAt: start, UpdatedAt: start, Version: 1}
		must(t, us.CreateTenant(ctx, tn))
		return tn.ID
	}
	mkUser := func(tenantID, name, role string) identity.Actor {
		u := user.User{ID: ids.New(), TenantID: tenantID, ClerkUserID: "user_" + name + "_" + ids.New(), Name: name, Role: role,
			Status: user.StatusApproved, IsActive: true, CreatedAt: start, UpdatedAt: start, Version: 1}
		must(t, us.CreateUser(ctx, u))
		return identity.Actor{UserID: u.ID, TenantID: tenantID, Role: role, Name: name}
	}
	e.tenantA, e.tenantB = mkTenant("a", "Asia/Jakarta"), mkTenant("b", "Asia/Seoul")
	e.admin = mkUser(e.tenantA, "admin", identity.RoleAdmin)
	e.vol = mkUser(e.tenantA, "vol", identity.RoleVolunteer)
	e.dev = mkUser(e.tenantA, "dev", identity.RoleDeveloper)
	e.adminB = mkUser(e.tenantB, "adminb", identity.RoleAdmin)
	e.outbox = outbox.NewOutbox(d, e.clock, []string{"whatsapp", "sms", "log"}, outbox.NewDBLookups(d))
	e.svc = reminder.NewService(reminder.NewStore(d), e.outbox, e.clock, reminder.Options{})
	e.appts = appointment.NewService(appointment.NewStore(d), e.clock, e.svc)
	return e
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// patientOpts describe a test patient.
type patientOpts struct {
	tenant, name, tz, lang, consent, volunteer string
}

// patient inserts a patient (consent granted, Indonesian, Jakarta unless told otherwise).
func (e *env) patient(o patientOpts) string {
	e.t.Helper()
	if o.tenant == "" {
		o.tenant = e.tenantA
	}
	if o.name == "" {
		o.name = "Siti Rahma"
	}
	if o.tz == "" {
		o.tz = "Asia/Jakarta"
	}
	if o.lang == "" {
		o.lang = "id"
	}
	if o.consent == "" {
		o.consent = "granted"
	}
	id := ids.New()
	var vol any
	if o.volunteer != "" {
		vol = o.volunteer
	}
	now := e.clock.Now()
	must(e.t, e.d.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, assigned_volunteer_id,
		is_active, created_at, updated_at, version) VALUES (?, ?, ?, '+6281234567890', ?, ?, ?, ?, ?, ?, ?, 1)`,
		id, o.tenant, o.name, o.lang, o.tz, o.consent, vol, true, now, now).Error)
	return id
}

// daily is a daily schedule at the given times from start (and to end, when given).
func daily(start, end string, times ...string) *schedule.Spec {
	return &schedule.Spec{Frequency: schedule.Daily, Times: times, StartDate: start, EndDate: end}
}

// medication creates a medication reminder with a plain message.
func (e *env) medication(patientID string, spec *schedule.Spec, more ...func(*reminder.Input)) reminder.Reminder {
	e.t.Helper()
	in := reminder.Input{PatientID: patientID, Type: reminder.TypeMedication, Medication: ptr("Tamoxifen"), Dose: ptr("20 mg"),
		Message: ptr("Halo {{first_name}}, saatnya minum {{medication}} {{dose}} ({{time}})."), Schedule: spec}
	for _, f := range more {
		f(&in)
	}
	r, err := e.svc.Create(context.Background(), e.admin, in)
	must(e.t, err)
	return r
}

// tick runs the reminder side of a tick at the clock's time.
func (e *env) tick() (int, int) {
	e.t.Helper()
	occ, msg, err := e.svc.Materialize(context.Background(), e.clock.Now())
	must(e.t, err)
	_, err = e.svc.MarkMissed(context.Background(), e.clock.Now())
	must(e.t, err)
	return occ, msg
}

// occurrences lists every occurrence of a reminder, oldest first.
func (e *env) occurrences(reminderID string) []reminder.Occurrence {
	e.t.Helper()
	rows, _, err := e.svc.Occurrences(context.Background(), e.admin, reminderID, 1, 100)
	must(e.t, err)
	slices.Reverse(rows)
	return rows
}

// messages lists the reminder messages of a patient, oldest first.
func (e *env) messages(patientID string) []outbox.Message {
	e.t.Helper()
	var out []outbox.Message
	must(e.t, e.d.Gorm.Where("patient_id = ? AND source = ?", patientID, outbox.SourceReminder).
		Order("next_attempt_at, created_at").Find(&out).Error)
	for i := range out {
		out[i].Body = openBody(e.t, out[i].Body)
	}
	return out
}

// openBody reads a stored (sealed) message body.
func openBody(t testing.TB, stored string) string {
	t.Helper()
	body, err := outbox.NewBodies(nil).Open(stored)
	must(t, err)
	return body
}

func (e *env) reload(id string) reminder.Reminder {
	e.t.Helper()
	r, err := e.svc.Get(context.Background(), e.admin, id)
	must(e.t, err)
	return r
}

// localTimes formats instants as local wall-clock times in tz.
func localTimes(tz string, ts ...time.Time) []string {
	loc, _ := time.LoadLocation(tz)
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.In(loc).Format("2006-01-02 15:04 MST"))
	}
	return out
}

func dueTimes(os []reminder.Occurrence) []time.Time {
	out := make([]time.Time, 0, len(os))
	for _, o := range os {
		out = append(out, o.DueAt)
	}
	return out
}

// scripted is a Channels that accepts every message and counts sends.
type scripted struct {
	mu   sync.Mutex
	sent map[string]int
}

func (s *scripted) Send(_ context.Context, ch string, m outbox.Outgoing) (string, *outbox.SendError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sent == nil {
		s.sent = map[string]int{}
	}
	s.sent[m.MessageID]++
	return fmt.Sprintf("%s-%s", ch, m.MessageID[:8]), nil
}

func (s *scripted) ResendWindow(string) time.Duration { return 0 }

// dispatcher sends the outbox through a scripted channel on the env's clock.
func (e *env) dispatcher(ch *scripted) *outbox.Dispatcher {
	lk := outbox.NewDBLookups(e.d)
	return outbox.NewDispatcher(e.d, ch, lk, ratelimit.NewMemoryTokens(e.clock.Now), e.clock,
		outbox.DispatchConfig{Worker: "test"}, nil)
}

func newID() string { return ids.New() }

// wantFields fails unless err is a validation error naming every field given.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error naming %v, got %v", fields, err)
	}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field)
	}
	for _, f := range fields {
		if !slices.Contains(got, f) {
			t.Fatalf("fields %v lack %q (%v)", got, f, err)
		}
	}
}
