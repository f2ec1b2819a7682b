package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// campaignPatient creates a consenting patient with tags.
func (a *testApp) campaignPatient(name, phone string, tags ...string) Patient {
	a.t.Helper()
	var p Patient
	r := a.do("POST", "/api/v1/patients", map[string]any{"name": name, "phone": phone, "consent": "granted", "tags": tags}, a.admin)
	a.ok(r, 201)
	r.decode(&p)
	return p
}

// feedAndSend runs the campaign feeder once and sends what it queued through a fake GOWA.
func (a *testApp) feedAndSend(gowa *fakeprovider.GOWA) {
	a.t.Helper()
	if _, err := a.deps.Campaigns.Step(context.Background()); err != nil {
		a.t.Fatal(err)
	}
	reg, err := providers.New(providers.Config{GOWA: config.GOWAConfig{APIURL: gowa.URL, BasicAuth: gowa.BasicAuth}})
	if err != nil {
		a.t.Fatal(err)
	}
	disp := outbox.NewDispatcher(a.db, outbox.NewRegistryChannels(reg, nil), outbox.NewDBLookups(a.db), nil, a.clock,
		outbox.DispatchConfig{Worker: "test", Channels: []string{"whatsapp", "log"}}, testLogger())
	disp.SetCampaignHolds(a.deps.Campaigns)
	if _, err := disp.Drain(context.Background()); err != nil {
		a.t.Fatal(err)
	}
}

// A campaign through the API as an integrator drives it: create, preview,
// dry run, execute, watch the counters, read the recipients.
func TestCampaignThroughTheAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		testutil.NoQuietHours(t, d)
		gowa := fakeprovider.NewGOWA(t)
		for i, ph := range []string{"0812-3000-0001", "0812-3000-0002", "0812-3000-0003"} {
			a.campaignPatient("Ibu Kampanye "+string(rune('A'+i)), ph, "mammografi")
		}
		var stop Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Opted Out", "phone": "0812-3000-0009", "consent": "revoked",
			"tags": []string{"mammografi"}}, a.admin).decode(&stop)
		seg := map[string]any{"segment": map[string]any{"tags_any": []string{"mammografi"}}}
		var pv CampaignPreview
		r := a.do("POST", "/api/v1/campaigns/preview-audience", map[string]any{"audience": seg}, a.admin)
		a.ok(r, 200)
		r.decode(&pv)
		if pv.Count != 4 || pv.Eligible != 3 || pv.Exclusions["opted_out"] != 1 || len(pv.Sample) != 4 || pv.Sample[0].Diagnosis != nil {
			t.Fatalf("preview: %+v", pv)
		}
		var c Campaign
		r = a.do("POST", "/api/v1/campaigns", map[string]any{"name": "Skrining mammografi", "audience": seg, "channel_order": []string{"whatsapp"},
			"variants": []any{
				map[string]any{"key": "A", "bodies": map[string]any{"id": "Halo {{first_name}}, skrining gratis bulan ini."}, "weight": 50},
				map[string]any{"key": "B", "bodies": map[string]any{"id": "{{name}}, yuk skrining mammografi di {{clinic}}."}, "weight": 50}},
			"rate_per_minute": 6000}, a.admin)
		a.ok(r, 201)
		r.decode(&c)
		if c.Status != "draft" || len(c.Variants) != 2 || c.Counters.Total != 0 {
			t.Fatalf("created: %+v", c)
		}
		var check CampaignExecution
		r = a.do("POST", "/api/v1/campaigns/"+c.ID+"/execute?dry_run=true", nil, a.admin)
		a.ok(r, 200)
		r.decode(&check)
		if !check.OK || check.Recipients != 3 || check.Excluded != 1 || check.Campaign != nil {
			t.Fatalf("dry run: %+v", check)
		}
		if n := a.count("SELECT count(*) FROM campaign_recipients"); n != 0 {
			t.Fatalf("a dry run wrote %d recipients", n)
		}
		r = a.do("POST", "/api/v1/campaigns/"+c.ID+"/execute", nil, a.admin)
		a.ok(r, 200)
		r.decode(&check)
		if check.Campaign == nil || check.Campaign.Status != "running" || check.Campaign.StartedAt == nil {
			t.Fatalf("execute: %+v", check)
		}
		for range 4 {
			a.feedAndSend(gowa)
		}
		a.do("GET", "/api/v1/campaigns/"+c.ID, nil, a.admin).decode(&c)
		if c.Status != "completed" || c.Counters != (CampaignCounters{Total: 4, Sent: 3, Skipped: 1}) || len(c.VariantResults) != 2 {
			t.Fatalf("after sending: %s %+v %+v", c.Status, c.Counters, c.VariantResults)
		}
		if n := len(gowa.AcceptedByPhone()); n != 3 {
			t.Fatalf("GOWA got messages for %d phones", n)
		}
		for ph, n := range gowa.AcceptedByPhone() {
			if n != 1 {
				t.Fatalf("%s got %d messages", ph, n)
			}
		}
		var rl CampaignRecipientList
		a.do("GET", "/api/v1/campaigns/"+c.ID+"/recipients?status=sent", nil, a.admin).decode(&rl)
		if rl.Total != 3 || rl.Data[0].Variant == nil || rl.Data[0].MessageID == nil || rl.Data[0].PatientName == "" {
			t.Fatalf("sent recipients: %+v", rl)
		}
		a.do("GET", "/api/v1/campaigns/"+c.ID+"/recipients?status=skipped", nil, a.admin).decode(&rl)
		if rl.Total != 1 || rl.Data[0].PatientID != stop.ID || rl.Data[0].SkipReason == nil || *rl.Data[0].SkipReason != "opted_out" {
			t.Fatalf("skipped recipients: %+v", rl)
		}
		// The messages are in the log as campaign messages.
		if n := a.count("SELECT count(*) FROM messages WHERE source = 'campaign' AND source_id = ?", c.ID); n != 3 {
			t.Fatalf("%d campaign messages in the log", n)
		}
	})
}

