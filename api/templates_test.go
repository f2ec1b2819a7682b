package api

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// reminderTemplate is a valid template body for POST /templates.
func reminderTemplate(name string) map[string]any {
	return map[string]any{"name": name, "kind": "reminder", "bodies": map[string]any{
		"id": "Halo {{first_name}}, saatnya minum {{medication}} {{dose}}.",
		"ko": "{{ first_name }}님, {{medication}} {{dose}} 복용하실 시간입니다.",
		"en": "Hi {{name}}, time for {{medication}} {{dose}}.",
	}}
}

func (a *testApp) createTemplateAs(token string, body map[string]any) Template {
	a.t.Helper()
	r := a.do("POST", "/api/v1/templates", body, token)
	a.ok(r, 201)
	var tpl Template
	r.decode(&tpl)
	return tpl
}

func TestTemplateLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		body := reminderTemplate("Tamoxifen pagi")
		body["kakao_template_code"] = "PRIMA_MED_01"
		body["kakao_parameters"] = map[string]any{"patient": "first_name", "drug": "medication"}
		r := a.do("POST", "/api/v1/templates", body, a.admin)
		a.ok(r, 201)
		var raw map[string]json.RawMessage
		r.decode(&raw)
		for _, k := range []string{"id", "name", "kind", "bodies", "kakao_template_code", "kakao_parameters", "variables",
			"created_at", "updated_at", "version"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("key %s missing", k)
			}
		}
		var tpl Template
		r.decode(&tpl)
		if tpl.Name != "Tamoxifen pagi" || tpl.Kind != "reminder" || tpl.Version != 1 || *tpl.KakaoTemplateCode != "PRIMA_MED_01" ||
			tpl.KakaoParameters["patient"] != "first_name" || *tpl.Bodies.Ko != "{{ first_name }}님, {{medication}} {{dose}} 복용하실 시간입니다." ||
			!slices.Equal(tpl.Variables, []string{"dose", "first_name", "medication", "name"}) {
			t.Fatalf("created: %+v", tpl)
		}
		path := "/api/v1/templates/" + tpl.ID

		// Readable by every member of the tenant.
		for _, tok := range []string{a.admin, a.volunteer, a.developer} {
			var got Template
			r = a.do("GET", path, nil, tok)
			a.ok(r, 200)
			r.decode(&got)
			if got.ID != tpl.ID || got.Version != 1 {
				t.Fatalf("get: %+v", got)
			}
		}

		// PATCH: merge languages, clear the Kakao mapping with null.
		r = a.do("PATCH", path, `{"bodies":{"ko":""},"kakao_template_code":null,"kakao_parameters":null,"version":1}`, a.admin)
		a.ok(r, 200)
		r.decode(&raw)
		if string(raw["kakao_template_code"]) != "null" || string(raw["kakao_parameters"]) != "{}" {
			t.Errorf("cleared kakao: %s %s", raw["kakao_template_code"], raw["kakao_parameters"])
		}
		var bodies map[string]json.RawMessage
		_ = json.Unmarshal(raw["bodies"], &bodies)
		if string(bodies["ko"]) != "null" || !strings.Contains(string(bodies["id"]), "Halo") {
			t.Errorf("bodies after patch: %s", raw["bodies"])
		}
		r.decode(&tpl)
		if tpl.Version != 2 {
			t.Fatalf("version after patch: %d", tpl.Version)
		}
		// Stale version in the body or in If-Match: 409.
		r = a.do("PATCH", path, map[string]any{"name": "X", "version": 1}, a.admin)
		a.ok(r, 409)
		if r.problem().Code != CodeConflict {
			t.Fatal("stale version is a conflict")
		}
		a.ok(a.do("PATCH", path, map[string]any{"name": "X"}, a.admin, "If-Match", `"1"`), 409)
		a.ok(a.do("PATCH", path, map[string]any{"name": "Tamoxifen malam"}, a.admin, "If-Match", `W/"2"`), 200)

		// A second template with the same name (any case): 409.
		r = a.do("POST", "/api/v1/templates", reminderTemplate("TAMOXIFEN MALAM"), a.admin)
		a.ok(r, 409)
		if !strings.Contains(r.problem().Detail, "name") {
			t.Errorf("conflict detail: %s", r.body)
		}

		// List.
		var list TemplateList
		a.do("GET", "/api/v1/templates", nil, a.volunteer).decode(&list)
		if list.Total != 1 || len(list.Data) != 1 || list.Data[0].Name != "Tamoxifen malam" || list.PerPage != 50 {
			t.Fatalf("list: %+v", list)
		}

		// Delete: 204, then gone; the name is free again.
		a.ok(a.do("DELETE", path, nil, a.admin), 204)
		a.ok(a.do("GET", path, nil, a.admin), 404)
		a.ok(a.do("DELETE", path, nil, a.admin), 404)
		a.do("GET", "/api/v1/templates", nil, a.admin).decode(&list)
		if list.Total != 0 {
			t.Fatalf("deleted template still listed: %+v", list)
		}
		a.createTemplateAs(a.admin, reminderTemplate("Tamoxifen malam"))

		// The audit log holds the changes.
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?resource_type=template&resource_id="+tpl.ID, nil, a.admin).decode(&events)
		seen := map[string]bool{}
		for _, e := range events.Data {
			seen[e.Action] = true
		}
		for _, want := range []string{"template.create", "template.update", "template.delete"} {
			if !seen[want] {
				t.Errorf("audit lacks %s: %+v", want, events.Data)
			}
		}
	})
}

