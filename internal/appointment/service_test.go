package appointment_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/user"
	"gorm.io/gorm"
)

var t0 = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

// changes records what Linked was told.
type changes struct{ got []appointment.Appointment }

func (c *changes) AppointmentChanged(_ context.Context, _ *gorm.DB, a appointment.Appointment, _ time.Time) error {
	c.got = append(c.got, a)
	return nil
}

type env struct {
	svc                   *appointment.Service
	linked                *changes
	admin, vol, dev, othr identity.Actor
	mine, theirs, foreign string // patients: the volunteer's, unassigned, another tenant's
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	us := user.NewStore(d)
	tenant := func(name string) string {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + name, Name: name, DefaultRegion: "ID", Timezone: "Asia/Jakarta",
			CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		return tn.ID
	}
	actor := func(tenantID, name, role string) identity.Actor {
		u := user.User{ID: ids.New(), TenantID: tenantID, ClerkUserID: "user_" + name, Name: name, Role: role,
			Status: user.StatusApproved, IsActive: true, CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return identity.Actor{UserID: u.ID, TenantID: tenantID, Role: role}
	}
	a, b := tenant("a"), tenant("b")
	e := &env{linked: &changes{}, admin: actor(a, "admin", identity.RoleAdmin), vol: actor(a, "vol", identity.RoleVolunteer),
		dev: actor(a, "dev", identity.RoleDeveloper), othr: actor(b, "other", identity.RoleAdmin)}
	patient := func(tenantID, tz string, vol *string) string {
		id := ids.New()
		err := d.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, assigned_volunteer_id,
			is_active, created_at, updated_at, version) VALUES (?, ?, 'P', '+6281200000000', 'id', ?, 'granted', ?, ?, ?, ?, 1)`,
			id, tenantID, tz, vol, true, t0, t0).Error
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.mine = patient(a, "Asia/Makassar", &e.vol.UserID)
	e.theirs = patient(a, "Asia/Jakarta", nil)
	e.foreign = patient(b, "Asia/Seoul", nil)
	e.svc = appointment.NewService(appointment.NewStore(d), clock.NewFake(t0), e.linked)
	return e
}

func fields(err error) []string {
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestAppointmentLifecycleRolesAndValidation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		ptr := func(s string) *string { return &s }

		ap, err := e.svc.Create(ctx, e.vol, appointment.Input{PatientID: e.mine, StartsAt: "2026-11-25T09:00:00+08:00",
			Doctor: ptr(" dr. Sari "), SurgeryType: ptr("")})
		if err != nil {
			t.Fatal(err)
		}
		if ap.Timezone != "Asia/Makassar" || ap.Status != appointment.StatusScheduled || *ap.Doctor != "dr. Sari" ||
			ap.SurgeryType != nil || !ap.StartsAt.Equal(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("created: %+v", ap)
		}
		if got := ap.Local().Format("2006-01-02 15:04"); got != "2026-11-25 09:00" {
			t.Fatalf("local %s", got)
		}

		// Validation names every bad field.
		_, err = e.svc.Create(ctx, e.admin, appointment.Input{PatientID: e.theirs, StartsAt: "25/11/2026", Timezone: ptr("Mars/Base"),
			Status: ptr("done")})
		if got := fields(err); !slices.Equal(got, []string{"starts_at", "timezone", "status"}) {
			t.Fatalf("fields %v (%v)", got, err)
		}
		// Patients the caller cannot see are not found, the same as patients that do not exist.
		for _, c := range []struct {
			a   identity.Actor
			pid string
		}{{e.vol, e.theirs}, {e.admin, e.foreign}, {e.admin, ids.New()}, {e.admin, "x"}} {
			_, err := e.svc.Create(ctx, c.a, appointment.Input{PatientID: c.pid, StartsAt: "2026-11-25T09:00:00Z"})
			if !errors.Is(err, errs.ErrNotFound) {
				t.Fatalf("patient %q: %v", c.pid, err)
			}
		}
		if _, err := e.svc.Create(ctx, e.admin, appointment.Input{StartsAt: "2026-11-25T09:00:00Z"}); !slices.Contains(fields(err), "patient_id") {
			t.Fatalf("no patient: %v", err)
		}
		if _, err := e.svc.Create(ctx, e.dev, appointment.Input{PatientID: e.theirs, StartsAt: "2026-11-25T09:00:00Z"}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("developer create: %v", err)
		}

		// Reads are scoped: the volunteer sees their patient's appointment only; another tenant nothing.
		other, err := e.svc.Create(ctx, e.admin, appointment.Input{PatientID: e.theirs, StartsAt: "2026-11-24T09:00:00+07:00"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Get(ctx, e.vol, other.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("volunteer reads another's: %v", err)
		}
		if _, err := e.svc.Get(ctx, e.othr, ap.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("other tenant reads: %v", err)
		}
		list, total, err := e.svc.List(ctx, e.vol, appointment.Filter{})
		if err != nil || total != 1 || list[0].ID != ap.ID {
			t.Fatalf("volunteer list: %v %d %v", list, total, err)
		}
		list, total, _ = e.svc.List(ctx, e.dev, appointment.Filter{Sort: "starts_at"})
		if total != 2 || list[0].ID != other.ID {
			t.Fatalf("developer list: %d %v", total, list)
		}
		from := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
		if _, total, _ := e.svc.List(ctx, e.admin, appointment.Filter{From: &from}); total != 1 {
			t.Fatalf("from filter: %d", total)
		}
		if _, _, err := e.svc.List(ctx, e.admin, appointment.Filter{Status: "x", Sort: "doctor", PatientID: "1"}); len(fields(err)) != 3 {
			t.Fatalf("bad filters: %v", err)
		}

		// Only a new start or status reaches Linked; a stale version is a conflict.
		upd, err := e.svc.Update(ctx, e.vol, ap.ID, appointment.Patch{Location: ptr("Poli 2"), Version: &ap.Version})
		if err != nil || upd.Version != 2 || len(e.linked.got) != 0 {
			t.Fatalf("update: %+v %v (linked %d)", upd, err, len(e.linked.got))
		}
		if _, err := e.svc.Update(ctx, e.vol, ap.ID, appointment.Patch{Notes: ptr("x"), Version: &ap.Version}); !errors.Is(err, errs.ErrConflict) {
			t.Fatalf("stale update: %v", err)
		}
		if _, err := e.svc.Update(ctx, e.admin, ap.ID, appointment.Patch{Clear: []string{"starts_at", "doctor"}}); !slices.Equal(fields(err), []string{"starts_at"}) {
			t.Fatalf("clearing starts_at: %v", err)
		}
		moved, err := e.svc.Update(ctx, e.admin, ap.ID, appointment.Patch{StartsAt: ptr("2026-11-26T09:00:00+08:00"), Clear: []string{"doctor"}})
		if err != nil || moved.Doctor != nil || len(e.linked.got) != 1 || !e.linked.got[0].StartsAt.Equal(moved.StartsAt) {
			t.Fatalf("move: %+v %v %v", moved, err, e.linked.got)
		}
		if _, err := e.svc.Update(ctx, e.admin, ap.ID, appointment.Patch{Status: ptr(appointment.StatusCancelled)}); err != nil || len(e.linked.got) != 2 || e.linked.got[1].Live() {
			t.Fatalf("cancel: %v %v", err, e.linked.got)
		}
		if err := e.svc.Delete(ctx, e.dev, ap.ID, nil); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("developer delete: %v", err)
		}
		if err := e.svc.Delete(ctx, e.vol, ap.ID, nil); err != nil || len(e.linked.got) != 3 || !e.linked.got[2].DeletedAt.Valid {
			t.Fatalf("delete: %v %v", err, e.linked.got)
		}
		if _, err := e.svc.Get(ctx, e.admin, ap.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("deleted appointment: %v", err)
		}
	})
}
