package flow

import (
	"reflect"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/errs"
)

func node(id, kind string, data map[string]any) Node {
	return Node{ID: id, Type: kind, Data: data}
}

func edge(id, source, target string, handle ...string) Edge {
	e := Edge{ID: id, Source: source, Target: target}
	if len(handle) > 0 {
		e.SourceHandle = &handle[0]
	}
	return e
}

// mustZone loads a time zone or fails the test.
func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return z
}

// hasField reports whether fe names field, with code when code is not "".
func hasField(fe errs.Fields, field, code string) bool {
	for _, f := range fe {
		if f.Field == field && (code == "" || f.Code == code) {
			return true
		}
	}
	return false
}

// postSurgery is trigger → day 1 at 09:00 → check-in → wait 24 h for a reply:
// a confirmation gets "great", any other reply alerts staff, silence gets a
// reminder.
func postSurgery() Graph {
	return Graph{
		Nodes: []Node{
			node("t", TypeTrigger, nil),
			node("d1", TypeDelay, map[string]any{"days": 1.0, "time_of_day": "09:00"}),
			node("s1", TypeSendMessage, map[string]any{"template_id": "tpl-check-in", "channel_order": []any{"whatsapp", "sms"}}),
			node("w1", TypeWaitForReply, map[string]any{"timeout_minutes": 1440.0}),
			node("c1", TypeCondition, map[string]any{"subject": "last_reply_intent", "op": "eq", "value": "confirm"}),
			node("great", TypeSendMessage, map[string]any{"message": "Great, thank you!"}),
			node("alert", TypeNotifyStaff, map[string]any{"message": "Patient did not confirm"}),
			node("remind", TypeSendMessage, map[string]any{"message": "Please tell us how you are."}),
			node("end", TypeEnd, nil),
		},
		Edges: []Edge{
			edge("e1", "t", "d1"),
			edge("e2", "d1", "s1"),
			edge("e3", "s1", "w1"),
			edge("e4", "w1", "c1", "reply"),
			edge("e5", "w1", "remind", "timeout"),
			edge("e6", "c1", "great", "true"),
			edge("e7", "c1", "alert", "false"),
			edge("e8", "great", "end"),
			edge("e9", "alert", "end"),
			edge("e10", "remind", "end"),
		},
	}
}

// clone deep-copies maps, slices and pointers of v (exported fields only;
// time.Time and *time.Location are kept as they are).
func clone[T any](t *testing.T, v T) T {
	t.Helper()
	return deepClone(reflect.ValueOf(v)).Interface().(T)
}

func deepClone(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), deepClone(it.Value()))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(deepClone(v.Index(i)))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(deepClone(v.Elem()))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := deepClone(v.Elem())
		out := reflect.New(v.Type()).Elem()
		out.Set(c)
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := range v.NumField() {
			if out.Field(i).CanSet() {
				out.Field(i).Set(deepClone(v.Field(i)))
			}
		}
		return out
	}
	return v
}
