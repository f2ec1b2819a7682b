package timeline_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/timeline"
	"github.com/prima-health/prima/internal/user"
)

type fixture struct {
	t                *testing.T
	d                *db.DB
	admin, vol, dev  identity.Actor
	otherTenantAdmin identity.Actor
	at               time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, d: d, at: time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)}
	us := user.NewStore(d)
	mkTenant := func(name string) string {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + name + "_" + ids.New(), Name: name, DefaultRegion: "ID",
			Timezone: "Asia/Jakarta", CreatedAt: f.at, UpdatedAt: f.at, Version: 1}
		f.must(us.CreateTenant(ctx, tn))
		return tn.ID
	}
	mkUser := func(tenantID, name, role string) identity.Actor {
		u := user.User{ID: ids.New(), TenantID: tenantID, ClerkUserID: "user_" + name + "_" + ids.New(), Name: name, Role: role,
			Status: user.StatusApproved, IsActive: true, CreatedAt: f.at, UpdatedAt: f.at, Version: 1}
		f.must(us.CreateUser(ctx, u))
		return identity.Actor{UserID: u.ID, TenantID: tenantID, Role: role, Name: name}
	}
	a, b := mkTenant("a"), mkTenant("b")
	f.admin, f.vol, f.dev = mkUser(a, "Admin", identity.RoleAdmin), mkUser(a, "Vol", identity.RoleVolunteer), mkUser(a, "Dev", identity.RoleDeveloper)
	f.otherTenantAdmin = mkUser(b, "Other", identity.RoleAdmin)
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	f.must(f.d.Gorm.Exec(sql, args...).Error)
}

// patient inserts a patient (no audit event, as an import makes them) assigned to volunteer ("" for none).
func (f *fixture) patient(volunteer string) string {
	id := ids.New()
	var vol any
	if volunteer != "" {
		vol = volunteer
	}
	f.exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, assigned_volunteer_id, is_active,
		created_at, updated_at, version) VALUES (?, ?, 'Siti', '+6281234567890', 'id', 'Asia/Jakarta', 'granted', ?, ?, ?, ?, 1)`,
		id, f.admin.TenantID, vol, true, f.at.Add(-time.Hour), f.at.Add(-time.Hour))
	return id
}

// history gives the patient n messages and n occurrences due, all at the
// same instant, every second occurrence confirmed by staff at another shared instant.
func (f *fixture) history(patientID string, n int) {
	for i := range n {
		rem := ids.New() // one reminder each: an occurrence is unique per reminder and instant
		f.exec(`INSERT INTO reminders (id, tenant_id, patient_id, type, message, medication, schedule, created_at, updated_at)
			VALUES (?, ?, ?, 'medication', 'Minum obat', 'Tamoxifen', '{}', ?, ?)`, rem, f.admin.TenantID, patientID, f.at, f.at)
		msg := ids.New()
		f.exec(`INSERT INTO messages (id, tenant_id, patient_id, direction, channel, status, body, source, created_at, updated_at)
			VALUES (?, ?, ?, 'outbound', 'whatsapp', 'delivered', 'Minum obat', 'reminder', ?, ?)`, msg, f.admin.TenantID, patientID, f.at, f.at)
		state, confirmedAt, by, byUser := "missed", any(nil), any(nil), any(nil)
		if i%2 == 0 {
			state, confirmedAt, by, byUser = "confirmed", f.at.Add(30*time.Minute), "staff", f.vol.UserID
		}
		f.exec(`INSERT INTO occurrences (id, tenant_id, reminder_id, patient_id, reminder_type, due_at, confirm_by, state, message_id,
			confirmed_at, confirmed_by, confirmed_by_user_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'medication', ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ids.New(), f.admin.TenantID, rem, patientID,
			f.at, f.at.Add(2*time.Hour), state, msg, confirmedAt, by, byUser, f.at, f.at)
	}
}

