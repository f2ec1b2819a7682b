package api

import (
	"slices"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// TestEveryListPagesAndSortsByOneRule: every list refuses a page beyond
// 1,000,000 (and numbers that overflow) and a sort it does not know, naming
// the parameter, and accepts the sorts it documents.
func TestEveryListPagesAndSortsByOneRule(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		lists := map[string][]string{ // list → a sort it documents
			"/api/v1/patients":                             {"-name"},
			"/api/v1/appointments":                         {"-starts_at"},
			"/api/v1/reminders":                            {"next_due_at"},
			"/api/v1/templates":                            {"-updated_at"},
			"/api/v1/messages":                             {"created_at"},
			"/api/v1/users":                                {"-created_at", "name"},
			"/api/v1/audit-events":                         {"created_at", "-created_at"},
			"/api/v1/reminders/" + rem.ID + "/occurrences": {"-due_at"},
		}
		for list, sorts := range lists {
			t.Run(list, func(t *testing.T) {
				a := a.as(t)
				for _, q := range []string{"page=9223372036854775807", "page=1000001", "page=99999999999999999999", "page=0", "page=-1"} {
					r := a.do("GET", list+"?"+q, nil, a.admin)
					a.ok(r, 400)
					if got := r.fieldErrors(); !slices.Equal(got, []string{"page"}) {
						t.Errorf("?%s: fields %v", q, got)
					}
				}
				var page Page
				r := a.do("GET", list+"?page=1000000", nil, a.admin)
				a.ok(r, 200)
				r.decode(&page)
				if page.Page != 1000000 {
					t.Errorf("page 1000000 answered as page %d", page.Page)
				}
				r = a.do("GET", list+"?sort=shoe_size", nil, a.admin)
				a.ok(r, 400)
				if got := r.fieldErrors(); !slices.Equal(got, []string{"sort"}) {
					t.Errorf("unknown sort: fields %v", got)
				}
				for _, s := range sorts {
					a.ok(a.do("GET", list+"?sort="+s, nil, a.admin), 200)
				}
			})
		}
	})
}

// TestUserListSortsByNameAndCreation checks the orders the user list offers.
func TestUserListSortsByNameAndCreation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		names := func(q string) []string {
			var list UserList
			r := a.do("GET", "/api/v1/users?"+q, nil, a.admin)
			a.ok(r, 200)
			r.decode(&list)
			var out []string
			for _, u := range list.Data {
				out = append(out, u.Name)
			}
			return out
		}
		byCreation := names("")
		if len(byCreation) < 4 || !slices.Equal(names("sort=created_at"), byCreation) {
			t.Fatalf("default order %v", byCreation)
		}
		reversed := slices.Clone(byCreation)
		slices.Reverse(reversed)
		if got := names("sort=-created_at"); !slices.Equal(got, reversed) {
			t.Errorf("-created_at: %v, want %v", got, reversed)
		}
		sorted := slices.Sorted(slices.Values(byCreation))
		if got := names("sort=name"); !slices.Equal(got, sorted) {
			t.Errorf("name: %v, want %v", got, sorted)
		}
	})
}

// TestDeleteRefusesAStaleIfMatchLikePatch: every DELETE that takes If-Match
// answers 409 on a stale version and deletes nothing; the current version deletes.
func TestDeleteRefusesAStaleIfMatchLikePatch(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890"})
		ap := a.createAppointmentAs(a.admin, map[string]any{"patient_id": p.ID, "starts_at": "2030-01-01T09:00:00+07:00"})
		rem := a.createReminderAs(a.admin, medicationBody(p.ID))
		var tpl Template
		a.do("POST", "/api/v1/templates", map[string]any{"name": "Hello", "kind": "reply",
			"bodies": map[string]any{"en": "Hi {{first_name}}"}}, a.admin).decode(&tpl)
		// The patient goes last: deleting it first would take the others with it.
		for _, path := range []string{"/api/v1/appointments/" + ap.ID, "/api/v1/reminders/" + rem.ID,
			"/api/v1/templates/" + tpl.ID, "/api/v1/patients/" + p.ID} {
			a.ok(a.do("PATCH", path, map[string]any{}, a.admin, "If-Match", `"7"`), 409)
			a.ok(a.do("DELETE", path, nil, a.admin, "If-Match", `"7"`), 409)
			a.ok(a.do("DELETE", path, nil, a.admin, "If-Match", `W/"7"`), 409)
			a.ok(a.do("GET", path, nil, a.admin), 200)
			a.ok(a.do("DELETE", path, nil, a.admin, "If-Match", "x"), 400)
			a.ok(a.do("DELETE", path, nil, a.admin, "If-Match", `"1"`), 204)
			a.ok(a.do("GET", path, nil, a.admin), 404)
		}
	})
}

// TestSettingsRefuseQuietHoursThatStartWhenTheyEnd: equal start and end is a
// 400 on quiet_hours, as for a patient's quiet hours and the send window.
func TestSettingsRefuseQuietHoursThatStartWhenTheyEnd(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.do("PATCH", "/api/v1/settings", map[string]any{"quiet_hours": map[string]any{"start": "22:00", "end": "22:00"}}, a.admin)
		a.ok(r, 400)
		if got := r.fieldErrors(); !slices.Equal(got, []string{"quiet_hours"}) {
			t.Errorf("fields %v", got)
		}
		var st Settings
		a.do("GET", "/api/v1/settings", nil, a.admin).decode(&st)
		if st.QuietHours.Start == st.QuietHours.End || st.Version != 1 {
			t.Errorf("settings changed: %+v", st)
		}
		a.ok(a.do("PATCH", "/api/v1/settings", map[string]any{"quiet_hours": map[string]any{"start": "22:00", "end": "05:00"}}, a.admin), 200)
		// Switching quiet hours off is explicit: null.
		r = a.do("PATCH", "/api/v1/settings", `{"quiet_hours":null}`, a.admin)
		a.ok(r, 200)
		r.decode(&st)
		if st.QuietHours.Start != st.QuietHours.End || st.Version != 3 {
			t.Errorf("quiet hours off: %+v", st)
		}
	})
}
