package flow

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// Execution statuses.
const (
	StatusRunning   = "running"
	StatusWaiting   = "waiting"
	StatusCompleted = "completed"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// What a waiting execution waits for.
const (
	WaitDelay   = "delay"
	WaitReply   = "reply"
	WaitWebhook = "webhook"
	// WaitStatus: a condition on message_status waits until the message it
	// reads has settled (left queued and sending), at most StatusWaitLimit.
	WaitStatus = "message_status"
)

// StatusWaitLimit is how long a condition on message_status waits for the
// message to settle; then it is decided on the status as it is.
const StatusWaitLimit = time.Hour

// Event kinds.
const (
	EventStart         = "start"
	EventTimer         = "timer"
	EventReply         = "reply"
	EventWebhookResult = "webhook_result"
	// EventMessageStatus: the status of the execution's last message
	// changed (Env.LastMessageStatus is the new one).
	EventMessageStatus = "message_status"
)

// Step statuses of the step log.
const (
	StepDone    = "done"
	StepWaiting = "waiting"
	StepSkipped = "skipped"
	StepFailed  = "failed"
)

// Keys the engine writes into State.Context.
const (
	ContextLastReplyIntent    = "last_reply_intent"
	ContextLastReplyMessageID = "last_reply_message_id"
	ContextLastWebhookStatus  = "last_webhook_status"
)

// State is where one execution stands.
type State struct {
	NodeID    string         `json:"node_id"` // "" before start
	Status    string         `json:"status"`  // running | waiting | completed | failed | cancelled
	Waiting   string         `json:"waiting"` // "" | delay | reply | webhook
	NextRunAt *time.Time     `json:"next_run_at"`
	Steps     int            `json:"steps"` // nodes entered so far
	Context   map[string]any `json:"context"`
}

// Event is what wakes an execution. At is the engine's "now".
type Event struct {
	Kind       string    // start | timer | reply | webhook_result
	At         time.Time // when it happened
	Intent     string    // reply: the reply's intent
	MessageID  string    // reply: the inbound message's id
	StatusCode int       // webhook_result: the HTTP status (0 when there was none)
	Response   string    // webhook_result: the response body
	Error      string    // webhook_result: why the call failed, "" when it was answered
}

// Patient is what conditions read: Fields by name (see PatientFields),
// tags, and attributes. Values are JSON-like (strings, numbers, booleans,
// times, slices, or pointers to them; nil is missing).
type Patient struct {
	Fields     map[string]any
	Tags       []string
	Attributes map[string]any
}

// Env is what the engine knows besides the state and the event.
type Env struct {
	// Day0 is the trigger's day: its calendar date in Zone is day 0 of
	// delays with days and time_of_day (its time of day does not matter).
	Day0            time.Time
	Zone            *time.Location // the patient's time zone; nil is UTC
	Patient         Patient
	LastReplyIntent string // the patient's last reply intent; "" falls back to the execution's context
	// LastMessageStatus is the status of the last message this execution
	// sent; a send_message later in the same walk makes it "queued".
	LastMessageStatus string
}

// Effect is something the runner must do for the execution.
type Effect struct {
	Kind    string // send_message | update_patient | notify_staff | call_webhook
	NodeID  string
	Send    *SendMessage
	Update  *UpdatePatient
	Notify  *NotifyStaff
	Webhook *CallWebhook
}

// StepRecord is one line of an execution's step log.
type StepRecord struct {
	NodeID string    `json:"node_id"`
	Type   string    `json:"type"`
	Status string    `json:"status"` // done | waiting | skipped | failed
	At     time.Time `json:"at"`
	Detail string    `json:"detail,omitempty"`
}

// Final reports whether an execution in status can no longer change.
func Final(status string) bool {
	return status == StatusCompleted || status == StatusFailed || status == StatusCancelled
}

// Advance moves an execution forward on one event and returns its new state,
// the effects the runner must perform (in order) and the steps to log. An
// event that does not apply (a timer before it is due, a reply nobody waits
// for, any event after the end) returns st unchanged and no effects. Advance
// changes none of its arguments.
func Advance(g Graph, st State, ev Event, env Env) (State, []Effect, []StepRecord) {
	if Final(st.Status) {
		return st, nil, nil
	}
	w := &walker{ix: newIndex(g), st: st, env: env, at: ev.At}
	w.st.Context = maps.Clone(st.Context)
	if w.env.Zone == nil {
		w.env.Zone = time.UTC
	}
	if w.env.LastReplyIntent == "" {
		w.env.LastReplyIntent, _ = st.Context[ContextLastReplyIntent].(string)
	}
	var moved bool
	switch ev.Kind {
	case EventStart:
		moved = w.start()
	case EventTimer:
		moved = w.timer()
	case EventReply:
		moved = w.reply(ev.Intent, ev.MessageID)
	case EventWebhookResult:
		moved = w.webhookResult(ev)
	case EventMessageStatus:
		moved = w.messageStatus(false)
	}
	if !moved {
		return st, nil, nil
	}
	return w.st, w.effects, w.log
}

func (w *walker) start() bool {
	if w.st.NodeID != "" || (w.st.Status != "" && w.st.Status != StatusRunning) {
		return false
	}
	w.st.Status = StatusRunning
	for _, n := range w.ix.list {
		if n.Type == TypeTrigger {
			w.run(n.ID)
			return true
		}
	}
	w.fail("", "", "the graph has no trigger")
	return true
}

func (w *walker) timer() bool {
	st := w.st
	if st.Status != StatusWaiting || st.NextRunAt == nil || w.at.Before(*st.NextRunAt) {
		return false
	}
	switch st.Waiting {
	case WaitDelay:
		w.resume(StepDone, "", "")
	case WaitReply:
		w.resume(StepDone, "timeout", HandleTimeout)
	case WaitStatus:
		return w.messageStatus(true)
	default:
		return false
	}
	return true
}

func (w *walker) reply(intent, messageID string) bool {
	if w.st.Status != StatusWaiting || w.st.Waiting != WaitReply {
		return false
	}
	if n, ok := w.ix.nodes[w.st.NodeID]; ok {
		if wait, err := n.WaitForReply(); err == nil && len(wait.Intents) > 0 && !slices.Contains(wait.Intents, intent) {
			return false
		}
	}
	w.setContext(ContextLastReplyIntent, intent)
	if messageID != "" {
		w.setContext(ContextLastReplyMessageID, messageID)
	}
	w.env.LastReplyIntent = intent
	w.resume(StepDone, "reply: "+intent, HandleReply)
	return true
}

// Settled reports whether a message status is final enough to branch on
// (the message left queued and sending).
func Settled(status string) bool { return status != "queued" && status != "sending" }

// messageStatus decides the condition on message_status the execution waits
// at: once the message settled, or (force) when the wait ran out.
func (w *walker) messageStatus(force bool) bool {
	if w.st.Status != StatusWaiting || w.st.Waiting != WaitStatus {
		return false
	}
	if !force && !Settled(w.env.LastMessageStatus) {
		return false
	}
	n, ok := w.ix.nodes[w.st.NodeID]
	if !ok {
		w.fail(w.st.NodeID, "", "the node is no longer in the graph")
		return true
	}
	c, err := n.Condition()
	if err != nil {
		w.fail(n.ID, n.Type, truncate(err.Error(), MaxDetailLen))
		return true
	}
	handle := HandleFalse
	if c.Eval(w.env) {
		handle = HandleTrue
	}
	w.resume(StepDone, handle, handle)
	return true
}

func (w *walker) webhookResult(ev Event) bool {
	if w.st.Status != StatusWaiting || w.st.Waiting != WaitWebhook {
		return false
	}
	w.setContext(ContextLastWebhookStatus, ev.StatusCode)
	status, detail := StepDone, "status "+strconv.Itoa(ev.StatusCode)
	if ev.Error != "" || ev.StatusCode >= 400 {
		status = StepFailed
	}
	switch {
	case ev.Error != "" && ev.StatusCode == 0: // no answer at all
		detail = truncate(ev.Error, MaxDetailLen)
	case ev.Error != "":
		detail += ": " + truncate(ev.Error, MaxDetailLen)
	case ev.Response != "":
		detail += ": " + truncate(ev.Response, MaxDetailLen)
	}
	w.resume(status, detail, "")
	return true
}
