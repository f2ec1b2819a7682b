package template_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/user"
)

var t0 = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

// env is a database with two tenants, users of every role, and the services.
type env struct {
	d        *db.DB
	svc      *template.Service
	patients *patient.Service
	clock    *clock.Fake

	tenantA, tenantB string
	admin, vol, dev  identity.Actor // tenant A ("Klinik Sehat")
	adminB           identity.Actor // tenant B
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	us := user.NewStore(d)
	e := &env{d: d, clock: clock.NewFake(t0)}
	mkTenant := func(key, name, region, tz string) string {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + key, Name: name, DefaultRegion: region, Timezone: tz,
			CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		return tn.ID
	}
	mkUser := func(tenantID, name, role string) identity.Actor {
		u := user.User{ID: ids.New(), TenantID: tenantID, ClerkUserID: "user_" + name, Name: name, Role: role,
			Status: user.StatusApproved, IsActive: true, CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return identity.Actor{UserID: u.ID, TenantID: tenantID, Role: role, Name: name}
	}
	e.tenantA = mkTenant("a", "Klinik Sehat", "ID", "Asia/Jakarta")
	e.tenantB = mkTenant("b", "Seoul Care", "KR", "Asia/Seoul")
	e.admin = mkUser(e.tenantA, "admin", identity.RoleAdmin)
	e.vol = mkUser(e.tenantA, "vol", identity.RoleVolunteer)
	e.dev = mkUser(e.tenantA, "dev", identity.RoleDeveloper)
	e.adminB = mkUser(e.tenantB, "adminb", identity.RoleAdmin)
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i + 7)
	}
	keys, err := crypto.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	e.patients = patient.NewService(patient.NewStore(d), keys, user.NewDirectory(d), e.clock)
	e.svc = template.NewService(template.NewStore(d), e.patients, e.clock)
	return e
}

func ptr[T any](v T) *T { return &v }

func reminderInput(name string) template.Input {
	return template.Input{Name: name, Kind: template.KindReminder, Bodies: template.Bodies{
		ID: "Halo {{first_name}}, saatnya minum {{medication}} {{dose}} pukul {{time}}.",
		Ko: "{{ first_name }}님, {{time}}에 {{medication}} {{dose}} 복용하실 시간입니다.",
		En: "Hi {{first_name}}, time for {{medication}} {{dose}} at {{time}}.",
	}}
}

func (e *env) create(t *testing.T, in template.Input) template.Template {
	t.Helper()
	tpl, err := e.svc.Create(context.Background(), e.admin, in)
	if err != nil {
		t.Fatalf("create %q: %v", in.Name, err)
	}
	return tpl
}

func fieldNames(t *testing.T, err error) []string {
	t.Helper()
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	got := fieldNames(t, err)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("validation error lacks field %q (got %v)", w, got)
		}
	}
}

func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want %v", err, target)
	}
}

