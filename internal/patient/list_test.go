package patient_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/user"
)

func names(ps []patient.Patient) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestListFiltersSortAndPaging(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		seed := []patient.Input{
			{Name: "Siti Rahma", Phone: "0812-1111-2222", Tags: []string{"kemo", "bpjs"}, Consent: ptr("granted"), AssignedVolunteerID: ptr(e.vol1.UserID)},
			{Name: "budi santoso", Phone: "0813-3333-4444", Tags: []string{"kemo"}, ExternalID: ptr("RM-100_2")},
			{Name: "Ani 50%", Phone: "0821-5555-6666", Consent: ptr("declined"), IsActive: ptr(false)},
			{Name: "Dewi", Phone: "+82 10 2222 3333", Tags: []string{"bpjs"}, AssignedVolunteerID: ptr(e.vol1.UserID)},
		}
		for _, in := range seed {
			e.create(t, e.admin, in)
			e.clock.Advance(time.Minute)
		}
		cases := []struct {
			name string
			f    patient.Filter
			want []string
		}{
			{"default newest first", patient.Filter{}, []string{"Dewi", "Ani 50%", "budi santoso", "Siti Rahma"}},
			{"oldest first", patient.Filter{Sort: "created_at"}, []string{"Siti Rahma", "budi santoso", "Ani 50%", "Dewi"}},
			{"name ascending ignores case", patient.Filter{Sort: "name"}, []string{"Ani 50%", "budi santoso", "Dewi", "Siti Rahma"}},
			{"name descending", patient.Filter{Sort: "-name"}, []string{"Siti Rahma", "Dewi", "budi santoso", "Ani 50%"}},
			{"search name case-insensitive", patient.Filter{Search: "SITI"}, []string{"Siti Rahma"}},
			{"search name fragment", patient.Filter{Search: "san", Sort: "name"}, []string{"budi santoso"}},
			{"search percent is literal", patient.Filter{Search: "50%"}, []string{"Ani 50%"}},
			{"search underscore is literal", patient.Filter{Search: "i_s"}, nil},
			{"search phone national form", patient.Filter{Search: "0813-3333"}, []string{"budi santoso"}},
			{"search phone digits", patient.Filter{Search: "55556666"}, []string{"Ani 50%"}},
			{"search phone international", patient.Filter{Search: "+82 10 2222"}, []string{"Dewi"}},
			{"search external id", patient.Filter{Search: "RM-100_2"}, []string{"budi santoso"}},
			{"tag", patient.Filter{Tag: "kemo", Sort: "name"}, []string{"budi santoso", "Siti Rahma"}},
			{"tag and consent", patient.Filter{Tag: "bpjs", Consent: "granted"}, []string{"Siti Rahma"}},
			{"consent", patient.Filter{Consent: "declined"}, []string{"Ani 50%"}},
			{"assigned volunteer", patient.Filter{AssignedVolunteerID: e.vol1.UserID, Sort: "name"}, []string{"Dewi", "Siti Rahma"}},
			{"inactive", patient.Filter{IsActive: ptr(false)}, []string{"Ani 50%"}},
			{"active", patient.Filter{IsActive: ptr(true), Sort: "name"}, []string{"budi santoso", "Dewi", "Siti Rahma"}},
			{"page 2 of 3-per-page", patient.Filter{Sort: "name", Page: 2, PerPage: 3}, []string{"Siti Rahma"}},
			{"page past the end", patient.Filter{Page: 9, PerPage: 3}, nil},
		}
		for _, c := range cases {
			got, total, err := e.svc.List(ctx, e.admin, c.f)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if !slices.Equal(names(got), c.want) {
				t.Errorf("%s: got %v, want %v", c.name, names(got), c.want)
			}
			if c.f.Page <= 1 && total != int64(len(c.want)) {
				t.Errorf("%s: total %d, want %d", c.name, total, len(c.want))
			}
		}
		if _, total, _ := e.svc.List(ctx, e.admin, patient.Filter{Page: 9, PerPage: 3}); total != 4 {
			t.Errorf("total past the last page: %d", total)
		}
		// Updates move a patient to the top of -updated_at.
		all, _, _ := e.svc.List(ctx, e.admin, patient.Filter{Sort: "name"})
		if _, err := e.svc.Update(ctx, e.admin, all[0].ID, patient.Patch{Notes: ptr("x")}); err != nil {
			t.Fatal(err)
		}
		got, _, _ := e.svc.List(ctx, e.admin, patient.Filter{Sort: "-updated_at", PerPage: 1})
		if len(got) != 1 || got[0].ID != all[0].ID {
			t.Errorf("-updated_at: got %v", names(got))
		}
		// Bad filter values are field errors.
		_, _, err := e.svc.List(ctx, e.admin, patient.Filter{Sort: "phone", Consent: "yes", AssignedVolunteerID: "x"})
		wantFields(t, err, "sort", "consent", "assigned_volunteer_id")
	})
}