// A failed pre-flight check is a 422 problem that lists the problems and names the fields.
func TestCampaignExecuteRefusesWhatWouldNotRender(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		with := a.campaignPatient("Punya RS", "0812-3100-0001", "rs")
		a.ok(a.do("PATCH", "/api/v1/patients/"+with.ID, map[string]any{"attributes": map[string]any{"rs": "Dharmais"}}, a.admin), 200)
		a.campaignPatient("Tanpa RS", "0812-3100-0002", "rs")
		var c Campaign
		a.do("POST", "/api/v1/campaigns", map[string]any{"name": "Undangan", "audience": map[string]any{"segment": map[string]any{"tags_any": []string{"rs"}}},
			"bodies": map[string]any{"id": "Halo {{first_name}}, kontrol di {{attributes.rs}}."}, "channel_order": []string{"whatsapp", "kakao"}}, a.admin).decode(&c)
		r := a.do("POST", "/api/v1/campaigns/"+c.ID+"/execute", nil, a.admin)
		a.ok(r, 422)
		var body CampaignCheckProblem
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
		codes := map[string]string{}
		for _, p := range body.Problems {
			codes[p.Code] = p.Field + ": " + p.Message
		}
		// Kakao has no provider on this server: passed over, with a warning, not a problem.
		if len(body.Warnings) != 1 || body.Warnings[0].Code != "channel_not_configured" || body.Warnings[0].Field != "channel_order[1]" {
			t.Fatalf("warnings: %+v", body.Warnings)
		}
		if body.OK || !strings.Contains(codes["missing_variable"], "1 patients") || !strings.HasPrefix(codes["missing_variable"], "bodies.id") ||
			body.Code != "unprocessable" || len(body.Errors) != len(body.Problems) {
			t.Fatalf("422 body: %s", r.body)
		}
		a.do("GET", "/api/v1/campaigns/"+c.ID, nil, a.admin).decode(&c)
		if c.Status != "draft" || a.count("SELECT count(*) FROM campaign_recipients") != 0 {
			t.Fatalf("a refused execute changed the campaign: %s", c.Status)
		}
	})
}

