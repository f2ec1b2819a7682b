package api

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func (a *testApp) createKey(token string, body map[string]any) APIKey {
	a.t.Helper()
	r := a.do("POST", "/api/v1/api-keys", body, token)
	a.ok(r, 201)
	var k APIKey
	r.decode(&k)
	return k
}

func TestAPIKeyScopesDecideWhatAKeyMayDo(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		var p Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Siti", "phone": "0812-3456-7001", "consent": "granted"}, a.admin).decode(&p)

		read := a.createKey(a.admin, map[string]any{"name": "Reporting", "scopes": []string{"read"}})
		if !strings.HasPrefix(read.Key, "prima_") || !strings.HasPrefix(read.Key, read.Prefix) || len(read.Prefix) != len("prima_")+6 {
			t.Fatalf("key %q, prefix %q", read.Key, read.Prefix)
		}
		// Reads work.
		a.ok(a.do("GET", "/api/v1/patients/"+p.ID, nil, read.Key), 200)
		a.ok(a.do("GET", "/api/v1/messages", nil, read.Key), 200)
		// Writes and sends are refused, naming the missing scope, and nothing is written.
		r := a.do("POST", "/api/v1/patients", map[string]any{"name": "Budi", "phone": "0812-3456-7002"}, read.Key)
		a.ok(r, 403)
		if pr := r.problem(); pr.Code != CodeForbidden || !strings.Contains(pr.Detail, "write") {
			t.Fatalf("refusal: %+v", pr)
		}
		a.ok(a.do("PATCH", "/api/v1/patients/"+p.ID, map[string]any{"notes": "x"}, read.Key), 403)
		r = a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Halo"}, read.Key)
		a.ok(r, 403)
		if pr := r.problem(); !strings.Contains(pr.Detail, "send") {
			t.Fatalf("refusal: %+v", pr)
		}
		var list PatientList
		a.do("GET", "/api/v1/patients", nil, a.admin).decode(&list)
		if list.Total != 1 {
			t.Fatalf("%d patients after refused writes", list.Total)
		}
		var msgs MessageList
		a.do("GET", "/api/v1/messages", nil, a.admin).decode(&msgs)
		if len(msgs.Data) != 0 {
			t.Fatalf("a refused send queued %d messages", len(msgs.Data))
		}

		// write without send: changes data, sends nothing.
		write := a.createKey(a.admin, map[string]any{"name": "EMR", "scopes": []string{"write", "read"}})
		if !slices.Equal(write.Scopes, []string{"read", "write"}) {
			t.Fatalf("scopes %v", write.Scopes)
		}
		a.ok(a.do("POST", "/api/v1/patients", map[string]any{"name": "Budi", "phone": "0812-3456-7002"}, write.Key), 201)
		a.ok(a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Halo"}, write.Key), 403)
		send := a.createKey(a.admin, map[string]any{"name": "Sender", "scopes": []string{"send"}})
		a.ok(a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Halo"}, send.Key), 201)
		a.ok(a.do("GET", "/api/v1/patients", nil, send.Key), 403)

		// No key manages users or keys, whatever its scopes.
		full := a.createKey(a.admin, map[string]any{"name": "Full", "scopes": []string{"read", "write", "send"}})
		for _, c := range []struct{ method, path string }{{"GET", "/api/v1/api-keys"}, {"POST", "/api/v1/api-keys"},
			{"DELETE", "/api/v1/api-keys/" + read.ID}, {"GET", "/api/v1/users"}} {
			r := a.do(c.method, c.path, map[string]any{"name": "Child", "scopes": []string{"read"}}, full.Key)
			a.ok(r, 403)
		}
		// The key acts for the tenant: /me names its tenant.
		var me Me
		a.do("GET", "/api/v1/me", nil, full.Key).decode(&me)
		if me.Tenant.ID != a.tenantOf(a.admin) || !me.User.CreatedAt.Equal(full.CreatedAt) || !strings.Contains(me.User.Name, full.Prefix) {
			t.Fatalf("me: %+v", me)
		}
	})
}

func TestRevokedAndExpiredKeysAreRefusedAtOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		k := a.createKey(a.admin, map[string]any{"name": "Short", "scopes": []string{"read"}})
		a.ok(a.do("GET", "/api/v1/patients", nil, k.Key), 200)
		// A developer revokes it: the very next request is 401.
		a.ok(a.do("DELETE", "/api/v1/api-keys/"+k.ID, nil, a.developer), 204)
		r := a.do("GET", "/api/v1/patients", nil, k.Key)
		a.ok(r, 401)
		if r.problem().Code != CodeUnauthenticated {
			t.Fatalf("revoked: %s", r.body)
		}
		a.ok(a.do("DELETE", "/api/v1/api-keys/"+k.ID, nil, a.admin), 204) // again: nothing changes
		var list APIKeyList
		a.do("GET", "/api/v1/api-keys", nil, a.admin).decode(&list)
		if len(list.Data) != 1 || list.Data[0].RevokedAt == nil || list.Data[0].Key != "" {
			t.Fatalf("list: %+v", list)
		}

		exp := a.clock.Now().Add(time.Hour)
		e := a.createKey(a.admin, map[string]any{"name": "Hour", "scopes": []string{"read"}, "expires_at": exp})
		a.ok(a.do("GET", "/api/v1/patients", nil, e.Key), 200)
		a.clock.Set(exp)
		a.ok(a.do("GET", "/api/v1/patients", nil, e.Key), 401)

		// A key that was never issued, or is malformed, is 401 too.
		a.ok(a.do("GET", "/api/v1/patients", nil, "prima_"+strings.Repeat("a", 40)), 401)
		a.ok(a.do("GET", "/api/v1/patients", nil, "prima_short"), 401)
		a.ok(a.do("GET", "/api/v1/patients", nil, e.Key[:len(e.Key)-1]+"!"), 401)
	})
}

