package flow

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func delayGraph(days int, at string) Graph {
	return Graph{
		Nodes: []Node{
			node("t", TypeTrigger, nil),
			node("d", TypeDelay, map[string]any{"days": float64(days), "time_of_day": at}),
			node("s", TypeSendMessage, map[string]any{"message": "hello"}),
		},
		Edges: []Edge{edge("e1", "t", "d"), edge("e2", "d", "s")},
	}
}

func TestCalendarDelaysFollowTheZonesClock(t *testing.T) {
	cases := []struct {
		name, zone, day0 string
		days             int
		at, want         string
	}{
		// New York springs forward on 8 March 2026: 09:00 is 13:00 UTC, not 14:00.
		{"spring forward", "America/New_York", "2026-03-07T17:00:00Z", 1, "09:00", "2026-03-08T13:00:00Z"},
		{"before the change", "America/New_York", "2026-03-07T17:00:00Z", 0, "09:00", "2026-03-07T14:00:00Z"},
		// and falls back on 1 November 2026: 09:00 is 14:00 UTC again.
		{"fall back", "America/New_York", "2026-10-31T16:00:00Z", 1, "09:00", "2026-11-01T14:00:00Z"},
		// 02:30 does not exist on 8 March; it moves forward by the gap to 03:30 EDT.
		{"skipped time", "America/New_York", "2026-03-07T17:00:00Z", 1, "02:30", "2026-03-08T07:30:00Z"},
		// 01:30 happens twice on 1 November; the first (EDT) counts.
		{"repeated time", "America/New_York", "2026-10-31T16:00:00Z", 1, "01:30", "2026-11-01T05:30:00Z"},
		// Day 0 is the date in the patient's zone: 20:00 UTC is already the next day in Jakarta.
		{"date in zone", "Asia/Jakarta", "2026-05-10T20:00:00Z", 1, "09:00", "2026-05-12T02:00:00Z"},
		{"across a month", "Asia/Jakarta", "2026-01-31T03:00:00Z", 30, "23:59", "2026-03-02T16:59:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRun(t, delayGraph(c.days, c.at), c.zone, utc(c.day0))
			r.event(Event{Kind: EventStart, At: utc("2026-01-01T00:00:00Z")})
			r.expect(StatusWaiting, WaitDelay, utc(c.want))
		})
	}
}

func TestNegativeDaysBeforeTheStartArePassed(t *testing.T) {
	r := newRun(t, delayGraph(-1, "09:00"), "Asia/Jakarta", utc("2026-05-10T07:00:00Z"))
	effects, log := r.event(Event{Kind: EventStart, At: utc("2026-05-10T07:00:00Z")})
	if len(effects) != 1 || log[1].Detail != "already past" {
		t.Fatalf("effects %+v log %+v", effects, log)
	}
	r.expect(StatusCompleted, "", time.Time{})
}

func TestMinuteDelayWakesAfterTheEvent(t *testing.T) {
	g := delayGraph(0, "")
	g.Nodes[1].Data = map[string]any{"minutes": 90.0}
	r := newRun(t, g, "Asia/Jakarta", time.Time{})
	r.event(Event{Kind: EventStart, At: utc("2026-05-10T07:00:00Z")})
	r.expect(StatusWaiting, WaitDelay, utc("2026-05-10T08:30:00Z"))
	if effects, _ := r.event(Event{Kind: EventTimer, At: utc("2026-05-10T08:31:00Z")}); len(effects) != 1 {
		t.Fatalf("effects %+v", effects)
	}
	r.expect(StatusCompleted, "", time.Time{})
}

// A loop through a calendar delay that is already past spins until the step cap fails it.
func TestStepLimitFailsARunawayLoop(t *testing.T) {
	g := Graph{
		Nodes: []Node{
			node("t", TypeTrigger, nil),
			node("d", TypeDelay, map[string]any{"days": -1.0, "time_of_day": "09:00"}),
			node("n", TypeNotifyStaff, map[string]any{"message": "again"}),
		},
		Edges: []Edge{edge("e1", "t", "d"), edge("e2", "d", "n"), edge("e3", "n", "d")},
	}
	if fe := Validate(g); len(fe) != 0 {
		t.Fatalf("the loop passes through a delay and is valid: %+v", fe)
	}
	r := newRun(t, g, "UTC", utc("2026-05-10T00:00:00Z"))
	effects, log := r.event(Event{Kind: EventStart, At: utc("2026-05-10T12:00:00Z")})
	last := log[len(log)-1]
	if r.st.Status != StatusFailed || r.st.Steps != MaxSteps || last.Status != StepFailed || last.Detail != "step limit" {
		t.Fatalf("state %+v last %+v", r.st, last)
	}
	if len(effects) != (MaxSteps-1)/2 {
		t.Fatalf("%d effects", len(effects))
	}
	if effects, log := r.event(Event{Kind: EventTimer, At: utc("2027-01-01T00:00:00Z")}); effects != nil || log != nil {
		t.Fatal("a failed execution moved")
	}
}