// List runs a count and one select (the page with its adherence) whatever
// the page size: no per-row queries; and no count while a total counted less
// than TotalTTL ago for the same scope and filter holds.
func TestListStatementCount(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for i := range 60 {
			e.create(t, e.admin, patient.Input{Name: fmt.Sprintf("P%02d", i), Phone: fmt.Sprintf("0812%08d", 10000000+i),
				Tags: []string{"kemo"}, Diagnosis: ptr("dx"), AssignedVolunteerID: ptr(e.vol1.UserID)})
		}
		counted, counter := countingDB(d)
		svc := patient.NewService(patient.NewStore(counted), e.keys, user.NewDirectory(d), e.clock)
		for _, f := range []patient.Filter{{PerPage: 1}, {PerPage: 50}, {PerPage: 100, Tag: "kemo", Search: "P"}} {
			for _, who := range []string{"admin", "volunteer"} {
				actor := e.admin
				if who == "volunteer" {
					actor = e.vol1
				}
				for _, exact := range []bool{true, false} {
					f.ExactTotal = exact
					counter.n.Store(0)
					rows, total, err := svc.List(ctx, actor, f)
					if err != nil || total != 60 || len(rows) != min(f.PerPage, 60) {
						t.Fatalf("%s per_page %d: %d rows of %d, %v", who, f.PerPage, len(rows), total, err)
					}
					want, what := int64(2), "count, page with adherence"
					if !exact {
						want, what = 1, "page with adherence: the total counted just before"
					}
					if n := counter.n.Load(); n != want {
						t.Errorf("%s per_page %d exact %v ran %d statements, want %d (%s)", who, f.PerPage, exact, n, want, what)
					}
				}
			}
		}
	})
}