func TestKeysOfOneTenantNeverSeeAnother(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		var mine, theirs Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Mine", "phone": "0812-3456-7101"}, a.admin).decode(&mine)
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Theirs", "phone": "0812-3456-7102"}, a.otherAdmin).decode(&theirs)
		k := a.createKey(a.admin, map[string]any{"name": "A", "scopes": []string{"read", "write", "send"}})
		var list PatientList
		a.do("GET", "/api/v1/patients", nil, k.Key).decode(&list)
		if list.Total != 1 || list.Data[0].ID != mine.ID {
			t.Fatalf("tenant A's key sees %+v", list.Data)
		}
		a.ok(a.do("GET", "/api/v1/patients/"+theirs.ID, nil, k.Key), 404)
		a.ok(a.do("PATCH", "/api/v1/patients/"+theirs.ID, map[string]any{"notes": "x"}, k.Key), 404)
		a.ok(a.do("POST", "/api/v1/messages", map[string]any{"patient_id": theirs.ID, "body": "Halo"}, k.Key), 404)
		// Tenant B's admin cannot see or revoke tenant A's key.
		var other APIKeyList
		a.do("GET", "/api/v1/api-keys", nil, a.otherAdmin).decode(&other)
		if other.Total != 0 {
			t.Fatalf("tenant B lists %+v", other.Data)
		}
		a.ok(a.do("DELETE", "/api/v1/api-keys/"+k.ID, nil, a.otherAdmin), 404)
		a.ok(a.do("GET", "/api/v1/patients", nil, k.Key), 200)
	})
}

func TestKeysAreStoredAsHashesAndUseIsRecordedWithoutAWritePerRequest(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		k := a.createKey(a.admin, map[string]any{"name": "Sync", "scopes": []string{"read"}})
		var stored []map[string]any
		if err := d.Gorm.Raw("SELECT * FROM api_keys").Scan(&stored).Error; err != nil {
			t.Fatal(err)
		}
		for _, row := range stored {
			for col, v := range row {
				if s, ok := v.(string); ok && strings.Contains(s, k.Key[len(k.Prefix):]) {
					t.Fatalf("column %s holds the key", col)
				}
			}
		}
		lastUsed := func() *time.Time {
			var list APIKeyList
			a.do("GET", "/api/v1/api-keys", nil, a.admin).decode(&list)
			return list.Data[0].LastUsedAt
		}
		if lastUsed() != nil {
			t.Fatal("an unused key has last_used_at")
		}
		t0 := a.clock.Now().UTC().Truncate(time.Microsecond)
		a.ok(a.do("GET", "/api/v1/patients", nil, k.Key), 200)
		if u := lastUsed(); u == nil || !u.Equal(t0) {
			t.Fatalf("last_used_at %v, want %v", u, t0)
		}
		// Within the minute, uses are not written.
		a.clock.Advance(30 * time.Second)
		a.ok(a.do("GET", "/api/v1/patients", nil, k.Key), 200)
		if u := lastUsed(); !u.Equal(t0) {
			t.Fatalf("last_used_at moved to %v within a minute", u)
		}
		a.clock.Advance(31 * time.Second)
		a.ok(a.do("GET", "/api/v1/patients", nil, k.Key), 200)
		if u := lastUsed(); !u.After(t0) {
			t.Fatalf("last_used_at %v not updated after a minute", u)
		}
	})
}

func TestAuditEntriesNameTheKey(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		k := a.createKey(a.admin, map[string]any{"name": "EMR sync", "scopes": []string{"write"}})
		var p Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Budi", "phone": "0812-3456-7201"}, k.Key).decode(&p)
		var ev AuditEventList
		a.do("GET", "/api/v1/audit-events?resource_id="+p.ID, nil, a.admin).decode(&ev)
		if len(ev.Data) != 1 {
			t.Fatalf("audit: %+v", ev.Data)
		}
		e := ev.Data[0]
		if e.Action != "patient.create" || e.APIKeyID == nil || *e.APIKeyID != k.ID || e.APIKeyName != "EMR sync ("+k.Prefix+")" ||
			e.ActorID == nil || *e.ActorID != a.adminID {
			t.Fatalf("audit event %+v", e)
		}
		// The key's creation and revocation are audited too, by the person.
		a.ok(a.do("DELETE", "/api/v1/api-keys/"+k.ID, nil, a.admin), 204)
		a.do("GET", "/api/v1/audit-events?resource_type=api_key", nil, a.admin).decode(&ev)
		var actions []string
		for _, e := range ev.Data {
			actions = append(actions, e.Action)
			if e.APIKeyID != nil {
				t.Fatalf("dashboard action names a key: %+v", e)
			}
		}
		if !slices.Equal(actions, []string{"api_key.revoke", "api_key.create"}) {
			t.Fatalf("actions %v", actions)
		}
	})
}