func TestStepLimitCountsAcrossEvents(t *testing.T) {
	r := newRun(t, postSurgery(), "Asia/Jakarta", utc("2026-05-10T07:00:00Z"))
	r.st = State{NodeID: "d1", Status: StatusWaiting, Waiting: WaitDelay, NextRunAt: new(utc("2026-05-11T02:00:00Z")), Steps: MaxSteps - 1}
	_, log := r.event(Event{Kind: EventTimer, At: utc("2026-05-11T02:00:00Z")})
	if r.st.Status != StatusFailed || r.st.NodeID != "w1" || log[len(log)-1].Detail != "step limit" {
		t.Fatalf("state %+v log %+v", r.st, log)
	}
}

func TestAdvanceChangesNoneOfItsInputs(t *testing.T) {
	g := postSurgery()
	g.Nodes = append(g.Nodes, node("tag", TypeUpdatePatient, map[string]any{
		"add_tags": []any{"checked-in"}, "set": map[string]any{"language": "en", "attributes.pain": 3.0},
	}))
	g.Edges[6] = edge("e7", "c1", "tag", "false") // not confirmed: tag the patient first
	g.Edges = append(g.Edges, edge("e11", "tag", "alert"))
	env := Env{
		Day0: utc("2026-05-10T07:00:00Z"), Zone: mustZone(t, "Asia/Jakarta"),
		Patient: Patient{Fields: map[string]any{"language": "id"}, Tags: []string{"knee"}, Attributes: map[string]any{"pain": 1.0}},
	}
	st := State{NodeID: "w1", Status: StatusWaiting, Waiting: WaitReply, NextRunAt: new(utc("2026-05-12T02:00:00Z")), Steps: 4,
		Context: map[string]any{"from_trigger": "x"}}
	gCopy, stCopy := clone(t, g), clone(t, st)
	envCopy := Env{Day0: env.Day0, Zone: env.Zone, Patient: clone(t, env.Patient)}

	next, effects, _ := Advance(g, st, Event{Kind: EventReply, At: utc("2026-05-11T05:00:00Z"), Intent: "question"}, env)

	if !reflect.DeepEqual(g, gCopy) || !reflect.DeepEqual(st, stCopy) || !reflect.DeepEqual(env, envCopy) {
		t.Fatal("Advance changed its input")
	}
	if next.Context["from_trigger"] != "x" || next.Context[ContextLastReplyIntent] != "question" {
		t.Fatalf("context %v", next.Context)
	}
	if len(effects) != 2 || effects[0].Update == nil || effects[1].Notify == nil {
		t.Fatalf("effects %+v", effects)
	}
	// The effects own their data: changing them changes no graph.
	effects[0].Update.AddTags[0] = "changed"
	effects[0].Update.Set["language"] = "ko"
	if !reflect.DeepEqual(g, gCopy) {
		t.Fatal("an effect shares the graph's data")
	}
}

// update_patient changes what later conditions in the same walk see.
func TestUpdateIsVisibleToLaterConditions(t *testing.T) {
	g := Graph{
		Nodes: []Node{
			node("t", TypeTrigger, nil),
			node("u", TypeUpdatePatient, map[string]any{"add_tags": []any{"VIP"}, "remove_tags": []any{"new"}, "set": map[string]any{"attributes.score": 7.0}}),
			node("has", TypeCondition, map[string]any{"subject": "tag", "op": "eq", "value": "vip"}),
			node("score", TypeCondition, map[string]any{"subject": "attribute", "key": "score", "op": "gt", "value": 5.0}),
			node("lost", TypeCondition, map[string]any{"subject": "tag", "op": "neq", "value": "NEW"}),
		},
		Edges: []Edge{edge("e1", "t", "u"), edge("e2", "u", "has"), edge("e3", "has", "score", "true"),
			edge("e4", "score", "lost", "true")},
	}
	env := Env{Patient: Patient{Tags: []string{"new"}}}
	st, _, log := Advance(g, State{}, Event{Kind: EventStart}, env)
	var details []string
	for _, s := range log {
		details = append(details, s.Detail)
	}
	if st.Status != StatusCompleted || strings.Join(details, ",") != ",,true,true,true" {
		t.Fatalf("status %s details %q", st.Status, details)
	}
}