func (e *env) countTemplates(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := e.d.Gorm.Table("templates").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateGetRoundTrip(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		in := reminderInput("  Tamoxifen pagi ")
		in.Bodies.En = "  " + in.Bodies.En + "\n"
		in.KakaoTemplateCode = ptr(" PRIMA_MED_01 ")
		in.KakaoParameters = map[string]string{"name": " first_name ", "drug": "medication", "mrn": "attributes.mrn"}
		created := e.create(t, in)
		if !ids.Valid(created.ID) || created.Version != 1 || !created.CreatedAt.Equal(t0) || created.Name != "Tamoxifen pagi" {
			t.Fatalf("created: %+v", created)
		}
		got, err := e.svc.Get(ctx, e.admin, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Tamoxifen pagi" || got.Kind != "reminder" || got.Bodies != created.Bodies ||
			got.Bodies.En != "Hi {{first_name}}, time for {{medication}} {{dose}} at {{time}}." ||
			got.KakaoTemplateCode == nil || *got.KakaoTemplateCode != "PRIMA_MED_01" ||
			!maps.Equal(got.KakaoParameters, template.ParamMap{"name": "first_name", "drug": "medication", "mrn": "attributes.mrn"}) ||
			!got.CreatedAt.Equal(created.CreatedAt) || !got.UpdatedAt.Equal(created.UpdatedAt) || got.Version != 1 {
			t.Fatalf("read back: %+v", got)
		}
		if v := got.Variables(); !slices.Equal(v, []string{"attributes.mrn", "dose", "first_name", "medication", "time"}) {
			t.Errorf("variables %v", v)
		}
		// Only the languages that have a body are stored; no Kakao mapping reads back as an empty map.
		plain := e.create(t, template.Input{Name: "Consent", Kind: "consent", Bodies: template.Bodies{Ko: "동의하십니까?"}})
		got, err = e.svc.Get(ctx, e.vol, plain.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Bodies != (template.Bodies{Ko: "동의하십니까?"}) || got.KakaoTemplateCode != nil || got.KakaoParameters == nil ||
			len(got.KakaoParameters) != 0 {
			t.Errorf("plain: %+v", got)
		}
		var raw string
		if err := d.Gorm.Raw("SELECT bodies FROM templates WHERE id = ?", plain.ID).Scan(&raw).Error; err != nil {
			t.Fatal(err)
		}
		if strings.Contains(raw, `"id"`) || !strings.Contains(raw, "동의") {
			t.Errorf("stored bodies %s", raw)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cases := []struct {
			name   string
			in     template.Input
			fields []string
		}{
			{"empty", template.Input{}, []string{"name", "kind"}},
			{"no body", template.Input{Name: "A", Kind: "reminder", Bodies: template.Bodies{ID: "  "}}, []string{"bodies"}},
			{"everything wrong", template.Input{Name: strings.Repeat("n", 121), Kind: "sms",
				Bodies:            template.Bodies{ID: "Halo {{nama}}", Ko: "{{first_name", En: strings.Repeat("e", 4097)},
				KakaoTemplateCode: ptr("has space"), KakaoParameters: map[string]string{"name": "nama", "": "name"}},
				[]string{"name", "kind", "bodies.id", "bodies.ko", "bodies.en", "kakao_template_code", "kakao_parameters.name", "kakao_parameters."}},
			{"code too long", template.Input{Name: "A", Kind: "reply", Bodies: template.Bodies{En: "ok"},
				KakaoTemplateCode: ptr(strings.Repeat("C", 65))}, []string{"kakao_template_code"}},
			{"parameters without a code", template.Input{Name: "A", Kind: "reply", Bodies: template.Bodies{En: "ok"},
				KakaoParameters: map[string]string{"name": "first_name"}}, []string{"kakao_template_code"}},
			{"control characters", template.Input{Name: "A\x00", Kind: "reply", Bodies: template.Bodies{En: "a\x07b"}},
				[]string{"name", "bodies.en"}},
			{"attribute key", template.Input{Name: "A", Kind: "reply", Bodies: template.Bodies{En: "{{attributes.no-dash}}"}},
				[]string{"bodies.en"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := e.svc.Create(ctx, e.admin, c.in)
				wantFields(t, err, c.fields...)
			})
		}
		// The message of an unknown variable names it.
		_, err := e.svc.Create(ctx, e.admin, template.Input{Name: "A", Kind: "reminder", Bodies: template.Bodies{Ko: "{{nama}}"}})
		var ve *errs.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "bodies.ko" || !strings.Contains(ve.Fields[0].Message, "{{nama}}") {
			t.Errorf("unknown variable: %v", err)
		}
		// Limits are inclusive; multi-line bodies with tabs are fine.
		ok := template.Input{Name: strings.Repeat("n", 120), Kind: "campaign", Bodies: template.Bodies{
			ID: strings.Repeat("가", 4096), En: "Line one\n\tLine two {{clinic}}"}, KakaoTemplateCode: ptr(strings.Repeat("C", 64))}
		if _, err := e.svc.Create(ctx, e.admin, ok); err != nil {
			t.Fatalf("limits: %v", err)
		}
		if n := e.countTemplates(t); n != 1 {
			t.Fatalf("rejected creates wrote rows: %d", n)
		}
	})
}

func TestNameUniquePerTenant(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		first := e.create(t, reminderInput("Morning dose"))
		_, err := e.svc.Create(ctx, e.admin, reminderInput("MORNING DOSE"))
		wantIs(t, err, errs.ErrConflict)
		if !strings.Contains(err.Error(), "name") {
			t.Errorf("conflict message: %v", err)
		}
		// Another tenant may use the name.
		if _, err := e.svc.Create(ctx, e.adminB, reminderInput("Morning dose")); err != nil {
			t.Fatal(err)
		}
		// Renaming onto a taken name conflicts; renaming the case of one's own name does not.
		other := e.create(t, reminderInput("Evening dose"))
		_, err = e.svc.Update(ctx, e.admin, other.ID, template.Patch{Name: ptr("morning dose")})
		wantIs(t, err, errs.ErrConflict)
		if _, err := e.svc.Update(ctx, e.admin, first.ID, template.Patch{Name: ptr("MORNING dose")}); err != nil {
			t.Fatal(err)
		}
		// A deleted template frees its name.
		if err := e.svc.Delete(ctx, e.admin, first.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Create(ctx, e.admin, reminderInput("Morning dose")); err != nil {
			t.Fatalf("name of a deleted template: %v", err)
		}
		// Two concurrent creates with one name: one wins, the other is a conflict (the unique index decides).
		var wg sync.WaitGroup
		errc := make(chan error, 2)
		for range 2 {
			wg.Go(func() {
				_, err := e.svc.Create(ctx, e.admin, reminderInput("Race"))
				errc <- err
			})
		}
		wg.Wait()
		close(errc)
		var okN, conflictN int
		for err := range errc {
			switch {
			case err == nil:
				okN++
			case errors.Is(err, errs.ErrConflict):
				conflictN++
			default:
				t.Errorf("concurrent create: %v", err)
			}
		}
		if okN != 1 || conflictN != 1 {
			t.Errorf("concurrent creates: %d created, %d conflicts", okN, conflictN)
		}
	})
}

func TestUpdate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		tpl := e.create(t, reminderInput("Dose"))
		e.clock.Advance(time.Minute)

		// Languages merge: nil leaves a body, "" removes it, text replaces it.
		up, err := e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Bodies: &template.BodiesPatch{Ko: ptr(""), En: ptr("Hello {{name}}")},
			KakaoTemplateCode: ptr("CODE_1"), KakaoParameters: map[string]string{"n": "name"}, Version: ptr(1)})
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.Bodies.ID != tpl.Bodies.ID || up.Bodies.Ko != "" || up.Bodies.En != "Hello {{name}}" ||
			*up.KakaoTemplateCode != "CODE_1" || up.KakaoParameters["n"] != "name" || !up.UpdatedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("after update: %+v", up)
		}
		got, _ := e.svc.Get(ctx, e.admin, tpl.ID)
		if got.Bodies != up.Bodies || got.Version != 2 {
			t.Fatalf("read back: %+v", got)
		}
		// Stale version: conflict, nothing written.
		_, err = e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Name: ptr("X"), Version: ptr(1)})
		wantIs(t, err, errs.ErrConflict)
		// Clearing the Kakao code while parameters remain is refused; clearing both works.
		_, err = e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Clear: []string{"kakao_template_code"}})
		wantFields(t, err, "kakao_template_code")
		up, err = e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Clear: []string{"kakao_template_code", "kakao_parameters"}})
		if err != nil {
			t.Fatal(err)
		}
		if up.KakaoTemplateCode != nil || len(up.KakaoParameters) != 0 || up.Version != 3 {
			t.Fatalf("cleared: %+v", up)
		}
		// Removing every body, nulling required fields, unknown fields: refused.
		_, err = e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Bodies: &template.BodiesPatch{ID: ptr(""), En: ptr(" ")}})
		wantFields(t, err, "bodies")
		_, err = e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Clear: []string{"name", "kind", "bodies", "colour"}})
		wantFields(t, err, "name", "kind", "bodies", "colour")
		_, err = e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Bodies: &template.BodiesPatch{ID: ptr("{{unknown}}")}})
		wantFields(t, err, "bodies.id")
		// A patch that changes nothing keeps the version.
		same, err := e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Name: ptr("Dose"), Kind: ptr("reminder")})
		if err != nil || same.Version != 3 {
			t.Fatalf("no-op patch: %+v %v", same, err)
		}
		got, _ = e.svc.Get(ctx, e.admin, tpl.ID)
		if got.Version != 3 || got.Bodies.En != "Hello {{name}}" {
			t.Fatalf("rejected patches changed the row: %+v", got)
		}
	})
}