// Bad input is a 400 naming the field (or 413, 415), other tenants' ids are
// refused, and nothing is written.
func TestCampaignEndpointsRefuseBadInput(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.campaignPatient("Pasien", "0812-3200-0001")
		var theirs Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Theirs", "phone": "0812-3200-0002"}, a.otherAdmin).decode(&theirs)
		var theirTpl Template
		a.do("POST", "/api/v1/templates", map[string]any{"name": "Theirs", "kind": "campaign", "bodies": map[string]any{"id": "Halo"}}, a.otherAdmin).decode(&theirTpl)
		aud := map[string]any{"patient_ids": []string{p.ID}}
		body := func(over map[string]any) map[string]any {
			b := map[string]any{"name": "C", "bodies": map[string]any{"id": "Halo {{name}}"}, "audience": aud}
			for k, v := range over {
				if v == nil {
					delete(b, k)
				} else {
					b[k] = v
				}
			}
			return b
		}
		cases := []struct {
			name  string
			body  any
			field string
		}{
			{"wrong type", `{"name":"C","bodies":{"id":"x"},"audience":{"patient_ids":["` + p.ID + `"]},"rate_per_minute":"fast"}`, "rate_per_minute"},
			{"missing name", body(map[string]any{"name": nil}), "name"},
			{"missing audience", body(map[string]any{"audience": nil}), "audience"},
			{"missing message", body(map[string]any{"bodies": nil}), "bodies"},
			{"both template and text", body(map[string]any{"template_id": theirTpl.ID}), "template_id"},
			{"variable a campaign lacks", body(map[string]any{"bodies": map[string]any{"id": "Minum {{medication}}"}}), "bodies.id"},
			{"unknown language", body(map[string]any{"bodies": map[string]any{"jv": "Halo"}}), "bodies.jv"},
			{"other tenant's patient", body(map[string]any{"audience": map[string]any{"patient_ids": []string{theirs.ID}}}), "audience.patient_ids[0]"},
			{"malformed patient id", body(map[string]any{"audience": map[string]any{"patient_ids": []string{"x"}}}), "audience.patient_ids[0]"},
			{"other tenant's template", body(map[string]any{"bodies": nil, "template_id": theirTpl.ID}), "template_id"},
			{"ids and segment", body(map[string]any{"audience": map[string]any{"patient_ids": []string{p.ID}, "segment": map[string]any{}}}), "audience"},
			{"bad segment date", body(map[string]any{"audience": map[string]any{"segment": map[string]any{"last_visit_from": "01/02/2026"}}}), "audience.segment.last_visit_from"},
			{"bad gender", body(map[string]any{"audience": map[string]any{"segment": map[string]any{"gender": "x"}}}), "audience.segment.gender"},
			{"ages reversed", body(map[string]any{"audience": map[string]any{"segment": map[string]any{"age_min": 60, "age_max": 40}}}), "audience.segment.age_max"},
			{"bad window", body(map[string]any{"send_window": map[string]any{"start": "9am", "end": "18:00"}}), "send_window.start"},
			{"rate zero", body(map[string]any{"rate_per_minute": 0}), "rate_per_minute"},
			{"past send_at", body(map[string]any{"send_at": "2020-01-01T00:00:00Z"}), "send_at"},
			{"four variants", body(map[string]any{"bodies": nil, "variants": []any{
				map[string]any{"key": "A", "bodies": map[string]any{"id": "a"}, "weight": 1}, map[string]any{"key": "B", "bodies": map[string]any{"id": "b"}, "weight": 1},
				map[string]any{"key": "C", "bodies": map[string]any{"id": "c"}, "weight": 1}, map[string]any{"key": "D", "bodies": map[string]any{"id": "d"}, "weight": 1}}}), "variants"},
			{"duplicate variant key", body(map[string]any{"bodies": nil, "variants": []any{
				map[string]any{"key": "A", "bodies": map[string]any{"id": "a"}, "weight": 1}, map[string]any{"key": "A", "bodies": map[string]any{"id": "b"}, "weight": 1}}}), "variants[1].key"},
			{"unknown channel", body(map[string]any{"channel_order": []string{"pigeon"}}), "channel_order[0]"},
			{"unknown field", `{"name":"C","colour":"red"}`, "colour"},
			{"NUL byte", "{\"name\":\"C\\u0000\",\"bodies\":{\"id\":\"x\"}}", "name"},
			{"too long", body(map[string]any{"name": strings.Repeat("n", 201)}), "name"},
		}
		for _, c := range cases {
			a.expectProblem(a.do("POST", "/api/v1/campaigns", c.body, a.admin), 400, c.field)
		}
		a.ok(a.do("POST", "/api/v1/campaigns", `{"name":"`+strings.Repeat("x", 1<<20)+`"}`, a.admin), 413)
		a.ok(a.do("POST", "/api/v1/campaigns", "name=C", a.admin, "Content-Type", "text/plain"), 415)
		a.expectProblem(a.do("POST", "/api/v1/campaigns/preview-audience", map[string]any{"audience": map[string]any{"patient_ids": []string{theirs.ID}}}, a.admin),
			400, "audience.patient_ids[0]")
		a.expectProblem(a.do("POST", "/api/v1/campaigns/preview-audience", `{"audience":{"segment":{"age_min":"old"}}}`, a.admin), 400, "audience.segment.age_min")
		if n := a.count("SELECT count(*) FROM campaigns"); n != 0 {
			t.Fatalf("%d campaigns written by refused requests", n)
		}
		// A stored campaign: another tenant reaches none of it; a stale or running one is not changed.
		var c Campaign
		a.do("POST", "/api/v1/campaigns", body(nil), a.admin).decode(&c)
		for _, path := range []string{"", "/recipients"} {
			a.ok(a.do("GET", "/api/v1/campaigns/"+c.ID+path, nil, a.otherAdmin), 404)
		}
		a.ok(a.do("POST", "/api/v1/campaigns/"+c.ID+"/execute", nil, a.otherAdmin), 404)
		a.ok(a.do("PATCH", "/api/v1/campaigns/"+c.ID, map[string]any{"name": "D"}, a.admin, "If-Match", `"7"`), 409)
		a.ok(a.do("POST", "/api/v1/campaigns/"+c.ID+"/execute", nil, a.admin), 200)
		a.ok(a.do("PATCH", "/api/v1/campaigns/"+c.ID, map[string]any{"name": "D"}, a.admin), 409)
		a.ok(a.do("POST", "/api/v1/campaigns/"+c.ID+"/execute", nil, a.admin), 409)
		a.ok(a.do("DELETE", "/api/v1/campaigns/"+c.ID, nil, a.admin), 409)
		a.ok(a.do("POST", "/api/v1/campaigns/"+c.ID+"/resume", nil, a.admin), 409)
		a.ok(a.do("GET", "/api/v1/campaigns?status=lost", nil, a.admin), 400)
		a.ok(a.do("GET", "/api/v1/campaigns/"+c.ID+"/recipients?status=lost", nil, a.admin), 400)
		a.ok(a.do("GET", "/api/v1/campaigns/not-an-id", nil, a.admin), 404)
	})
}
