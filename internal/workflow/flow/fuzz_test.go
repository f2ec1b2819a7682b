package flow

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzValidate feeds arbitrary JSON to Validate and drives whatever graph it
// decodes through Advance: neither may panic, and a graph Validate accepts
// never fails for a structural reason.
func FuzzValidate(f *testing.F) {
	seed, _ := json.Marshal(postSurgery())
	f.Add(seed)
	f.Add([]byte(`{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"days":1e308,"time_of_day":"99:99"}}],"edges":[{"id":"e","source":"t","target":"d","source_handle":"x"}]}`))
	f.Add([]byte(`{"nodes":[{"id":"t","type":"trigger"},{"id":"c","type":"condition","data":{"subject":"tag","op":"in","value":[{},null,[1]]}}],"edges":[{"id":"e","source":"t","target":"c"},{"id":"e2","source":"c","target":"c","source_handle":"true"}]}`))
	f.Add([]byte(`{"nodes":[{"id":"t","type":"trigger","data":null},{"id":"u","type":"update_patient","data":{"set":{"attributes.":null,"language":7}}}],"edges":null}`))
	f.Add([]byte(`{"nodes":null,"edges":[{"id":"","source":"","target":""}]}`))
	zone, _ := time.LoadLocation("America/New_York")
	f.Fuzz(func(t *testing.T, data []byte) {
		var g Graph
		if json.Unmarshal(data, &g) != nil {
			return
		}
		valid := len(Validate(g)) == 0
		env := Env{Day0: time.Date(2026, 3, 7, 12, 0, 0, 0, zone), Zone: zone,
			Patient: Patient{Tags: []string{"a"}, Fields: map[string]any{"language": "id"}}}
		at := time.Date(2026, 3, 7, 17, 0, 0, 0, time.UTC)
		st, _, log := Advance(g, State{}, Event{Kind: EventStart, At: at}, env)
		for range 20 {
			if Final(st.Status) {
				break
			}
			at = at.Add(time.Hour)
			if st.NextRunAt != nil {
				at = *st.NextRunAt
			}
			for _, ev := range []Event{{Kind: EventTimer, At: at}, {Kind: EventReply, At: at, Intent: "confirm"},
				{Kind: EventWebhookResult, At: at, StatusCode: 500, Response: string(data)}} {
				var more []StepRecord
				st, _, more = Advance(g, st, ev, env)
				log = append(log, more...)
			}
		}
		if st.Steps > MaxSteps {
			t.Fatalf("%d steps", st.Steps)
		}
		if valid {
			for _, s := range log {
				if s.Status == StepFailed && s.Type != TypeCallWebhook && s.Detail != "step limit" {
					t.Fatalf("a valid graph failed: %+v", s)
				}
			}
		}
	})
}