func TestRolesAndTenants(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		tpl := e.create(t, reminderInput("Dose"))
		otherTenants, err := e.svc.Create(ctx, e.adminB, reminderInput("Theirs"))
		if err != nil {
			t.Fatal(err)
		}
		// Volunteers and developers read, never write.
		for _, a := range []identity.Actor{e.vol, e.dev} {
			if _, err := e.svc.Get(ctx, a, tpl.ID); err != nil {
				t.Errorf("%s get: %v", a.Role, err)
			}
			if rows, total, err := e.svc.List(ctx, a, template.Filter{}); err != nil || total != 1 || len(rows) != 1 {
				t.Errorf("%s list: %d %v", a.Role, total, err)
			}
			_, err := e.svc.Create(ctx, a, reminderInput("Mine"))
			wantIs(t, err, errs.ErrForbidden)
			_, err = e.svc.Update(ctx, a, tpl.ID, template.Patch{Name: ptr("x")})
			wantIs(t, err, errs.ErrForbidden)
			wantIs(t, e.svc.Delete(ctx, a, tpl.ID, nil), errs.ErrForbidden)
		}
		wantIs(t, func() error {
			_, err := e.svc.Get(ctx, identity.Actor{TenantID: e.tenantA, Role: "guest"}, tpl.ID)
			return err
		}(),
			errs.ErrForbidden)
		// Another tenant's template is not found, whatever the operation; so is a malformed id.
		_, err = e.svc.Get(ctx, e.admin, otherTenants.ID)
		wantIs(t, err, errs.ErrNotFound)
		_, err = e.svc.Update(ctx, e.admin, otherTenants.ID, template.Patch{Name: ptr("x")})
		wantIs(t, err, errs.ErrNotFound)
		wantIs(t, e.svc.Delete(ctx, e.admin, otherTenants.ID, nil), errs.ErrNotFound)
		_, err = e.svc.Get(ctx, e.admin, "not-an-id")
		wantIs(t, err, errs.ErrNotFound)
		if _, err := e.svc.Lookup(ctx, e.tenantB, otherTenants.ID); err != nil {
			t.Errorf("lookup in its own tenant: %v", err)
		}
		_, err = e.svc.Lookup(ctx, e.tenantA, otherTenants.ID)
		wantIs(t, err, errs.ErrNotFound)
		// Tenant B's template is untouched.
		got, _ := e.svc.Get(ctx, e.adminB, otherTenants.ID)
		if got.Version != 1 || got.Name != "Theirs" {
			t.Errorf("other tenant's template changed: %+v", got)
		}
	})
}

