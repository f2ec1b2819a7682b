package flow

import (
	"slices"
	"strconv"
	"strings"

	"github.com/prima-health/prima/internal/platform/errs"
)

// Condition is a condition node's data: the subject's value (Key names the
// patient field or attribute) compared by Op with Value. Value is a string,
// number or boolean, or a list of them for "in", and nil for "exists". For
// subject "tag", Value is the tag (or, with "in", the tags); a tag given as
// key is read as the value.
type Condition struct {
	Subject string `json:"subject"`
	Key     string `json:"key,omitempty"`
	Op      string `json:"op"`
	Value   any    `json:"value,omitempty"`
}

func parseCondition(r *reader) Condition {
	var c Condition
	var okSubject, okOp bool
	c.Subject, okSubject = r.enum("subject", Subjects)
	c.Op, okOp = r.enum("op", Ops)
	key, _ := r.str("key")
	key = strings.TrimSpace(key)
	if allowed, limited := subjectOps[c.Subject]; okSubject && okOp && limited && !slices.Contains(allowed, c.Op) {
		r.fail("op", errs.CodeNotAllowed, "is not used with subject "+c.Subject+"; use one of "+strings.Join(allowed, ", "))
		okOp = false
	}
	switch c.Subject {
	case SubjectField:
		if key == "" {
			r.fail("key", errs.CodeRequired, "is required")
		} else if r.oneOf("key", key, PatientFields) {
			c.Key = key
		}
	case SubjectAttribute:
		if key == "" {
			r.fail("key", errs.CodeRequired, "is required")
		} else if checkText(r, "key", key, MaxAttributeNameLen, false) {
			c.Key = key
		}
	}
	if !okSubject || !okOp {
		return c
	}
	if c.Subject == SubjectTag {
		c.Value = tagValue(r, c.Op, key)
		return c
	}
	if c.Op == OpExists {
		return c
	}
	v, present := r.get("value")
	if !present {
		r.fail("value", errs.CodeRequired, "is required with op "+c.Op)
		return c
	}
	var allowed []string
	switch c.Subject {
	case SubjectLastReplyIntent:
		allowed = Intents
	case SubjectMessageStatus:
		allowed = MessageStatuses
	}
	switch c.Op {
	case OpIn:
		c.Value = valueList(r, v, allowed)
	case OpGt, OpLt:
		if _, isBool := v.(bool); isBool {
			r.fail("value", errs.CodeInvalidType, "must be a number or a string")
		} else if x, ok := scalar(r, "value", v, false); ok {
			c.Value = x
		}
	default:
		if x, ok := scalar(r, "value", v, false); ok && (allowed == nil || oneOfValue(r, "value", x, allowed)) {
			c.Value = x
		}
	}
	return c
}

// tagValue is the tag (or with "in", the tags) a tag condition names.
func tagValue(r *reader, op, key string) any {
	v, present := r.get("value")
	if op == OpIn {
		if !present {
			r.fail("value", errs.CodeRequired, "is required with op in")
			return nil
		}
		return valueList(r, v, nil)
	}
	if !present {
		if key == "" {
			r.fail("value", errs.CodeRequired, "is required: the tag")
			return nil
		}
		v = key
	}
	s, ok := v.(string)
	if !ok {
		r.fail("value", errs.CodeInvalidType, "must be a string")
		return nil
	}
	if s = strings.TrimSpace(s); !checkText(r, "value", s, MaxTagLen, false) {
		return nil
	}
	return s
}

// valueList reads the list of an "in" condition.
func valueList(r *reader, v any, allowed []string) []any {
	list, ok := asList(v)
	switch {
	case !ok:
		r.fail("value", errs.CodeInvalidType, "must be an array")
		return nil
	case len(list) == 0:
		r.fail("value", errs.CodeRequired, "must name at least one value")
		return nil
	case len(list) > MaxConditionValues:
		r.fail("value", errs.CodeTooMany, "must hold at most "+strconv.Itoa(MaxConditionValues)+" values")
		return nil
	}
	out := make([]any, 0, len(list))
	for i, item := range list {
		field := "value[" + strconv.Itoa(i) + "]"
		if x, ok := scalar(r, field, item, false); ok && (allowed == nil || oneOfValue(r, field, x, allowed)) {
			out = append(out, x)
		}
	}
	return out
}

func oneOfValue(r *reader, field string, v any, allowed []string) bool {
	s, ok := v.(string)
	if !ok {
		r.fail(field, errs.CodeInvalidType, "must be a string")
		return false
	}
	return r.oneOf(field, s, allowed)
}

// enum reads a required string that must be one of allowed.
func (r *reader) enum(key string, allowed []string) (string, bool) {
	if _, present := r.get(key); !present {
		r.fail(key, errs.CodeRequired, "is required")
		return "", false
	}
	s, ok := r.str(key)
	if !ok || !r.oneOf(key, s, allowed) {
		return "", false
	}
	return s, true
}