func TestTemplateEndpointsRejectBadInputAndWrongRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		own := a.createTemplateAs(a.admin, reminderTemplate("Ours"))
		theirs := a.createTemplateAs(a.otherAdmin, reminderTemplate("Theirs"))
		ownPath := "/api/v1/templates/" + own.ID
		theirPath := "/api/v1/templates/" + theirs.ID
		bodiesWith := func(lang, text string) map[string]any {
			return map[string]any{"name": "New", "kind": "reminder", "bodies": map[string]any{lang: text}}
		}
		cases := []struct {
			name, method, path string
			body               any
			token              string
			code               int
			fields             []string
		}{
			{"missing fields", "POST", "/api/v1/templates", `{}`, a.admin, 400, []string{"name", "kind", "bodies"}},
			{"unknown variable id", "POST", "/api/v1/templates", bodiesWith("id", "Halo {{nama}}"), a.admin, 400, []string{"bodies.id"}},
			{"unknown variable ko", "POST", "/api/v1/templates", bodiesWith("ko", "{{이름}}님"), a.admin, 400, []string{"bodies.ko"}},
			{"unclosed braces", "POST", "/api/v1/templates", bodiesWith("en", "Hi {{name"), a.admin, 400, []string{"bodies.en"}},
			{"body too long", "POST", "/api/v1/templates", bodiesWith("en", strings.Repeat("a", 4097)), a.admin, 400, []string{"bodies.en"}},
			{"bad kind and name", "POST", "/api/v1/templates", map[string]any{"name": strings.Repeat("n", 121), "kind": "sms",
				"bodies": map[string]any{"en": "Hi"}}, a.admin, 400, []string{"name", "kind"}},
			{"bad kakao", "POST", "/api/v1/templates", map[string]any{"name": "K", "kind": "reminder", "bodies": map[string]any{"ko": "안녕"},
				"kakao_template_code": strings.Repeat("C", 65), "kakao_parameters": map[string]any{"name": "nama"}},
				a.admin, 400, []string{"kakao_template_code", "kakao_parameters.name"}},
			{"wrong type", "POST", "/api/v1/templates", `{"name":5,"kind":"reminder","bodies":{"en":"Hi"}}`, a.admin, 400, []string{"name"}},
			{"wrong type in bodies", "POST", "/api/v1/templates", `{"name":"A","kind":"reminder","bodies":{"en":5}}`, a.admin, 400, []string{"bodies.en"}},
			{"bodies not an object", "POST", "/api/v1/templates", `{"name":"A","kind":"reminder","bodies":"Hi"}`, a.admin, 400, []string{"bodies"}},
			{"unknown fields", "POST", "/api/v1/templates", `{"name":"A","kind":"reminder","bodies":{"en":"Hi"},"colour":"red","id":"x"}`,
				a.admin, 400, []string{"colour", "id"}},
			{"unknown language", "POST", "/api/v1/templates", `{"name":"A","kind":"reminder","bodies":{"fr":"Salut"}}`, a.admin, 400, nil},
			{"not json", "POST", "/api/v1/templates", `name=A`, a.admin, 400, []string{"body"}},
			{"no body", "POST", "/api/v1/templates", nil, a.admin, 415, nil},
			{"oversize", "POST", "/api/v1/templates", `{"name":"A","kind":"reminder","bodies":{"en":"` + strings.Repeat("a", 2<<20) + `"}}`, a.admin, 413, nil},
			{"patch null name", "PATCH", ownPath, `{"name":null}`, a.admin, 400, []string{"name"}},
			{"patch null bodies", "PATCH", ownPath, `{"bodies":null}`, a.admin, 400, []string{"bodies"}},
			{"patch removes every body", "PATCH", ownPath, `{"bodies":{"id":"","ko":"","en":""}}`, a.admin, 400, []string{"bodies"}},
			{"patch unknown variable", "PATCH", ownPath, `{"bodies":{"ko":"{{nama}}"}}`, a.admin, 400, []string{"bodies.ko"}},
			{"patch wrong type", "PATCH", ownPath, `{"version":"1"}`, a.admin, 400, []string{"version"}},
			{"patch unknown field", "PATCH", ownPath, `{"created_at":"2020-01-01T00:00:00Z"}`, a.admin, 400, []string{"created_at"}},
			{"bad If-Match", "PATCH", ownPath, `{"name":"B"}`, a.admin, 400, []string{"If-Match"}},
			{"bad list filters", "GET", "/api/v1/templates?kind=sms&sort=kind", nil, a.admin, 400, []string{"kind", "sort"}},
			{"bad paging", "GET", "/api/v1/templates?page=0&per_page=500", nil, a.admin, 400, []string{"page", "per_page"}},
			{"other tenant get", "GET", theirPath, nil, a.admin, 404, nil},
			{"other tenant patch", "PATCH", theirPath, map[string]any{"name": "x"}, a.admin, 404, nil},
			{"other tenant delete", "DELETE", theirPath, nil, a.admin, 404, nil},
			{"malformed id", "GET", "/api/v1/templates/123", nil, a.admin, 404, nil},
			{"volunteer creates", "POST", "/api/v1/templates", reminderTemplate("Vol"), a.volunteer, 403, nil},
			{"volunteer patches", "PATCH", ownPath, map[string]any{"name": "x"}, a.volunteer, 403, nil},
			{"volunteer deletes", "DELETE", ownPath, nil, a.volunteer, 403, nil},
			{"developer creates", "POST", "/api/v1/templates", reminderTemplate("Dev"), a.developer, 403, nil},
			{"developer patches", "PATCH", ownPath, map[string]any{"name": "x"}, a.developer, 403, nil},
			{"developer deletes", "DELETE", ownPath, nil, a.developer, 403, nil},
			{"pending lists", "GET", "/api/v1/templates", nil, a.pending, 403, nil},
			{"no token", "GET", "/api/v1/templates", nil, "", 401, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				var headers []string
				if c.name == "bad If-Match" {
					headers = []string{"If-Match", "latest"}
				}
				r := a.do(c.method, c.path, c.body, c.token, headers...)
				a.ok(r, c.code)
				p := r.problem()
				if len(c.fields) > 0 {
					got := r.fieldErrors()
					for _, f := range c.fields {
						if !slices.Contains(got, f) {
							t.Fatalf("fields %v lack %q (%+v)", got, f, p)
						}
					}
				}
			})
		}
		// The unknown-variable message names the variable.
		r := a.do("POST", "/api/v1/templates", bodiesWith("id", "Halo {{nama}}"), a.admin)
		if p := r.problem(); len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "{{nama}}") {
			t.Errorf("unknown variable problem: %+v", p)
		}
		// Nothing was written by the rejected requests.
		var got Template
		a.do("GET", ownPath, nil, a.admin).decode(&got)
		if got.Version != 1 || got.Name != "Ours" {
			t.Errorf("rejected requests changed the template: %+v", got)
		}
		var list TemplateList
		a.do("GET", "/api/v1/templates", nil, a.admin).decode(&list)
		if list.Total != 1 {
			t.Errorf("tenant A has %d templates, want 1", list.Total)
		}
		a.do("GET", theirPath, nil, a.otherAdmin).decode(&got)
		if got.Version != 1 || got.Name != "Theirs" {
			t.Errorf("the other tenant's template changed: %+v", got)
		}
	})
}