func walk(t *testing.T, svc *timeline.Service, a identity.Actor, patientID string, limit int) []timeline.Entry {
	t.Helper()
	var out []timeline.Entry
	cursor := ""
	for range 1000 {
		p, err := svc.List(context.Background(), a, patientID, timeline.Query{Cursor: cursor, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Entries) > limit {
			t.Fatalf("page of %d entries, limit %d", len(p.Entries), limit)
		}
		out = append(out, p.Entries...)
		if p.NextCursor == "" {
			return out
		}
		cursor = p.NextCursor
	}
	t.Fatal("the walk does not end")
	return nil
}

// Many entries of the same instant, across sources: every page size walks
// them all, once each, in the order of one big page.
func TestPagesCutBetweenEntriesOfTheSameInstant(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.patient(f.vol.UserID)
		f.history(p, 9)
		svc := timeline.NewService(timeline.NewStore(d))
		all := walk(t, svc, f.admin, p, timeline.MaxLimit)
		// 9 messages, 9 occurrences, 5 confirmations, the registration.
		if len(all) != 24 {
			t.Fatalf("%d entries", len(all))
		}
		if all[0].Kind != timeline.KindOccurrenceConfirmed || all[len(all)-1].Kind != timeline.KindPatientCreated {
			t.Fatalf("first %s, last %s", all[0].Kind, all[len(all)-1].Kind)
		}
		for _, limit := range []int{1, 2, 5, 7, 23} {
			got := walk(t, svc, f.vol, p, limit)
			if len(got) != len(all) {
				t.Fatalf("limit %d: %d entries", limit, len(got))
			}
			for i := range got {
				if got[i].Kind != all[i].Kind || got[i].ID != all[i].ID {
					t.Fatalf("limit %d, entry %d: %s %s, want %s %s", limit, i, got[i].Kind, got[i].ID, all[i].Kind, all[i].ID)
				}
			}
		}
	})
}

// A page costs the same few statements however long the history is.
func TestAPageIsFiveStatements(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		short, long := f.patient(""), f.patient("")
		f.history(short, 1)
		f.history(long, 60)
		log := testutil.NewSQLLog()
		svc := timeline.NewService(timeline.NewStore(log.Logged(d)))
		for _, p := range []string{short, long} {
			log.Take()
			page, err := svc.List(context.Background(), f.admin, p, timeline.Query{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if n := log.Count(); n != 5 {
				t.Fatalf("%d entries took %d statements: %v", len(page.Entries), n, log.Take())
			}
		}
	})
}

func TestOnlyThoseWhoMaySeeThePatientReadItsTimeline(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		mine, theirs := f.patient(f.vol.UserID), f.patient("")
		svc := timeline.NewService(timeline.NewStore(d))
		ctx := context.Background()
		for _, c := range []struct {
			a       identity.Actor
			patient string
			err     error
		}{
			{f.admin, theirs, nil}, {f.dev, theirs, nil}, {f.vol, mine, nil},
			{f.vol, theirs, errs.ErrNotFound}, {f.otherTenantAdmin, mine, errs.ErrNotFound},
			{f.admin, "not-an-id", errs.ErrNotFound}, {identity.Actor{TenantID: f.admin.TenantID, Role: "guest"}, mine, errs.ErrForbidden},
		} {
			_, err := svc.List(ctx, c.a, c.patient, timeline.Query{})
			if !errors.Is(err, c.err) && !(c.err == nil && err == nil) {
				t.Errorf("%s on %s: %v, want %v", c.a.Name, c.patient, err, c.err)
			}
		}
		var ve *errs.ValidationError
		_, err := svc.List(ctx, f.admin, mine, timeline.Query{Limit: 101, Cursor: "x"})
		if !errors.As(err, &ve) || len(ve.Fields) != 2 || ve.Fields[0].Code != errs.CodeOutOfRange || ve.Fields[1].Code != errs.CodeInvalidFormat {
			t.Fatalf("bad query: %v", err)
		}
	})
}
