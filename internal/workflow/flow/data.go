package flow

import (
	"strings"

	"github.com/prima-health/prima/internal/platform/errs"
)

// SendMessage is a send_message node's data: a template or a literal message
// (exactly one), and the channels to try in order (none: the organization's
// order).
type SendMessage struct {
	TemplateID   string   `json:"template_id,omitempty"`
	Message      string   `json:"message,omitempty"`
	ChannelOrder []string `json:"channel_order,omitempty"`
}

// Delay is a delay node's data: either Minutes after the node is entered, or
// Days after day 0 (the trigger's date; negative is before it) at TimeOfDay
// ("HH:MM") in the patient's time zone.
type Delay struct {
	Minutes   int    `json:"minutes,omitempty"`
	Days      int    `json:"days,omitempty"`
	TimeOfDay string `json:"time_of_day,omitempty"`
}

// Calendar reports whether the delay waits until a day and time of day.
func (d Delay) Calendar() bool { return d.TimeOfDay != "" }

// WaitForReply is a wait_for_reply node's data: how long to wait, and the
// intents that count as a reply (none: any reply).
type WaitForReply struct {
	TimeoutMinutes int      `json:"timeout_minutes"`
	Intents        []string `json:"intents,omitempty"`
}

// UpdatePatient is an update_patient node's data. Set keys are SetFields or
// "attributes.<name>"; a null value clears the field (except language).
type UpdatePatient struct {
	AddTags    []string       `json:"add_tags,omitempty"`
	RemoveTags []string       `json:"remove_tags,omitempty"`
	Set        map[string]any `json:"set,omitempty"`
}

// NotifyStaff is a notify_staff node's data.
type NotifyStaff struct {
	Message string `json:"message"`
}

// CallWebhook is a call_webhook node's data: an absolute http(s) URL and an
// optional JSON body.
type CallWebhook struct {
	URL  string `json:"url"`
	Body any    `json:"body,omitempty"`
}

// SendMessage reads a send_message node's data; the error is an
// *errs.ValidationError whose fields are named "data.<key>".
func (n Node) SendMessage() (SendMessage, error) {
	return parseAs(n, TypeSendMessage, parseSendMessage)
}

// Delay reads a delay node's data.
func (n Node) Delay() (Delay, error) { return parseAs(n, TypeDelay, parseDelay) }

// WaitForReply reads a wait_for_reply node's data.
func (n Node) WaitForReply() (WaitForReply, error) {
	return parseAs(n, TypeWaitForReply, parseWaitForReply)
}

// Condition reads a condition node's data.
func (n Node) Condition() (Condition, error) { return parseAs(n, TypeCondition, parseCondition) }

// UpdatePatient reads an update_patient node's data.
func (n Node) UpdatePatient() (UpdatePatient, error) {
	return parseAs(n, TypeUpdatePatient, parseUpdatePatient)
}

// NotifyStaff reads a notify_staff node's data.
func (n Node) NotifyStaff() (NotifyStaff, error) {
	return parseAs(n, TypeNotifyStaff, parseNotifyStaff)
}

// CallWebhook reads a call_webhook node's data.
func (n Node) CallWebhook() (CallWebhook, error) {
	return parseAs(n, TypeCallWebhook, parseCallWebhook)
}

func parseAs[T any](n Node, nodeType string, parse func(*reader) T) (T, error) {
	var zero T
	var fe errs.Fields
	if n.Type != nodeType {
		fe.AddCode("type", errs.CodeInvalidEnum, "must be "+nodeType)
		return zero, fe.Err()
	}
	v := parse(&reader{data: n.Data, prefix: "data.", fe: &fe})
	if err := fe.Err(); err != nil {
		return zero, err
	}
	return v, nil
}