func TestTemplateListFiltersAndPaging(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		for _, c := range []struct{ name, kind string }{{"Morning dose", "reminder"}, {"evening dose", "reminder"},
			{"Consent", "consent"}, {"Ramadan", "campaign"}, {"Thanks", "reply"}} {
			body := reminderTemplate(c.name)
			body["kind"] = c.kind
			a.createTemplateAs(a.admin, body)
		}
		a.createTemplateAs(a.otherAdmin, reminderTemplate("Morning dose elsewhere"))
		cases := []struct {
			query string
			want  []string
			total int64
		}{
			{"", []string{"Consent", "evening dose", "Morning dose", "Ramadan", "Thanks"}, 5},
			{"sort=-name&per_page=2", []string{"Thanks", "Ramadan"}, 5},
			{"sort=name&per_page=2&page=3", []string{"Thanks"}, 5},
			{"search=DOSE", []string{"evening dose", "Morning dose"}, 2},
			{"kind=reminder&sort=-created_at", []string{"evening dose", "Morning dose"}, 2},
			{"kind=reply", []string{"Thanks"}, 1},
		}
		for _, c := range cases {
			var list TemplateList
			r := a.do("GET", "/api/v1/templates?"+c.query, nil, a.developer)
			a.ok(r, 200)
			r.decode(&list)
			var got []string
			for _, x := range list.Data {
				got = append(got, x.Name)
			}
			if !slices.Equal(got, c.want) || list.Total != c.total {
				t.Errorf("?%s: got %v (total %d), want %v (total %d)", c.query, got, list.Total, c.want, c.total)
			}
		}
	})
}

