package flow

import (
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Eval reports whether the condition holds for env. Strings compare without
// regard to case; a number and a numeric string compare as numbers; gt and lt
// compare numbers, or else strings (ISO dates order correctly). A value that
// is missing is not equal to anything, is in nothing and contains nothing.
func (c Condition) Eval(env Env) bool {
	if c.Subject == SubjectTag {
		return evalTag(c, env.Patient.Tags)
	}
	var subject any
	switch c.Subject {
	case SubjectField:
		subject = normalize(env.Patient.Fields[c.Key])
	case SubjectAttribute:
		subject = normalize(env.Patient.Attributes[c.Key])
	case SubjectLastReplyIntent:
		subject = env.LastReplyIntent
	case SubjectMessageStatus:
		subject = env.LastMessageStatus
	default:
		return false
	}
	return compare(c.Op, subject, normalize(c.Value))
}

func evalTag(c Condition, tags []string) bool {
	has := func(v any) bool {
		t, ok := v.(string)
		for _, x := range tags {
			if ok && strings.EqualFold(strings.TrimSpace(x), t) {
				return true
			}
		}
		return false
	}
	switch c.Op {
	case OpEq, OpExists:
		return has(c.Value)
	case OpNeq:
		return !has(c.Value)
	case OpIn:
		list, _ := asList(c.Value)
		for _, t := range list {
			if has(t) {
				return true
			}
		}
	}
	return false
}

func compare(op string, subject, value any) bool {
	switch op {
	case OpExists:
		return present(subject)
	case OpEq:
		return equal(subject, value)
	case OpNeq:
		return !equal(subject, value)
	case OpIn:
		list, _ := asList(value)
		for _, v := range list {
			if matchAny(subject, normalize(v)) {
				return true
			}
		}
	case OpContains:
		if s, ok := subject.(string); ok {
			v, isText := text(value)
			return isText && strings.Contains(strings.ToLower(s), strings.ToLower(v))
		}
		return matchAny(subject, value)
	case OpGt:
		return less(value, subject)
	case OpLt:
		return less(subject, value)
	}
	return false
}

// matchAny is equal(subject, value), or for a list subject, whether any item equals value.
func matchAny(subject, value any) bool {
	if list, ok := asList(subject); ok {
		for _, item := range list {
			if equal(normalize(item), value) {
				return true
			}
		}
		return false
	}
	return equal(subject, value)
}

func present(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(x) != ""
	case []any:
		return len(x) > 0
	}
	return true
}

func equal(a, b any) bool {
	if a == nil || b == nil {
		return false
	}
	if x, y, ok := numbers(a, b); ok {
		return x == y
	}
	s, aText := text(a)
	t, bText := text(b)
	return aText && bText && strings.EqualFold(s, t)
}

func less(a, b any) bool {
	if a == nil || b == nil {
		return false
	}
	if x, y, ok := numbers(a, b); ok {
		return x < y
	}
	s, aStr := a.(string)
	t, bStr := b.(string)
	return aStr && bStr && s < t
}

// numbers reads a and b as numbers when both are, or one is and the other a numeric string.
func numbers(a, b any) (x, y float64, ok bool) {
	x, aNum := number(a)
	y, bNum := number(b)
	switch {
	case aNum && bNum:
		return x, y, true
	case aNum:
		y, bNum = numericString(b)
	case bNum:
		x, aNum = numericString(a)
	}
	return x, y, aNum && bNum
}

func numericString(v any) (float64, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, false
	}
	return number(f)
}

// text is a scalar as a string: strings as they are, numbers and booleans written out.
func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	}
	if f, ok := number(v); ok {
		return strconv.FormatFloat(f, 'f', -1, 64), true
	}
	return "", false
}

// normalize turns a patient value into a JSON-like one: pointers are followed
// (nil is missing), numbers become float64, times become "2006-01-02" at
// midnight and RFC 3339 otherwise, and slices become []any.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, string, bool, float64, []any:
		return v
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.RFC3339)
	}
	if f, ok := number(v); ok {
		return f
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return normalize(rv.Elem().Interface())
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = normalize(rv.Index(i).Interface())
		}
		return out
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return v
}
