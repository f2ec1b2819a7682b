package api

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// Every rule of a graph is refused with the offending node named, on create
// and on POST /workflows/validate, and nothing is written.
func TestWorkflowValidationNamesTheNode(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		node := func(id, typ string, data map[string]any) map[string]any {
			return map[string]any{"id": id, "type": typ, "data": data, "position": map[string]any{"x": 0, "y": 0}}
		}
		edge := func(id, from, to string, handle any) map[string]any {
			return map[string]any{"id": id, "source": from, "target": to, "source_handle": handle}
		}
		trig := node("t", "trigger", map[string]any{})
		cases := []struct {
			name  string
			nodes []any
			edges []any
			field string
		}{
			{"no trigger", []any{node("s", "send_message", map[string]any{"message": "hi"})}, []any{}, "graph.nodes"},
			{"two triggers", []any{trig, node("t2", "trigger", map[string]any{})}, []any{}, "graph.nodes[t2]"},
			{"unreachable", []any{trig, node("lost", "end", map[string]any{})}, []any{}, "graph.nodes[lost]"},
			{"bad handle", []any{trig, node("c", "condition", map[string]any{"subject": "tag", "op": "eq", "value": "vip"}), node("x", "end", map[string]any{})},
				[]any{edge("e1", "t", "c", nil), edge("e2", "c", "x", "reply")}, "graph.edges[e2].source_handle"},
			{"bad condition", []any{trig, node("c", "condition", map[string]any{"subject": "mood", "op": "eq", "value": 1})},
				[]any{edge("e1", "t", "c", nil)}, "graph.nodes[c].data.subject"},
			{"loop without a wait", []any{trig, node("a", "send_message", map[string]any{"message": "a"}), node("b", "send_message", map[string]any{"message": "b"})},
				[]any{edge("e1", "t", "a", nil), edge("e2", "a", "b", nil), edge("e3", "b", "a", nil)}, "graph.nodes[a]"},
			{"bad delay", []any{trig, node("d", "delay", map[string]any{"minutes": 1.5})}, []any{edge("e1", "t", "d", nil)}, "graph.nodes[d].data.minutes"},
			{"other tenant's template", []any{trig, node("s", "send_message", map[string]any{"template_id": "01a23c9b-6524-7607-8d77-fc0c8606ad9d"})},
				[]any{edge("e1", "t", "s", nil)}, "graph.nodes[s].data.template_id"},
		}
		for _, c := range cases {
			g := map[string]any{"nodes": c.nodes, "edges": c.edges}
			a.expectProblem(a.do("POST", "/api/v1/workflows/validate", map[string]any{"trigger": map[string]any{"type": "manual"}, "graph": g}, a.admin), 400, c.field)
			a.expectProblem(a.do("POST", "/api/v1/workflows", map[string]any{"name": c.name, "trigger": map[string]any{"type": "manual"}, "graph": g}, a.admin), 400, c.field)
		}
		if n := a.count("SELECT count(*) FROM workflows"); n != 0 {
			t.Fatalf("%d invalid workflows written", n)
		}
	})
}