func TestWebhookWaitsForItsResult(t *testing.T) {
	g := Graph{
		Nodes: []Node{
			node("t", TypeTrigger, nil),
			node("h", TypeCallWebhook, map[string]any{"url": "https://example.org/hook", "body": map[string]any{"a": []any{1.0}}}),
			node("ok", TypeCondition, map[string]any{"subject": "message_status", "op": "exists"}),
		},
		Edges: []Edge{edge("e1", "t", "h"), edge("e2", "h", "ok")},
	}
	st, effects, _ := Advance(g, State{}, Event{Kind: EventStart, At: utc("2026-05-10T07:00:00Z")}, Env{})
	if st.Status != StatusWaiting || st.Waiting != WaitWebhook || st.NextRunAt != nil || effects[0].Webhook.URL != "https://example.org/hook" {
		t.Fatalf("state %+v effects %+v", st, effects)
	}
	if same, _, _ := Advance(g, st, Event{Kind: EventTimer, At: utc("2030-01-01T00:00:00Z")}, Env{}); !reflect.DeepEqual(same, st) {
		t.Fatal("a timer moved a webhook wait")
	}
	long := strings.Repeat("é", 1500)
	done, _, log := Advance(g, st, Event{Kind: EventWebhookResult, StatusCode: 502, Response: long}, Env{})
	if done.Status != StatusCompleted || done.Context[ContextLastWebhookStatus] != 502 || log[0].Status != StepFailed ||
		log[0].Detail != "status 502: "+strings.Repeat("é", MaxDetailLen) || log[1].Detail != "false" {
		t.Fatalf("state %+v log %+v", done, log)
	}
	_, _, log = Advance(g, st, Event{Kind: EventWebhookResult, StatusCode: 0, Error: "connection refused"}, Env{LastMessageStatus: "read"})
	if log[0].Status != StepFailed || log[0].Detail != "connection refused" || log[1].Detail != "true" {
		t.Fatalf("log %+v", log)
	}
	_, _, log = Advance(g, st, Event{Kind: EventWebhookResult, StatusCode: 204}, Env{})
	if log[0].Status != StepDone || log[0].Detail != "status 204" {
		t.Fatalf("log %+v", log)
	}
}

func TestBrokenGraphsFailTheExecution(t *testing.T) {
	cases := map[string]Graph{
		"no trigger":     {Nodes: []Node{node("s", TypeSendMessage, map[string]any{"message": "x"})}},
		"bad data":       {Nodes: []Node{node("t", TypeTrigger, nil), node("d", TypeDelay, map[string]any{"minutes": 1.5})}, Edges: []Edge{edge("e", "t", "d")}},
		"missing target": {Nodes: []Node{node("t", TypeTrigger, nil)}, Edges: []Edge{edge("e", "t", "nowhere")}},
		"unknown type":   {Nodes: []Node{node("t", TypeTrigger, nil), node("x", "teleport", nil)}, Edges: []Edge{edge("e", "t", "x")}},
	}
	for name, g := range cases {
		st, _, log := Advance(g, State{}, Event{Kind: EventStart}, Env{})
		if st.Status != StatusFailed || len(log) == 0 || log[len(log)-1].Status != StepFailed {
			t.Errorf("%s: state %+v log %+v", name, st, log)
		}
	}
	// A node with no edge out simply ends the execution.
	st, _, _ := Advance(Graph{Nodes: []Node{node("t", TypeTrigger, nil)}}, State{}, Event{Kind: EventStart}, Env{})
	if st.Status != StatusCompleted || st.NodeID != "t" || st.Steps != 1 {
		t.Fatalf("state %+v", st)
	}
}

func TestEventsThatDoNotApplyChangeNothing(t *testing.T) {
	g := postSurgery()
	waiting := State{NodeID: "w1", Status: StatusWaiting, Waiting: WaitReply, NextRunAt: new(utc("2026-05-12T02:00:00Z")), Steps: 4}
	cases := map[string]struct {
		st State
		ev Event
	}{
		"start twice":       {waiting, Event{Kind: EventStart}},
		"webhook result":    {waiting, Event{Kind: EventWebhookResult, StatusCode: 200}},
		"unknown kind":      {waiting, Event{Kind: "poke"}},
		"cancelled":         {State{NodeID: "w1", Status: StatusCancelled}, Event{Kind: EventReply, Intent: "confirm"}},
		"timer without due": {State{NodeID: "d1", Status: StatusWaiting, Waiting: WaitDelay}, Event{Kind: EventTimer, At: utc("2030-01-01T00:00:00Z")}},
	}
	for name, c := range cases {
		st, effects, log := Advance(g, c.st, c.ev, Env{})
		if !reflect.DeepEqual(st, c.st) || effects != nil || log != nil {
			t.Errorf("%s: %+v %+v %+v", name, st, effects, log)
		}
	}
}
