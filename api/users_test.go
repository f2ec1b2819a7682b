package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestAdminApprovesRejectsAndChangesRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		var list UserList
		a.do("GET", "/api/v1/users?status=pending", nil, a.admin).decode(&list)
		if list.Total != 1 || list.Data[0].ID != a.pendingID {
			t.Fatalf("pending list: %+v", list)
		}
		r := a.do("POST", "/api/v1/users/"+a.pendingID+"/approve", map[string]any{"role": "developer"}, a.admin)
		a.ok(r, 200)
		var u User
		r.decode(&u)
		if u.Status != "approved" || u.Role != "developer" {
			t.Fatalf("approved: %+v", u)
		}
		a.ok(a.do("GET", "/api/v1/me", nil, a.pending), 200)

		// Role change with a stale version is refused; with the current one it works.
		stale := a.do("PATCH", "/api/v1/users/"+a.pendingID, map[string]any{"role": "volunteer", "version": u.Version - 1}, a.admin)
		a.ok(stale, 409)
		r = a.do("PATCH", "/api/v1/users/"+a.pendingID, map[string]any{"role": "volunteer", "version": u.Version}, a.admin)
		a.ok(r, 200)
		r.decode(&u)
		if u.Role != "volunteer" {
			t.Fatalf("role: %+v", u)
		}
		// If-Match works like a body version.
		a.ok(a.do("PATCH", "/api/v1/users/"+a.pendingID, map[string]any{"is_active": false}, a.admin, "If-Match", fmt.Sprintf(`"%d"`, u.Version-1)), 409)

		r = a.do("POST", "/api/v1/users/"+a.pendingID+"/reject", nil, a.admin)
		a.ok(r, 200)
		after := a.do("GET", "/api/v1/users", nil, a.pending)
		a.ok(after, 403)
		if after.problem().Code != CodeForbidden {
			t.Fatal("a rejected user is forbidden")
		}

		// The audit log names the actions and changed fields.
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?resource_type=user&resource_id="+a.pendingID, nil, a.admin).decode(&events)
		actions := map[string]bool{}
		for _, e := range events.Data {
			actions[e.Action] = true
			if e.ActorName != "user_admin_a" && e.ActorName == "" {
				t.Fatalf("actor name missing: %+v", e)
			}
		}
		for _, want := range []string{"user.approve", "user.role_change", "user.reject"} {
			if !actions[want] {
				t.Fatalf("audit lacks %s: %+v", want, events.Data)
			}
		}
	})
}

func TestUserEndpointsRejectBadInputAndWrongRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		path := "/api/v1/users/" + a.pendingID
		cases := []struct {
			name, method, path string
			body               any
			token              string
			code               int
			fields             []string
		}{
			{"wrong type", "PATCH", path, `{"is_active":"yes"}`, a.admin, 400, []string{"is_active"}},
			{"unknown fields", "PATCH", path, `{"role":"admin","colour":"red","size":1}`, a.admin, 400, []string{"colour", "size"}},
			{"bad role", "PATCH", path, map[string]any{"role": "owner"}, a.admin, 400, []string{"role"}},
			{"not json", "PATCH", path, `role=admin`, a.admin, 400, []string{"body"}},
			{"missing body", "PATCH", path, nil, a.admin, 415, nil},
			{"oversize", "PATCH", path, `{"role":"` + strings.Repeat("a", 2<<20) + `"}`, a.admin, 413, nil},
			{"bad approve role", "POST", path + "/approve", map[string]any{"role": 7}, a.admin, 400, []string{"role"}},
			{"bad status filter", "GET", "/api/v1/users?status=maybe", nil, a.admin, 400, []string{"status"}},
			{"bad paging", "GET", "/api/v1/users?page=0&per_page=500", nil, a.admin, 400, []string{"page", "per_page"}},
			{"other tenant's user", "POST", "/api/v1/users/" + a.otherAdminID + "/approve", nil, a.admin, 404, nil},
			{"malformed id", "POST", "/api/v1/users/123/approve", nil, a.admin, 404, nil},
			{"volunteer lists users", "GET", "/api/v1/users", nil, a.volunteer, 403, nil},
			{"developer approves", "POST", path + "/approve", nil, a.developer, 403, nil},
			{"volunteer reads audit", "GET", "/api/v1/audit-events", nil, a.volunteer, 403, nil},
			{"pending user", "GET", "/api/v1/audit-events", nil, a.pending, 403, nil},
			{"admin rejects self", "POST", "/api/v1/users/" + a.adminID + "/reject", nil, a.admin, 400, []string{"id"}},
			{"admin demotes self", "PATCH", "/api/v1/users/" + a.adminID, map[string]any{"role": "volunteer"}, a.admin, 400, []string{"role"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do(c.method, c.path, c.body, c.token)
				a.ok(r, c.code)
				p := r.problem()
				if len(c.fields) > 0 {
					got := r.fieldErrors()
					if strings.Join(got, ",") != strings.Join(c.fields, ",") {
						t.Fatalf("fields %v, want %v (%+v)", got, c.fields, p)
					}
				}
			})
		}
		// Nothing changed.
		var u User
		a.do("GET", "/api/v1/me", nil, a.pending).decode(&struct{ User *User }{&u})
		if u.Status != "pending" || u.Role != "volunteer" {
			t.Fatalf("rejected requests wrote something: %+v", u)
		}
	})
}