func TestListFiltersAndPaging(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for _, c := range []struct{ name, kind string }{{"Morning dose", "reminder"}, {"evening dose", "reminder"},
			{"Consent ID", "consent"}, {"Ramadan 50%_off", "campaign"}, {"After chemo", "campaign"}} {
			e.clock.Advance(time.Second)
			in := reminderInput(c.name)
			in.Kind = c.kind
			e.create(t, in)
		}
		e.create(t, reminderInput("Deleted one"))
		rows, _, _ := e.svc.List(ctx, e.admin, template.Filter{Search: "deleted"})
		if err := e.svc.Delete(ctx, e.admin, rows[0].ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Create(ctx, e.adminB, reminderInput("Morning dose B")); err != nil {
			t.Fatal(err)
		}
		names := func(f template.Filter) ([]string, int64) {
			t.Helper()
			rows, total, err := e.svc.List(ctx, e.admin, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.Name)
			}
			return out, total
		}
		cases := []struct {
			f     template.Filter
			want  []string
			total int64
		}{
			{template.Filter{}, []string{"After chemo", "Consent ID", "evening dose", "Morning dose", "Ramadan 50%_off"}, 5},
			{template.Filter{Sort: "-name", PerPage: 2}, []string{"Ramadan 50%_off", "Morning dose"}, 5},
			{template.Filter{Sort: "name", PerPage: 2, Page: 3}, []string{"Ramadan 50%_off"}, 5},
			{template.Filter{Sort: "name", PerPage: 2, Page: 4}, nil, 5},
			{template.Filter{Sort: "created_at"}, []string{"Morning dose", "evening dose", "Consent ID", "Ramadan 50%_off", "After chemo"}, 5},
			{template.Filter{Sort: "-created_at", PerPage: 1}, []string{"After chemo"}, 5},
			{template.Filter{Search: "DOSE"}, []string{"evening dose", "Morning dose"}, 2},
			{template.Filter{Search: "50%_"}, []string{"Ramadan 50%_off"}, 1},
			{template.Filter{Search: "%"}, []string{"Ramadan 50%_off"}, 1},
			{template.Filter{Kind: "campaign"}, []string{"After chemo", "Ramadan 50%_off"}, 2},
			{template.Filter{Kind: "reply"}, nil, 0},
		}
		for _, c := range cases {
			got, total := names(c.f)
			if !slices.Equal(got, c.want) || total != c.total {
				t.Errorf("%+v: got %v (%d), want %v (%d)", c.f, got, total, c.want, c.total)
			}
		}
		_, _, err := e.svc.List(ctx, e.admin, template.Filter{Kind: "sms", Sort: "kind", Search: strings.Repeat("s", 201)})
		wantFields(t, err, "kind", "sort", "search")
	})
}