// checkData records what is wrong with a node's data under prefix.
func checkData(n Node, prefix string, fe *errs.Fields) {
	r := &reader{data: n.Data, prefix: prefix, fe: fe}
	switch n.Type {
	case TypeSendMessage:
		parseSendMessage(r)
	case TypeDelay:
		parseDelay(r)
	case TypeWaitForReply:
		parseWaitForReply(r)
	case TypeCondition:
		parseCondition(r)
	case TypeUpdatePatient:
		parseUpdatePatient(r)
	case TypeNotifyStaff:
		parseNotifyStaff(r)
	case TypeCallWebhook:
		parseCallWebhook(r)
	}
}

func parseSendMessage(r *reader) SendMessage {
	var v SendMessage
	_, hasTemplate := r.get("template_id")
	_, hasMessage := r.get("message")
	switch {
	case hasTemplate && hasMessage:
		r.fail("template_id", errs.CodeMutuallyExclusive, "give either template_id or message, not both")
		r.fail("message", errs.CodeMutuallyExclusive, "give either template_id or message, not both")
	case hasTemplate:
		v.TemplateID, _ = r.text("template_id", MaxTemplateIDLen, false)
	case hasMessage:
		v.Message, _ = r.text("message", MaxMessageLen, true)
	default:
		r.fail("template_id", errs.CodeRequired, "is required when there is no message")
	}
	seen := map[string]bool{}
	order, _ := r.list("channel_order", len(Channels)+1, func(field, c string) bool {
		c = channel(c)
		switch {
		case !r.oneOf(field, c, Channels):
			return false
		case seen[c]:
			r.fail(field, errs.CodeDuplicate, "is listed twice")
			return false
		}
		seen[c] = true
		return true
	})
	for _, c := range order {
		v.ChannelOrder = append(v.ChannelOrder, channel(c))
	}
	return v
}

// channel is a channel name trimmed, lowercased, and "alimtalk" read as "kakao".
func channel(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	if c == "alimtalk" {
		return "kakao"
	}
	return c
}

func parseDelay(r *reader) Delay {
	var v Delay
	_, hasMinutes := r.get("minutes")
	_, hasDays := r.get("days")
	_, hasTime := r.get("time_of_day")
	switch {
	case hasMinutes && (hasDays || hasTime):
		r.fail("minutes", errs.CodeMutuallyExclusive, "give either minutes or days and time_of_day, not both")
	case hasMinutes:
		v.Minutes, _ = r.integer("minutes", 1, MaxDelayMinutes)
	case hasDays || hasTime:
		if !hasDays {
			r.fail("days", errs.CodeRequired, "is required with time_of_day")
		}
		v.Days, _ = r.integer("days", -MaxDelayDays, MaxDelayDays)
		if !hasTime {
			r.fail("time_of_day", errs.CodeRequired, "is required with days")
		} else if s, ok := r.str("time_of_day"); ok {
			if _, _, valid := clock(s); !valid {
				r.fail("time_of_day", errs.CodeInvalidFormat, `must be a time "HH:MM" between 00:00 and 23:59`)
			} else {
				v.TimeOfDay = s
			}
		}
	default:
		r.fail("minutes", errs.CodeRequired, "is required when there are no days and time_of_day")
	}
	return v
}

func parseWaitForReply(r *reader) WaitForReply {
	var v WaitForReply
	if _, present := r.get("timeout_minutes"); !present {
		r.fail("timeout_minutes", errs.CodeRequired, "is required")
	}
	v.TimeoutMinutes, _ = r.integer("timeout_minutes", 1, MaxTimeoutMinutes)
	seen := map[string]bool{}
	v.Intents, _ = r.list("intents", len(Intents), func(field, s string) bool {
		switch {
		case !r.oneOf(field, s, Intents):
			return false
		case seen[s]:
			r.fail(field, errs.CodeDuplicate, "is listed twice")
			return false
		}
		seen[s] = true
		return true
	})
	return v
}

func parseNotifyStaff(r *reader) NotifyStaff {
	if _, present := r.get("message"); !present {
		r.fail("message", errs.CodeRequired, "is required")
		return NotifyStaff{}
	}
	s, _ := r.text("message", MaxNotifyLen, true)
	return NotifyStaff{Message: s}
}
