package flow

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/platform/errs"
)

// reader reads typed values out of a node's data map and records what is
// wrong under prefix + key (such as "graph.nodes[n1].data.minutes").
type reader struct {
	data   map[string]any
	prefix string
	fe     *errs.Fields
}

// fail records a problem with key, or with the data as a whole when key is "".
func (r *reader) fail(key, code, message string) {
	if key == "" {
		r.fe.AddCode(strings.TrimSuffix(r.prefix, "."), code, message)
		return
	}
	r.fe.AddCode(r.prefix+key, code, message)
}

// get is the value of key; a JSON null counts as absent.
func (r *reader) get(key string) (any, bool) {
	v, ok := r.data[key]
	return v, ok && v != nil
}

// str reads an optional string. ok is false when the key is absent or wrong.
func (r *reader) str(key string) (s string, ok bool) {
	v, present := r.get(key)
	if !present {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(key, errs.CodeInvalidType, "must be a string")
		return "", false
	}
	return s, true
}

// text reads a string that, when present, must be non-blank plain text of at
// most maxLen characters (line breaks allowed when multiline).
func (r *reader) text(key string, maxLen int, multiline bool) (string, bool) {
	s, ok := r.str(key)
	if !ok {
		return "", false
	}
	return s, checkText(r, key, s, maxLen, multiline)
}

func checkText(r *reader, key, s string, maxLen int, multiline bool) bool {
	switch {
	case strings.TrimSpace(s) == "":
		r.fail(key, errs.CodeRequired, "is required")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(c rune) bool { return isControl(c, multiline) }):
		r.fail(key, errs.CodeInvalidFormat, "must be plain text without control characters")
	case utf8.RuneCountInString(s) > maxLen:
		r.fail(key, errs.CodeTooLong, "must be at most "+strconv.Itoa(maxLen)+" characters")
	default:
		return true
	}
	return false
}

func isControl(c rune, multiline bool) bool {
	if multiline && (c == '\n' || c == '\r' || c == '\t') {
		return false
	}
	return c < 0x20 || c == 0x7f
}

// integer reads an optional whole number between lo and hi.
func (r *reader) integer(key string, lo, hi int) (int, bool) {
	v, present := r.get(key)
	if !present {
		return 0, false
	}
	f, isNum := number(v)
	switch {
	case !isNum || f != math.Trunc(f):
		r.fail(key, errs.CodeInvalidType, "must be a whole number")
	case f < float64(lo) || f > float64(hi):
		r.fail(key, errs.CodeOutOfRange, "must be between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi))
	default:
		return int(f), true
	}
	return 0, false
}

// list reads an optional array of strings of at most maxItems, each checked by item.
func (r *reader) list(key string, maxItems int, item func(field, s string) bool) ([]string, bool) {
	v, present := r.get(key)
	if !present {
		return nil, false
	}
	raw, ok := asList(v)
	if !ok {
		r.fail(key, errs.CodeInvalidType, "must be an array")
		return nil, false
	}
	if len(raw) > maxItems {
		r.fail(key, errs.CodeTooMany, "must hold at most "+strconv.Itoa(maxItems)+" items")
		return nil, false
	}
	out := make([]string, 0, len(raw))
	good := true
	for i, x := range raw {
		field := key + "[" + strconv.Itoa(i) + "]"
		s, isStr := x.(string)
		switch {
		case !isStr:
			r.fail(field, errs.CodeInvalidType, "must be a string")
			good = false
		case !item(field, s):
			good = false
		default:
			out = append(out, s)
		}
	}
	return out, good
}

// oneOf reports whether s is in allowed, recording an enum error when not.
func (r *reader) oneOf(field, s string, allowed []string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	r.fail(field, errs.CodeInvalidEnum, "must be one of "+strings.Join(allowed, ", "))
	return false
}

// number is v as a finite float64 when v is a JSON number (or a Go integer).
func number(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case float32:
		f = float64(n)
	case int:
		f = float64(n)
	case int8:
		f = float64(n)
	case int16:
		f = float64(n)
	case int32:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint:
		f = float64(n)
	case uint8:
		f = float64(n)
	case uint16:
		f = float64(n)
	case uint32:
		f = float64(n)
	case uint64:
		f = float64(n)
	case json.Number:
		x, err := n.Float64()
		if err != nil {
			return 0, false
		}
		f = x
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// asList is v as a []any when it is a JSON array (or a Go []string).
func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// clock parses "HH:MM" on a 24-hour clock.
func clock(s string) (hour, minute int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
	}
	hour = int(s[0]-'0')*10 + int(s[1]-'0')
	minute = int(s[3]-'0')*10 + int(s[4]-'0')
	return hour, minute, hour <= 23 && minute <= 59
}
