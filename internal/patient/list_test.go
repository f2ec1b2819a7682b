package patient_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
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

// List runs a count, one select and one adherence query whatever the page size:
// no per-row queries.
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
			for _, a := range []struct {
				name string
				f    patient.Filter
			}{{"admin", f}, {"volunteer", f}} {
				actor := e.admin
				if a.name == "volunteer" {
					actor = e.vol1
				}
				counter.n.Store(0)
				rows, total, err := svc.List(ctx, actor, a.f)
				if err != nil || total != 60 || len(rows) != min(f.PerPage, 60) {
					t.Fatalf("%s per_page %d: %d rows of %d, %v", a.name, f.PerPage, len(rows), total, err)
				}
				if n := counter.n.Load(); n != 3 {
					t.Errorf("%s per_page %d ran %d statements, want 3 (count, page, adherence)", a.name, f.PerPage, n)
				}
			}
		}
	})
}