func TestAuditTrail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		tpl := e.create(t, reminderInput("Dose"))
		if _, err := e.svc.Update(ctx, e.admin, tpl.ID, template.Patch{Name: ptr("Dose 2"), Bodies: &template.BodiesPatch{Ko: ptr("")}}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(ctx, e.admin, tpl.ID, nil); err != nil {
			t.Fatal(err)
		}
		var events []audit.Event
		if err := d.Gorm.Table("audit_events").Where("tenant_id = ? AND resource_type = ?", e.tenantA, "template").
			Order("created_at, id").Find(&events).Error; err != nil {
			t.Fatal(err)
		}
		if len(events) != 3 {
			t.Fatalf("events: %+v", events)
		}
		want := []struct {
			action  string
			changes []string
		}{
			{"template.create", []string{"name", "kind", "bodies.id", "bodies.en", "bodies.ko"}},
			{"template.update", []string{"name", "bodies.ko"}},
			{"template.delete", []string{}},
		}
		for i, w := range want {
			ev := events[i]
			if ev.Action != w.action || ev.ResourceID != tpl.ID || ev.ActorUserID == nil || *ev.ActorUserID != e.admin.UserID ||
				!slices.Equal(ev.ChangeList(), w.changes) {
				t.Errorf("event %d: %+v (changes %v), want %s %v", i, ev, ev.ChangeList(), w.action, w.changes)
			}
		}
		// A failed write leaves no event behind.
		_, err := e.svc.Create(ctx, e.admin, template.Input{Name: "x", Kind: "x"})
		if err == nil {
			t.Fatal("want an error")
		}
		var n int64
		d.Gorm.Table("audit_events").Where("resource_type = ?", "template").Count(&n)
		if n != 3 {
			t.Errorf("%d template events after a refused create", n)
		}
	})
}

