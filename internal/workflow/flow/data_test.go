package flow

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/prima-health/prima/internal/platform/errs"
)

func TestWholeNumbersComeInAnyNumericType(t *testing.T) {
	for _, v := range []any{90.0, 90, int64(90), json.Number("90"), float32(90), uint8(90)} {
		d, err := node("d", TypeDelay, map[string]any{"minutes": v}).Delay()
		if err != nil || d.Minutes != 90 || d.Calendar() {
			t.Errorf("%T: %+v %v", v, d, err)
		}
	}
	for _, v := range []any{1.5, "90", true, math.NaN(), math.Inf(1), json.Number("x"), []any{90.0}} {
		_, err := node("d", TypeDelay, map[string]any{"minutes": v}).Delay()
		if code := fieldCode(err, "data.minutes"); code != errs.CodeInvalidType {
			t.Errorf("%v: code %q (%v)", v, code, err)
		}
	}
	for _, v := range []any{0.0, -1.0, 1e300, float64(MaxDelayMinutes + 1)} {
		_, err := node("d", TypeDelay, map[string]any{"minutes": v}).Delay()
		if code := fieldCode(err, "data.minutes"); code != errs.CodeOutOfRange {
			t.Errorf("%v: code %q", v, code)
		}
	}
}

func fieldCode(err error, field string) string {
	var ve *errs.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			if f.Field == field {
				return f.Code
			}
		}
	}
	return ""
}

func TestTypedAccessors(t *testing.T) {
	send, err := node("s", TypeSendMessage, map[string]any{"message": "hi", "channel_order": []any{" AlimTalk ", "SMS"}}).SendMessage()
	if err != nil || send.Message != "hi" || !reflect.DeepEqual(send.ChannelOrder, []string{"kakao", "sms"}) {
		t.Fatalf("send %+v %v", send, err)
	}
	d, err := node("d", TypeDelay, map[string]any{"days": -365.0, "time_of_day": "00:00"}).Delay()
	if err != nil || d.Days != -365 || d.TimeOfDay != "00:00" || !d.Calendar() {
		t.Fatalf("delay %+v %v", d, err)
	}
	if _, err := node("d", TypeDelay, map[string]any{"days": 1.0}).Delay(); fieldCode(err, "data.time_of_day") != errs.CodeRequired {
		t.Fatalf("days without time: %v", err)
	}
	w, err := node("w", TypeWaitForReply, map[string]any{"timeout_minutes": 60.0, "intents": []string{"confirm"}}).WaitForReply()
	if err != nil || w.TimeoutMinutes != 60 || !reflect.DeepEqual(w.Intents, []string{"confirm"}) {
		t.Fatalf("wait %+v %v", w, err)
	}
	c, err := node("c", TypeCondition, map[string]any{"subject": "tag", "key": "vip", "op": "exists"}).Condition()
	if err != nil || c.Value != "vip" {
		t.Fatalf("condition %+v %v", c, err)
	}
	c, err = node("c", TypeCondition, map[string]any{"subject": "field", "key": "cancer_stage", "op": "in", "value": []any{"II", 3}}).Condition()
	if err != nil || !reflect.DeepEqual(c.Value, []any{"II", 3.0}) {
		t.Fatalf("condition %+v %v", c, err)
	}
	u, err := node("u", TypeUpdatePatient, map[string]any{
		"add_tags": []any{" vip "}, "set": map[string]any{"notes": nil, "preferred_channel": "SMS", "attributes.stage": "II"},
	}).UpdatePatient()
	if err != nil || u.AddTags[0] != "vip" || !reflect.DeepEqual(u.Set, map[string]any{"notes": nil, "preferred_channel": "sms", "attributes.stage": "II"}) {
		t.Fatalf("update %+v %v", u, err)
	}
	h, err := node("h", TypeCallWebhook, map[string]any{"url": "http://10.0.0.1:8080/x?y=1"}).CallWebhook()
	if err != nil || h.URL != "http://10.0.0.1:8080/x?y=1" || h.Body != nil {
		t.Fatalf("webhook %+v %v", h, err)
	}
	if _, err := node("x", TypeEnd, nil).NotifyStaff(); fieldCode(err, "type") != errs.CodeInvalidEnum {
		t.Fatalf("wrong type: %v", err)
	}
}

func TestDataFieldsWithWrongTypes(t *testing.T) {
	cases := []struct {
		kind  string
		data  map[string]any
		field string
		code  string
	}{
		{TypeSendMessage, map[string]any{"template_id": 7.0}, "data.template_id", errs.CodeInvalidType},
		{TypeSendMessage, map[string]any{"message": "x", "channel_order": "sms"}, "data.channel_order", errs.CodeInvalidType},
		{TypeSendMessage, map[string]any{"message": "x", "channel_order": []any{1.0}}, "data.channel_order[0]", errs.CodeInvalidType},
		{TypeSendMessage, map[string]any{"message": "a\x00b"}, "data.message", errs.CodeInvalidFormat},
		{TypeDelay, map[string]any{"days": 1.0, "time_of_day": 900.0}, "data.time_of_day", errs.CodeInvalidType},
		{TypeDelay, map[string]any{"days": 1.0, "time_of_day": "9:00"}, "data.time_of_day", errs.CodeInvalidFormat},
		{TypeDelay, map[string]any{"days": 1.0, "time_of_day": "+9:00"}, "data.time_of_day", errs.CodeInvalidFormat},
		{TypeWaitForReply, map[string]any{"timeout_minutes": 5.0, "intents": []any{"confirm", "confirm"}}, "data.intents[1]", errs.CodeDuplicate},
		{TypeCondition, map[string]any{"subject": 1.0, "op": "eq"}, "data.subject", errs.CodeInvalidType},
		{TypeCondition, map[string]any{"subject": "field", "key": "language", "op": "gt", "value": true}, "data.value", errs.CodeInvalidType},
		{TypeCondition, map[string]any{"subject": "field", "key": "language", "op": "in", "value": []any{}}, "data.value", errs.CodeRequired},
		{TypeCondition, map[string]any{"subject": "message_status", "op": "in", "value": []any{"read", "lost"}}, "data.value[1]", errs.CodeInvalidEnum},
		{TypeCondition, map[string]any{"subject": "tag", "op": "contains", "value": "x"}, "data.op", errs.CodeNotAllowed},
		{TypeUpdatePatient, map[string]any{"set": []any{}}, "data.set", errs.CodeInvalidType},
		{TypeUpdatePatient, map[string]any{"set": map[string]any{"language": nil}}, "data.set.language", errs.CodeRequired},
		{TypeUpdatePatient, map[string]any{"set": map[string]any{"attributes.x": []any{}}}, "data.set.attributes.x", errs.CodeInvalidType},
		{TypeUpdatePatient, map[string]any{"add_tags": []any{""}}, "data.add_tags[0]", errs.CodeRequired},
		{TypeCallWebhook, map[string]any{"url": "https://user:pw@example.org"}, "data.url", errs.CodeInvalidFormat},
		{TypeCallWebhook, map[string]any{"url": "https://example.org", "body": map[string]any{"f": func() {}}}, "data.body", errs.CodeInvalidType},
	}
	for _, c := range cases {
		var fe errs.Fields
		checkData(node("n", c.kind, c.data), "data.", &fe)
		if !hasField(fe, c.field, c.code) {
			t.Errorf("%s %v: want %s %s, got %+v", c.kind, c.data, c.field, c.code, fe)
		}
	}
}