// A total is reused for TotalTTL; writes through the service, the end of the
// list and count=exact make it exact at once.
func TestListTotalIsReusedBriefly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for i := range 5 {
			e.create(t, e.admin, patient.Input{Name: fmt.Sprintf("P%d", i), Phone: fmt.Sprintf("0812%08d", 20000000+i)})
		}
		total := func(f patient.Filter) int64 {
			t.Helper()
			_, n, err := e.svc.List(ctx, e.admin, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		page := patient.Filter{PerPage: 2}
		if n := total(page); n != 5 {
			t.Fatalf("total %d", n)
		}
		// A write through the service: counted afresh.
		e.create(t, e.admin, patient.Input{Name: "P5", Phone: "081230000005"})
		if n := total(page); n != 6 {
			t.Fatalf("after a create: %d", n)
		}
		// A write behind the service's back (another replica): the old total for TotalTTL…
		ins := func(name string) {
			t.Helper()
			now := e.clock.Now()
			if err := d.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
				VALUES (?, ?, ?, '+6281299990000', 'id', 'Asia/Jakarta', 'pending', ?, ?, ?, 1)`,
				ids.New(), e.admin.TenantID, name, true, now, now).Error; err != nil {
				t.Fatal(err)
			}
		}
		ins("Elsewhere")
		if n := total(page); n != 6 {
			t.Fatalf("within the TTL: %d", n)
		}
		// …except with count=exact, on the page that ends the list, or once it expired.
		if n := total(patient.Filter{PerPage: 2, ExactTotal: true}); n != 7 {
			t.Fatalf("exact: %d", n)
		}
		ins("Elsewhere 2")
		if n := total(patient.Filter{PerPage: 2, Page: 4}); n != 8 {
			t.Fatalf("last page: %d", n)
		}
		ins("Elsewhere 3")
		e.clock.Advance(patient.TotalTTL)
		if n := total(page); n != 9 {
			t.Fatalf("after the TTL: %d", n)
		}
	})
}

// Page reads every field as GORM does.
func TestPageReadsWhatGORMReads(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, e.admin, patient.Input{Name: "Siti Rahma", Phone: "0812-1111-2222", Email: ptr("siti@example.org"),
			BirthDate: ptr("1971-04-12"), Gender: ptr("female"), Language: ptr("id"), Timezone: ptr("Asia/Makassar"),
			Diagnosis: ptr("Kanker payudara"), CancerStage: ptr("II"), Notes: ptr("n"), Tags: []string{"a", "b"},
			Attributes: []byte(`{"mrn":"A-17"}`), ExternalID: ptr("RM-1"), AssignedVolunteerID: ptr(e.vol1.UserID),
			Consent: ptr("granted"), ConsentSource: ptr("paper"), PreferredChannel: ptr("sms"),
			QuietHours: &patient.QuietHours{Start: "21:00", End: "07:00"}, LastVisitDate: ptr("2026-10-01"),
			LastSurgeryDate: ptr("2026-09-01"), PhotoURL: ptr("https://example.org/p.jpg"), IsActive: ptr(false)})
		e.create(t, e.admin, patient.Input{Name: "Budi", Phone: "0813-3333-4444"})
		got, err := patient.NewStore(d).Page(context.Background(), e.admin.TenantID, patient.Query{Sort: "name", Page: 1, PerPage: 10}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var want []patient.Patient
		if err := d.Gorm.Where("tenant_id = ?", e.admin.TenantID).Order("lower(name)").Find(&want).Error; err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !reflect.DeepEqual(got, want) {
			t.Fatalf("Page read\n%+v\nGORM reads\n%+v", got, want)
		}
	})
}

// A page read is served again for PageTTL without a statement, to the same
// scope only; a write through the service shows on the next read, and a
// change made elsewhere once PageTTL has passed.
func TestListPageIsServedAgainBriefly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for i := range 4 {
			e.create(t, e.admin, patient.Input{Name: fmt.Sprintf("P%d", i), Phone: fmt.Sprintf("0812%08d", 40000000+i)})
		}
		e.create(t, e.admin, patient.Input{Name: "Assigned", Phone: "081240000009", AssignedVolunteerID: ptr(e.vol1.UserID)})
		counted, counter := countingDB(d)
		svc := patient.NewService(patient.NewStore(counted), e.keys, user.NewDirectory(d), e.clock)
		list := func(a identity.Actor, wantStatements int64) []string {
			t.Helper()
			counter.n.Store(0)
			pg, err := svc.ListPage(ctx, a, patient.Filter{Sort: "name"})
			if err != nil {
				t.Fatal(err)
			}
			if n := counter.n.Load(); n != wantStatements {
				t.Fatalf("%d statements, want %d", n, wantStatements)
			}
			return names(pg.Rows)
		}
		first := list(e.admin, 2) // count and page
		if again := list(e.admin, 0); !slices.Equal(again, first) {
			t.Fatalf("served again: %v, first %v", again, first)
		}
		// The volunteer's scope is another page.
		if got := list(e.vol1, 2); !slices.Equal(got, []string{"Assigned"}) {
			t.Fatalf("volunteer sees %v", got)
		}
		// A change behind the service's back shows once PageTTL has passed.
		if err := d.Gorm.Exec("UPDATE patients SET name = 'Renamed' WHERE name = 'P0'").Error; err != nil {
			t.Fatal(err)
		}
		if got := list(e.admin, 0); !slices.Equal(got, first) {
			t.Fatalf("within PageTTL: %v", got)
		}
		e.clock.Advance(patient.PageTTL)
		if got := list(e.admin, 1); !slices.Contains(got, "Renamed") {
			t.Fatalf("after PageTTL: %v", got)
		}
		// A write through the service shows at once.
		all, _, err := svc.List(ctx, e.admin, patient.Filter{Sort: "name"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Update(ctx, e.admin, all[0].ID, patient.Patch{Name: ptr("Zaenal")}); err != nil {
			t.Fatal(err)
		}
		if got := list(e.admin, 2); got[len(got)-1] != "Zaenal" {
			t.Fatalf("after an update: %v", got)
		}
		// count=exact reads afresh.
		counter.n.Store(0)
		if _, _, err := svc.List(ctx, e.admin, patient.Filter{Sort: "name", ExactTotal: true}); err != nil || counter.n.Load() != 2 {
			t.Fatalf("exact: %d statements, %v", counter.n.Load(), err)
		}
	})
}
