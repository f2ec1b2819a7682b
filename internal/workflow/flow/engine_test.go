package flow

import (
	"reflect"
	"testing"
	"time"
)

// run drives one execution through a graph, event by event.
type run struct {
	t   *testing.T
	g   Graph
	st  State
	env Env
}

func newRun(t *testing.T, g Graph, zone string, day0 time.Time) *run {
	return &run{t: t, g: g, env: Env{Day0: day0, Zone: mustZone(t, zone)}}
}

func (r *run) event(ev Event) ([]Effect, []StepRecord) {
	r.t.Helper()
	st, effects, log := Advance(r.g, r.st, ev, r.env)
	r.st = st
	return effects, log
}

func (r *run) expect(status, waiting string, next time.Time) {
	r.t.Helper()
	if r.st.Status != status || r.st.Waiting != waiting {
		r.t.Fatalf("state %s/%s at %s, want %s/%s", r.st.Status, r.st.Waiting, r.st.NodeID, status, waiting)
	}
	switch {
	case next.IsZero() && r.st.NextRunAt != nil:
		r.t.Fatalf("next_run_at %v, want none", r.st.NextRunAt)
	case !next.IsZero() && (r.st.NextRunAt == nil || !r.st.NextRunAt.Equal(next)):
		r.t.Fatalf("next_run_at %v, want %v", r.st.NextRunAt, next)
	}
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func startedPostSurgery(t *testing.T) *run {
	r := newRun(t, postSurgery(), "Asia/Jakarta", utc("2026-05-10T07:00:00Z"))
	effects, log := r.event(Event{Kind: EventStart, At: utc("2026-05-10T07:00:00Z")})
	if len(effects) != 0 || len(log) != 2 || log[0].NodeID != "t" || log[1].Status != StepWaiting {
		t.Fatalf("start: %+v %+v", effects, log)
	}
	// Day 1 at 09:00 in Jakarta is 02:00 UTC on 11 May.
	r.expect(StatusWaiting, WaitDelay, utc("2026-05-11T02:00:00Z"))
	return r
}

// wakeUp passes the delay: the check-in goes out and the wait for a reply begins.
func wakeUp(t *testing.T, r *run) {
	if effects, _ := r.event(Event{Kind: EventTimer, At: utc("2026-05-11T01:59:59Z")}); effects != nil || r.st.Waiting != WaitDelay {
		t.Fatalf("a timer before the wake time moved the execution: %+v", r.st)
	}
	effects, log := r.event(Event{Kind: EventTimer, At: utc("2026-05-11T02:00:00Z")})
	if len(effects) != 1 || effects[0].Kind != TypeSendMessage || effects[0].Send.TemplateID != "tpl-check-in" ||
		!reflect.DeepEqual(effects[0].Send.ChannelOrder, []string{"whatsapp", "sms"}) {
		t.Fatalf("effects: %+v", effects)
	}
	if len(log) != 3 || log[0].NodeID != "d1" || log[0].Status != StepDone || log[2].NodeID != "w1" {
		t.Fatalf("log: %+v", log)
	}
	r.expect(StatusWaiting, WaitReply, utc("2026-05-12T02:00:00Z"))
	// The same timer delivered again is stale now.
	if effects, log := r.event(Event{Kind: EventTimer, At: utc("2026-05-11T02:00:00Z")}); effects != nil || log != nil {
		t.Fatalf("a stale timer did something: %+v %+v", effects, log)
	}
}

func TestPostSurgeryConfirmedReply(t *testing.T) {
	r := startedPostSurgery(t)
	wakeUp(t, r)
	effects, log := r.event(Event{Kind: EventReply, At: utc("2026-05-11T05:00:00Z"), Intent: "confirm", MessageID: "m1"})
	if len(effects) != 1 || effects[0].NodeID != "great" || effects[0].Send.Message != "Great, thank you!" {
		t.Fatalf("effects: %+v", effects)
	}
	if log[0].Detail != "reply: confirm" || log[1].NodeID != "c1" || log[1].Detail != "true" || log[len(log)-1].NodeID != "end" {
		t.Fatalf("log: %+v", log)
	}
	r.expect(StatusCompleted, "", time.Time{})
	if r.st.Context[ContextLastReplyIntent] != "confirm" || r.st.Context[ContextLastReplyMessageID] != "m1" {
		t.Fatalf("context: %v", r.st.Context)
	}
	// Nothing moves a finished execution.
	before := r.st
	for _, ev := range []Event{{Kind: EventReply, Intent: "confirm"}, {Kind: EventTimer, At: utc("2027-01-01T00:00:00Z")}, {Kind: EventStart}} {
		if effects, log := r.event(ev); effects != nil || log != nil || !reflect.DeepEqual(r.st, before) {
			t.Fatalf("%s moved a completed execution", ev.Kind)
		}
	}
}

func TestPostSurgeryOtherReplyAlertsStaff(t *testing.T) {
	r := startedPostSurgery(t)
	// A reply while the delay runs is no answer to anything.
	if effects, log := r.event(Event{Kind: EventReply, At: utc("2026-05-10T08:00:00Z"), Intent: "confirm"}); effects != nil || log != nil {
		t.Fatal("a reply during the delay moved the execution")
	}
	wakeUp(t, r)
	effects, log := r.event(Event{Kind: EventReply, At: utc("2026-05-11T06:00:00Z"), Intent: "not_yet"})
	if len(effects) != 1 || effects[0].Kind != TypeNotifyStaff || effects[0].Notify.Message != "Patient did not confirm" {
		t.Fatalf("effects: %+v", effects)
	}
	if log[1].Detail != "false" {
		t.Fatalf("log: %+v", log)
	}
	r.expect(StatusCompleted, "", time.Time{})
}

func TestPostSurgeryTimeoutSendsReminder(t *testing.T) {
	r := startedPostSurgery(t)
	wakeUp(t, r)
	if effects, _ := r.event(Event{Kind: EventTimer, At: utc("2026-05-12T01:59:00Z")}); effects != nil {
		t.Fatal("timed out early")
	}
	effects, log := r.event(Event{Kind: EventTimer, At: utc("2026-05-12T02:00:00Z")})
	if len(effects) != 1 || effects[0].NodeID != "remind" {
		t.Fatalf("effects: %+v", effects)
	}
	if log[0].NodeID != "w1" || log[0].Status != StepDone || log[0].Detail != "timeout" {
		t.Fatalf("log: %+v", log)
	}
	r.expect(StatusCompleted, "", time.Time{})
	if r.st.Steps != 6 { // t, d1, s1, w1, remind, end
		t.Fatalf("steps %d, want 6", r.st.Steps)
	}
}

func TestStartAfterTheDelayPassesItAtOnce(t *testing.T) {
	r := newRun(t, postSurgery(), "Asia/Jakarta", utc("2026-05-10T07:00:00Z"))
	at := utc("2026-05-13T00:00:00Z") // started three days late
	effects, log := r.event(Event{Kind: EventStart, At: at})
	if len(effects) != 1 || log[1].NodeID != "d1" || log[1].Status != StepDone || log[1].Detail != "already past" {
		t.Fatalf("effects %+v log %+v", effects, log)
	}
	r.expect(StatusWaiting, WaitReply, at.Add(24*time.Hour))
}

func TestReplyWithAnIntentTheWaitIgnores(t *testing.T) {
	g := postSurgery()
	g.Nodes[3].Data["intents"] = []any{"confirm", "reschedule"}
	r := newRun(t, g, "Asia/Jakarta", utc("2026-05-10T07:00:00Z"))
	r.st = State{NodeID: "w1", Status: StatusWaiting, Waiting: WaitReply, NextRunAt: new(utc("2026-05-12T02:00:00Z")), Steps: 4}
	if effects, log := r.event(Event{Kind: EventReply, Intent: "greeting"}); effects != nil || log != nil {
		t.Fatal("a greeting counted as an awaited reply")
	}
	if _, log := r.event(Event{Kind: EventReply, Intent: "reschedule"}); log[0].Detail != "reply: reschedule" {
		t.Fatalf("log %+v", log)
	}
}