// Bad input to the workflow endpoints is a 400 naming the field (or 413,
// 415), other tenants' ids are 404, and nothing is written.
func TestWorkflowEndpointsRefuseBadInput(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		good := map[string]any{"name": "W", "trigger": map[string]any{"type": "manual"}, "graph": twoStepGraph("a", 5, "b")}
		w := a.createWorkflow(good)
		cases := []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"wrong type", `{"name":5,"trigger":{"type":"manual"}}`, 400, "name"},
			{"missing name", map[string]any{"trigger": map[string]any{"type": "manual"}, "graph": twoStepGraph("a", 5, "b")}, 400, "name"},
			{"missing graph", map[string]any{"name": "W", "trigger": map[string]any{"type": "manual"}}, 400, "graph"},
			{"graph and steps", map[string]any{"name": "W", "trigger": map[string]any{"type": "manual"}, "graph": twoStepGraph("a", 5, "b"),
				"steps": []any{map[string]any{"day": 1, "time_of_day": "09:00", "action": map[string]any{"type": "send_message", "message": "x"}}}}, 400, "steps"},
			{"unknown trigger", map[string]any{"name": "W", "trigger": map[string]any{"type": "moon"}, "graph": twoStepGraph("a", 5, "b")}, 400, "trigger.type"},
			{"bad cron", map[string]any{"name": "W", "trigger": map[string]any{"type": "schedule", "cron": "every day"}, "graph": twoStepGraph("a", 5, "b")}, 400, "trigger.cron"},
			{"no keywords", map[string]any{"name": "W", "trigger": map[string]any{"type": "inbound_keyword"}, "graph": twoStepGraph("a", 5, "b")}, 400, "trigger.keywords"},
			{"unknown field", `{"name":"W","trigger":{"type":"manual"},"graph":{"nodes":[],"edges":[]},"colour":"red"}`, 400, "colour"},
			{"NUL byte", "{\"name\":\"W\\u0000\",\"trigger\":{\"type\":\"manual\"}}", 400, "name"},
			{"too long", map[string]any{"name": strings.Repeat("n", 201), "trigger": map[string]any{"type": "manual"}, "graph": twoStepGraph("a", 5, "b")}, 400, "name"},
		}
		for _, c := range cases {
			r := a.do("POST", "/api/v1/workflows", c.body, a.admin)
			if c.field == "" {
				a.ok(r, c.status)
				continue
			}
			a.expectProblem(r, c.status, c.field)
		}
		a.ok(a.do("POST", "/api/v1/workflows", `{"name":"`+strings.Repeat("x", 1<<20)+`"}`, a.admin), 413)
		a.ok(a.do("POST", "/api/v1/workflows", "name=W", a.admin, "Content-Type", "text/plain"), 415)
		if n := a.count("SELECT count(*) FROM workflows"); n != 1 {
			t.Fatalf("%d workflows after refusals", n)
		}
		// Another tenant's admin reaches none of it.
		for _, path := range []string{"/api/v1/workflows/" + w.ID, "/api/v1/workflows/" + w.ID + "/activate"} {
			method := "GET"
			if strings.HasSuffix(path, "activate") {
				method = "POST"
			}
			a.ok(a.do(method, path, nil, a.otherAdmin), 404)
		}
		a.expectProblem(a.do("POST", "/api/v1/workflows/"+w.ID+"/run", map[string]any{"patient_ids": []string{"nope"}}, a.admin), 400, "patient_ids[0]")
		a.ok(a.do("POST", "/api/v1/workflows/"+w.ID+"/run", map[string]any{"patient_ids": []string{"01a23c9b-6524-7607-8d77-fc0c8606ad9d"}}, a.admin), 409) // inactive
		a.ok(a.do("GET", "/api/v1/workflow-executions?status=lost", nil, a.admin), 400)
		a.ok(a.do("GET", "/api/v1/workflow-executions/not-an-id", nil, a.admin), 404)
	})
}

// Random graphs, however malformed, are answered 200 or 400, never 500.
func TestRandomGraphsNeverFail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		rng := rand.New(rand.NewPCG(7, 9))
		types := []string{"trigger", "send_message", "delay", "wait_for_reply", "condition", "update_patient", "notify_staff", "call_webhook", "end", "", "x"}
		values := []any{nil, 0, -1, 1.5, 1e12, "", "09:00", "25:99", true, []any{1, "a"}, map[string]any{"a": 1}, strings.Repeat("z", 3000)}
		keys := []string{"message", "template_id", "minutes", "days", "time_of_day", "timeout_minutes", "intents", "subject", "key", "op", "value",
			"add_tags", "set", "url", "body", "channel_order"}
		handles := []any{nil, "true", "false", "reply", "timeout", "", 3}
		for i := range 150 {
			n := rng.IntN(8)
			var nodes, edges []any
			for j := range n {
				data := map[string]any{}
				for range rng.IntN(4) {
					data[keys[rng.IntN(len(keys))]] = values[rng.IntN(len(values))]
				}
				nodes = append(nodes, map[string]any{"id": fmt.Sprintf("n%d", j%5), "type": types[rng.IntN(len(types))], "data": data,
					"position": map[string]any{"x": rng.Float64(), "y": 0}})
			}
			for j := range rng.IntN(10) {
				edges = append(edges, map[string]any{"id": fmt.Sprintf("e%d", j), "source": fmt.Sprintf("n%d", rng.IntN(6)),
					"target": fmt.Sprintf("n%d", rng.IntN(6)), "source_handle": handles[rng.IntN(len(handles))]})
			}
			body, _ := json.Marshal(map[string]any{"trigger": map[string]any{"type": "manual"}, "graph": map[string]any{"nodes": nodes, "edges": edges}})
			r := a.do("POST", "/api/v1/workflows/validate", body, a.admin)
			if r.code != 200 && r.code != 400 {
				t.Fatalf("graph %d: %d %s", i, r.code, body)
			}
			r = a.do("POST", "/api/v1/workflows/simulate", append(body[:len(body)-1], []byte(`,"script":[{"action":"skip_wait"},{"action":"reply","text":"ya"}]}`)...), a.admin)
			if r.code != 200 && r.code != 400 {
				t.Fatalf("simulating graph %d: %d", i, r.code)
			}
		}
	})
}