func TestAPIKeyInputIsValidatedAndNothingIsWritten(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		past := a.clock.Now().Add(-time.Minute).Format(time.RFC3339)
		far := a.clock.Now().AddDate(6, 0, 0).Format(time.RFC3339)
		cases := []struct {
			name   string
			token  string
			body   any
			status int
			fields string
		}{
			{"missing fields", a.admin, `{}`, 400, "name,scopes"},
			{"wrong types", a.admin, `{"name":5,"scopes":["read"]}`, 400, "name"},
			{"scopes not a list", a.admin, `{"name":"A","scopes":"read"}`, 400, "scopes"},
			{"unknown field", a.admin, `{"name":"A","scopes":["read"],"key":"prima_x"}`, 400, "key"},
			{"unknown scope", a.admin, `{"name":"A","scopes":["read","admin"]}`, 400, "scopes[1]"},
			{"duplicate scope", a.admin, `{"name":"A","scopes":["read","read"]}`, 400, "scopes[1]"},
			{"empty scopes", a.admin, `{"name":"A","scopes":[]}`, 400, "scopes"},
			{"expiry in the past", a.admin, `{"name":"A","scopes":["read"],"expires_at":"` + past + `"}`, 400, "expires_at"},
			{"expiry too far", a.admin, `{"name":"A","scopes":["read"],"expires_at":"` + far + `"}`, 400, "expires_at"},
			{"expiry not a time", a.admin, `{"name":"A","scopes":["read"],"expires_at":"tomorrow"}`, 400, "expires_at"},
			{"NUL byte", a.admin, `{"name":"A\u0000B","scopes":["read"]}`, 400, "name"},
			{"odd bytes", a.admin, "{\"name\":\"A\xff\",\"scopes\":[\"read\"]}", 400, "name"},
			{"too long", a.admin, map[string]any{"name": strings.Repeat("n", 101), "scopes": []string{"read"}}, 400, "name"},
			{"oversize body", a.admin, `{"name":"` + strings.Repeat("x", 1<<20) + `","scopes":["read"]}`, 413, ""},
			{"developer asks for write", a.developer, `{"name":"A","scopes":["read","write"]}`, 400, "scopes[1]"},
			{"volunteer", a.volunteer, `{"name":"A","scopes":["read"]}`, 403, ""},
			{"pending user", a.pending, `{"name":"A","scopes":["read"]}`, 403, ""},
			{"no token", "", `{"name":"A","scopes":["read"]}`, 401, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do("POST", "/api/v1/api-keys", c.body, c.token)
				a.ok(r, c.status)
				if c.fields != "" {
					got := r.fieldErrors()
					slices.Sort(got)
					if strings.Join(got, ",") != c.fields {
						t.Fatalf("fields %v, want %s: %s", got, c.fields, r.body)
					}
				}
			})
		}
		var n int64
		if err := d.Gorm.Table("api_keys").Count(&n).Error; err != nil || n != 0 {
			t.Fatalf("%d keys written by rejected requests (%v)", n, err)
		}
		// A developer's read key works; ids that are no key of the tenant are 404.
		dev := a.createKey(a.developer, map[string]any{"name": "Dev", "scopes": []string{"read"}})
		a.ok(a.do("GET", "/api/v1/patients", nil, dev.Key), 200)
		a.ok(a.do("DELETE", "/api/v1/api-keys/not-a-uuid", nil, a.admin), 404)
		a.ok(a.do("DELETE", "/api/v1/api-keys/0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f81", nil, a.admin), 404)
	})
}

func TestIdempotencyAndRateLimitsArePerKey(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		k := a.createKey(a.admin, map[string]any{"name": "EMR", "scopes": []string{"write"}})
		body := map[string]any{"name": "Budi", "phone": "0812-3456-7301"}
		var first, again Patient
		a.do("POST", "/api/v1/patients", body, k.Key, "Idempotency-Key", "emr-1").decode(&first)
		r := a.do("POST", "/api/v1/patients", body, k.Key, "Idempotency-Key", "emr-1")
		a.ok(r, 201)
		r.decode(&again)
		if first.ID == "" || again.ID != first.ID {
			t.Fatalf("replay made %s then %s", first.ID, again.ID)
		}
		// The key's creator using the same Idempotency-Key is another caller.
		r = a.do("POST", "/api/v1/patients", map[string]any{"name": "Sari", "phone": "0812-3456-7302"}, a.admin, "Idempotency-Key", "emr-1")
		a.ok(r, 201)
		if r.hdr.Get("RateLimit-Limit") == "" {
			t.Fatal("no RateLimit headers")
		}
	})
}
