package flow

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// walker carries one call of Advance: the state and environment it changes
// (copies of the caller's), and what it has emitted.
type walker struct {
	ix      index
	st      State
	env     Env
	at      time.Time
	effects []Effect
	log     []StepRecord
}

// resume finishes the node the execution waits at, logging it with status
// and detail, and walks on by its exit named handle.
func (w *walker) resume(status, detail, handle string) {
	id := w.st.NodeID
	n, ok := w.ix.nodes[id]
	if !ok {
		w.fail(id, "", "the node is no longer in the graph")
		return
	}
	w.st.Status, w.st.Waiting, w.st.NextRunAt = StatusRunning, "", nil
	w.record(n, status, detail)
	w.run(w.ix.next(id, handle))
}

// run enters id and the nodes after it until the execution waits or ends.
func (w *walker) run(id string) {
	for {
		if id == "" {
			w.st.Status, w.st.Waiting, w.st.NextRunAt = StatusCompleted, "", nil
			return
		}
		var stop bool
		if id, stop = w.enter(id); stop {
			return
		}
	}
}

// enter runs one node and returns the next one, or stop when the execution
// waits or ended here.
func (w *walker) enter(id string) (next string, stop bool) {
	n, ok := w.ix.nodes[id]
	if !ok {
		w.fail(id, "", "the node is not in the graph")
		return "", true
	}
	if w.st.Steps >= MaxSteps {
		w.fail(id, n.Type, "step limit")
		return "", true
	}
	w.st.Steps++
	w.st.NodeID = id
	var handle, detail string
	var err error
	switch n.Type {
	case TypeTrigger:
	case TypeEnd:
		w.record(n, StepDone, "")
		return "", false
	case TypeSendMessage:
		var v SendMessage
		if v, err = n.SendMessage(); err == nil {
			w.emit(Effect{Kind: n.Type, NodeID: id, Send: &v})
			w.env.LastMessageStatus = "queued"
		}
	case TypeUpdatePatient:
		var v UpdatePatient
		if v, err = n.UpdatePatient(); err == nil {
			w.emit(Effect{Kind: n.Type, NodeID: id, Update: &v})
			w.env.Patient = applyUpdate(w.env.Patient, v)
		}
	case TypeNotifyStaff:
		var v NotifyStaff
		if v, err = n.NotifyStaff(); err == nil {
			w.emit(Effect{Kind: n.Type, NodeID: id, Notify: &v})
		}
	case TypeCondition:
		var c Condition
		if c, err = n.Condition(); err == nil {
			if c.Subject == SubjectMessageStatus && !Settled(w.env.LastMessageStatus) {
				until := w.at.Add(StatusWaitLimit).UTC()
				w.wait(n, WaitStatus, &until)
				return "", true
			}
			handle = HandleFalse
			if c.Eval(w.env) {
				handle = HandleTrue
			}
			detail = handle
		}
	case TypeDelay:
		var d Delay
		if d, err = n.Delay(); err == nil {
			wake := w.wake(d)
			if wake.After(w.at) {
				w.wait(n, WaitDelay, &wake)
				return "", true
			}
			detail = "already past"
		}
	case TypeWaitForReply:
		var v WaitForReply
		if v, err = n.WaitForReply(); err == nil {
			until := w.at.Add(time.Duration(v.TimeoutMinutes) * time.Minute).UTC()
			w.wait(n, WaitReply, &until)
			return "", true
		}
	case TypeCallWebhook:
		var v CallWebhook
		if v, err = n.CallWebhook(); err == nil {
			w.emit(Effect{Kind: n.Type, NodeID: id, Webhook: &v})
			w.wait(n, WaitWebhook, nil)
			return "", true
		}
	default:
		w.fail(id, n.Type, "unknown node type")
		return "", true
	}
	if err != nil {
		w.fail(id, n.Type, truncate(err.Error(), MaxDetailLen))
		return "", true
	}
	w.record(n, StepDone, detail)
	return w.ix.next(id, handle), false
}

// wake is when a delay entered now ends.
func (w *walker) wake(d Delay) time.Time {
	if !d.Calendar() {
		return w.at.Add(time.Duration(d.Minutes) * time.Minute).UTC()
	}
	hour, minute, _ := clock(d.TimeOfDay)
	y, m, day := w.env.Day0.In(w.env.Zone).Date()
	return wallClock(y, m, day+d.Days, hour, minute, w.env.Zone).UTC()
}

// wallClock is the instant a clock in zone shows the given date and time.
// A time a DST change repeats is its first occurrence; a time a DST change
// skips moves forward by the gap (02:30 on a spring-forward day that jumps
// from 02:00 to 03:00 is 03:30).
func wallClock(year int, month time.Month, day, hour, minute int, zone *time.Location) time.Time {
	t := time.Date(year, month, day, hour, minute, 0, 0, zone)
	want := time.Date(year, month, day, hour, minute, 0, 0, time.UTC)
	got := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
	if got.Equal(want) {
		return t
	}
	_, before := t.Zone()
	if _, end := t.ZoneBounds(); !end.IsZero() {
		_, after := end.Zone()
		return t.Add(time.Duration(after-before) * time.Second)
	}
	return t
}

func (w *walker) wait(n *Node, kind string, until *time.Time) {
	w.st.Status, w.st.Waiting, w.st.NextRunAt = StatusWaiting, kind, until
	detail := ""
	if until != nil {
		detail = "until " + until.In(w.env.Zone).Format(time.RFC3339)
	}
	w.record(n, StepWaiting, detail)
}

func (w *walker) fail(id, nodeType, detail string) {
	if id != "" {
		w.st.NodeID = id
	}
	w.st.Status, w.st.Waiting, w.st.NextRunAt = StatusFailed, "", nil
	w.log = append(w.log, StepRecord{NodeID: id, Type: nodeType, Status: StepFailed, At: w.at, Detail: detail})
}

func (w *walker) record(n *Node, status, detail string) {
	w.log = append(w.log, StepRecord{NodeID: n.ID, Type: n.Type, Status: status, At: w.at, Detail: detail})
}

func (w *walker) emit(e Effect) { w.effects = append(w.effects, e) }

func (w *walker) setContext(key string, v any) {
	if w.st.Context == nil {
		w.st.Context = map[string]any{}
	}
	w.st.Context[key] = v
}

// applyUpdate is the patient after an update_patient node, sharing nothing
// it changes with p.
func applyUpdate(p Patient, u UpdatePatient) Patient {
	if len(u.AddTags) > 0 || len(u.RemoveTags) > 0 {
		tags := make([]string, 0, len(p.Tags)+len(u.AddTags))
		for _, t := range p.Tags {
			if !slices.ContainsFunc(u.RemoveTags, func(r string) bool { return strings.EqualFold(strings.TrimSpace(t), r) }) {
				tags = append(tags, t)
			}
		}
		for _, t := range u.AddTags {
			if !slices.ContainsFunc(tags, func(x string) bool { return strings.EqualFold(strings.TrimSpace(x), t) }) {
				tags = append(tags, t)
			}
		}
		p.Tags = tags
	}
	if len(u.Set) == 0 {
		return p
	}
	fields, attrs := cloneMap(p.Fields), cloneMap(p.Attributes)
	for k, v := range u.Set {
		if name, ok := strings.CutPrefix(k, AttributePrefix); ok {
			attrs[name] = v
		} else {
			fields[k] = v
		}
	}
	p.Fields, p.Attributes = fields, attrs
	return p
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// truncate keeps at most n characters of s, as valid UTF-8.
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