func TestPreview(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		siti, err := e.patients.Create(ctx, e.admin, patient.Input{Name: "Siti Rahmawati", Phone: "0812-3456-7890",
			Language: ptr("ko"), Attributes: []byte(`{"mrn":"A-17"}`)})
		if err != nil {
			t.Fatal(err)
		}
		budi, err := e.patients.Create(ctx, e.admin, patient.Input{Name: "Budi", Phone: "0812-3456-7891", Language: ptr("en")})
		if err != nil {
			t.Fatal(err)
		}
		in := reminderInput("Dose")
		in.Bodies.En = "Hi {{name}} ({{attributes.mrn}}) from {{clinic}}: {{medication}} at {{time}}"
		in.KakaoTemplateCode = ptr("MED_1")
		in.KakaoParameters = map[string]string{"patient": "first_name", "drug": "medication", "mrn": "attributes.mrn"}
		tpl := e.create(t, in)

		pv, err := e.svc.Preview(ctx, e.admin, tpl.ID, siti.ID, map[string]string{"medication": "Letrozole"})
		if err != nil {
			t.Fatal(err)
		}
		wantBodies := map[string]string{
			"id": "Halo Siti, saatnya minum Letrozole 20 mg pukul 08:00.",
			"ko": "Siti님, 08:00에 Letrozole 20 mg 복용하실 시간입니다.",
			"en": "Hi Siti Rahmawati (A-17) from Klinik Sehat: Letrozole at 08:00",
		}
		if !maps.Equal(pv.Bodies, wantBodies) || pv.Language != "ko" || pv.Body != wantBodies["ko"] ||
			pv.TemplateID != tpl.ID || pv.PatientID != siti.ID || *pv.KakaoTemplateCode != "MED_1" {
			t.Fatalf("preview: %+v", pv)
		}
		if !maps.Equal(pv.Samples, map[string]string{"dose": "20 mg", "time": "08:00"}) || len(pv.Missing) != 0 {
			t.Errorf("samples %v missing %v", pv.Samples, pv.Missing)
		}
		if !maps.Equal(pv.KakaoParameters, map[string]string{"patient": "Siti", "drug": "Letrozole", "mrn": "A-17"}) {
			t.Errorf("kakao parameters %v", pv.KakaoParameters)
		}
		// A patient without the attribute: listed as missing, kept visible in the text.
		pv, err = e.svc.Preview(ctx, e.vol, tpl.ID, budi.ID, nil)
		wantIs(t, err, errs.ErrNotFound) // not assigned to the volunteer
		pv, err = e.svc.Preview(ctx, e.dev, tpl.ID, budi.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if pv.Language != "en" || pv.Body != "Hi Budi ({{attributes.mrn}}) from Klinik Sehat: Tamoxifen at 08:00" ||
			!slices.Equal(pv.Missing, []string{"attributes.mrn"}) || pv.Samples["medication"] != "Tamoxifen" || pv.KakaoParameters["mrn"] != "" {
			t.Errorf("preview without attribute: %+v", pv)
		}
		// Appointment samples are dates from the clock.
		appt := e.create(t, template.Input{Name: "Visit", Kind: "reminder", Bodies: template.Bodies{
			ID: "{{first_name}}, kontrol {{appointment_date}} {{appointment_time}} dengan {{doctor}} di {{location}}. {{link}}"}})
		pv, err = e.svc.Preview(ctx, e.admin, appt.ID, siti.ID, map[string]string{"doctor": "dr. Lee"})
		if err != nil {
			t.Fatal(err)
		}
		if pv.Language != "id" || pv.Samples["appointment_date"] != "2026-11-23" || pv.Samples["doctor"] != "" ||
			!strings.HasPrefix(pv.Body, "Siti, kontrol 2026-11-23 09:00 dengan dr. Lee di ") {
			t.Errorf("appointment preview: %+v", pv)
		}
		// Bad requests.
		_, err = e.svc.Preview(ctx, e.admin, tpl.ID, "", nil)
		wantFields(t, err, "patient_id")
		_, err = e.svc.Preview(ctx, e.admin, tpl.ID, "nope", nil)
		wantFields(t, err, "patient_id")
		_, err = e.svc.Preview(ctx, e.admin, tpl.ID, siti.ID, map[string]string{"nama": "x", "dose": strings.Repeat("d", 1001)})
		wantFields(t, err, "values.nama", "values.dose")
		// Another tenant: their patient, or our template for their admin, is not found.
		kim, err := e.patients.Create(ctx, e.adminB, patient.Input{Name: "Kim", Phone: "010-1234-5678"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Preview(ctx, e.admin, tpl.ID, kim.ID, nil)
		wantIs(t, err, errs.ErrNotFound)
		_, err = e.svc.Preview(ctx, e.adminB, tpl.ID, kim.ID, nil)
		wantIs(t, err, errs.ErrNotFound)
	})
}