func TestTemplateCreateIsIdempotent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		body := reminderTemplate("Once")
		first := a.do("POST", "/api/v1/templates", body, a.admin, "Idempotency-Key", "tpl-once")
		a.ok(first, 201)
		again := a.do("POST", "/api/v1/templates", body, a.admin, "Idempotency-Key", "tpl-once")
		a.ok(again, 201)
		if !bytes.Equal(first.body, again.body) || again.hdr.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay differs:\n%s\n%s", first.body, again.body)
		}
		a.ok(a.do("POST", "/api/v1/templates", reminderTemplate("Other"), a.admin, "Idempotency-Key", "tpl-once"), 422)
		var list TemplateList
		a.do("GET", "/api/v1/templates", nil, a.admin).decode(&list)
		if list.Total != 1 {
			t.Fatalf("a replayed create made %d templates", list.Total)
		}
	})
}

func TestTemplatePreview(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		siti := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890",
			"language": "ko", "attributes": map[string]any{"mrn": "A-17"}, "assigned_volunteer_id": a.volunteerID})
		budi := a.createPatientAs(a.admin, map[string]any{"name": "Budi Santoso", "phone": "0812-3456-7891", "language": "en"})
		elsewhere := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Kim", "phone": "0812-3456-7892"})
		body := reminderTemplate("Dose")
		body["bodies"].(map[string]any)["en"] = "Hi {{name}} ({{attributes.mrn}}), time for {{medication}} {{dose}}."
		body["kakao_template_code"] = "MED_1"
		body["kakao_parameters"] = map[string]any{"patient": "first_name", "drug": "medication"}
		tpl := a.createTemplateAs(a.admin, body)
		path := "/api/v1/templates/" + tpl.ID + "/preview"

		r := a.do("POST", path, map[string]any{"patient_id": siti.ID, "values": map[string]any{"medication": "Letrozole"}}, a.volunteer)
		a.ok(r, 200)
		var pv TemplatePreview
		r.decode(&pv)
		if pv.Bodies.ID == nil || pv.Bodies.Ko == nil || pv.Bodies.En == nil {
			t.Fatalf("every language is rendered: %+v", pv.Bodies)
		}
		for lang, text := range map[string]string{"id": *pv.Bodies.ID, "ko": *pv.Bodies.Ko, "en": *pv.Bodies.En} {
			if !strings.Contains(text, "Siti") || !strings.Contains(text, "Letrozole") || strings.Contains(text, "{{") {
				t.Errorf("%s: %q", lang, text)
			}
		}
		if *pv.Bodies.En != "Hi Siti Rahmawati (A-17), time for Letrozole 20 mg." || pv.Language != "ko" || pv.Body != *pv.Bodies.Ko ||
			pv.TemplateID != tpl.ID || pv.PatientID != siti.ID || pv.Samples["dose"] != "20 mg" || pv.Samples["medication"] != "" ||
			len(pv.Missing) != 0 || pv.KakaoParameters["patient"] != "Siti" || pv.KakaoParameters["drug"] != "Letrozole" {
			t.Errorf("preview: %+v", pv)
		}
		// A patient without the attribute: the gap is listed and visible.
		r = a.do("POST", path, map[string]any{"patient_id": budi.ID}, a.developer)
		a.ok(r, 200)
		r.decode(&pv)
		if pv.Language != "en" || !strings.Contains(pv.Body, "Budi Santoso ({{attributes.mrn}})") || !slices.Equal(pv.Missing, []string{"attributes.mrn"}) ||
			pv.Samples["medication"] == "" {
			t.Errorf("preview without the attribute: %+v", pv)
		}
		cases := []struct {
			name, token string
			body        any
			path        string
			code        int
			fields      []string
		}{
			{"other tenant's patient", a.admin, map[string]any{"patient_id": elsewhere.ID}, path, 404, nil},
			{"volunteer, patient not theirs", a.volunteer, map[string]any{"patient_id": budi.ID}, path, 404, nil},
			{"other tenant's template", a.otherAdmin, map[string]any{"patient_id": elsewhere.ID}, path, 404, nil},
			{"no patient", a.admin, `{}`, path, 400, []string{"patient_id"}},
			{"malformed patient", a.admin, map[string]any{"patient_id": "x"}, path, 400, []string{"patient_id"}},
			{"unknown value", a.admin, map[string]any{"patient_id": siti.ID, "values": map[string]any{"nama": "x"}}, path, 400, []string{"values.nama"}},
			{"values wrong type", a.admin, `{"patient_id":"` + siti.ID + `","values":{"dose":5}}`, path, 400, nil},
			{"unknown field", a.admin, map[string]any{"patient_id": siti.ID, "lang": "id"}, path, 400, []string{"lang"}},
			{"missing template", a.admin, map[string]any{"patient_id": siti.ID}, "/api/v1/templates/" + siti.ID + "/preview", 404, nil},
			{"pending", a.pending, map[string]any{"patient_id": siti.ID}, path, 403, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do("POST", c.path, c.body, c.token)
				a.ok(r, c.code)
				p := r.problem()
				for _, f := range c.fields {
					if !slices.Contains(r.fieldErrors(), f) {
						t.Fatalf("fields lack %q: %+v", f, p)
					}
				}
			})
		}
	})
}
