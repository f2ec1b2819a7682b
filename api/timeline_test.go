package api

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// timelineItem and timelinePage read the timeline as an integrator would,
// from the JSON alone.
type timelineItem struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	At        time.Time `json:"at"`
	ActorID   *string   `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	MessageID *string   `json:"message_id"`
	Message   *struct {
		Direction string `json:"direction"`
		Channel   string `json:"channel"`
		Status    string `json:"status"`
		Source    string `json:"source"`
	} `json:"message"`
	Occurrence *struct {
		ID              string     `json:"id"`
		ReminderID      string     `json:"reminder_id"`
		Medication      *string    `json:"medication"`
		State           string     `json:"state"`
		DueAt           time.Time  `json:"due_at"`
		ConfirmedAt     *time.Time `json:"confirmed_at"`
		ConfirmedBy     *string    `json:"confirmed_by"`
		ConfirmedByName string     `json:"confirmed_by_name"`
	} `json:"occurrence"`
}

type timelinePage struct {
	Data       []timelineItem `json:"data"`
	NextCursor *string        `json:"next_cursor"`
}

func (a *testApp) timeline(token, patientID, query string) timelinePage {
	a.t.Helper()
	r := a.do("GET", "/api/v1/patients/"+patientID+"/timeline"+query, nil, token)
	a.ok(r, 200)
	var p timelinePage
	r.decode(&p)
	return p
}

// A patient's timeline holds their messages both ways, every reminder
// occurrence with its state and who confirmed it, the confirmations and the
// record's own changes, newest first, walked with a cursor.
func TestPatientTimelineHoldsMessagesOccurrencesAndConfirmations(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		ctx := context.Background()
		a.clock.Set(time.Date(2026, 11, 22, 0, 55, 0, 0, time.UTC)) // 07:55 in Jakarta
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted",
			"assigned_volunteer_id": a.volunteerID})
		// Two doses due at the same instant: the cursor must not lose either.
		tamoxifen := a.createReminderAs(a.admin, medicationBody(p.ID))
		second := medicationBody(p.ID)
		second["medication"], second["message"] = "Letrozole", "Halo {{first_name}}, minum {{medication}} sekarang."
		letrozole := a.createReminderAs(a.admin, second)

		a.clock.Set(time.Date(2026, 11, 22, 1, 0, 30, 0, time.UTC))
		if occ, msg := a.tickReminders(); occ != 2 || msg != 2 {
			t.Fatalf("tick made %d occurrences, %d messages", occ, msg)
		}
		a.clock.Set(time.Date(2026, 11, 22, 1, 30, 0, 0, time.UTC))
		confirmed := a.occurrencesOf(a.admin, tamoxifen.ID)[0]
		a.ok(a.do("POST", "/api/v1/occurrences/"+confirmed.ID+"/confirm", nil, a.volunteer), 200)
		a.clock.Set(time.Date(2026, 11, 22, 1, 31, 0, 0, time.UTC))
		got, err := a.convs().Receive(ctx, conversation.Incoming{Channel: "whatsapp", From: "+6281234567890",
			Body: "YA sudah minum", ProviderID: "wamid-timeline-1", At: a.clock.Now()})
		if err != nil || got.Outcome != conversation.Stored {
			t.Fatalf("inbound: %+v %v", got, err)
		}
		a.clock.Set(time.Date(2026, 11, 22, 1, 40, 0, 0, time.UTC))
		a.ok(a.do("PATCH", "/api/v1/patients/"+p.ID, map[string]any{"name": "Siti R."}, a.admin), 200)
		// The next day: two more doses, never confirmed.
		a.clock.Set(time.Date(2026, 11, 23, 4, 0, 0, 0, time.UTC))
		a.tickReminders()

		r := a.do("GET", "/api/v1/patients/"+p.ID+"/timeline?limit=100", nil, a.admin)
		a.ok(r, 200)
		for _, body := range []string{"minum", "YA sudah"} {
			if strings.Contains(string(r.body), body) {
				t.Fatalf("the timeline carries message bodies (%q): open them through /messages/{id}", body)
			}
		}
		var all timelinePage
		r.decode(&all)
		if all.NextCursor != nil {
			t.Fatalf("one page holds everything, yet next_cursor is %q", *all.NextCursor)
		}
		kinds := map[string]int{}
		for i, it := range all.Data {
			kinds[it.Kind]++
			if i > 0 && it.At.After(all.Data[i-1].At) {
				t.Fatalf("not newest first at %d: %v after %v", i, it.At, all.Data[i-1].At)
			}
		}
		want := map[string]int{"message.outbound": 4, "message.inbound": 1, "occurrence.due": 4, "occurrence.confirmed": 1,
			"patient.updated": 1, "patient.created": 1}
		for k, n := range want {
			if kinds[k] != n {
				t.Fatalf("%d %s items, want %d: %v", kinds[k], k, n, kinds)
			}
		}
		if last := all.Data[len(all.Data)-1]; last.Kind != "patient.created" || last.ActorID == nil || *last.ActorID != a.adminID {
			t.Fatalf("the oldest item is the registration by the admin: %+v", last)
		}

		var sawConfirmedDue, sawConfirmation, sawMissed bool
		for _, it := range all.Data {
			switch it.Kind {
			case "message.outbound", "message.inbound":
				if it.MessageID == nil || *it.MessageID != it.ID || it.Message == nil || it.Message.Channel == "" || it.Message.Status == "" {
					t.Fatalf("message item: %+v", it)
				}
				if it.Kind == "message.inbound" && (it.Message.Direction != "inbound" || it.Message.Source != "inbound" ||
					it.Message.Status != "received" || it.Message.Channel != "whatsapp") {
					t.Fatalf("inbound item: %+v", it.Message)
				}
				if it.Kind == "message.outbound" && (it.Message.Direction != "outbound" || it.Message.Source != "reminder") {
					t.Fatalf("outbound item: %+v", it.Message)
				}
			case "occurrence.due":
				o := it.Occurrence
				if o == nil || it.MessageID == nil || !it.At.Equal(o.DueAt) || o.Medication == nil {
					t.Fatalf("occurrence item: %+v", it)
				}
				if o.ID == confirmed.ID {
					sawConfirmedDue = true
					if o.State != "confirmed" || o.ConfirmedBy == nil || *o.ConfirmedBy != "staff" || o.ConfirmedByName == "" {
						t.Fatalf("confirmed occurrence: %+v", o)
					}
				}
				if o.State == "missed" {
					sawMissed = true
				}
			case "occurrence.confirmed":
				sawConfirmation = true
				o := it.Occurrence
				if o == nil || o.ID != confirmed.ID || o.ConfirmedAt == nil || !it.At.Equal(*o.ConfirmedAt) ||
					it.ActorID == nil || *it.ActorID != a.volunteerID || it.MessageID == nil || *it.MessageID != *confirmed.MessageID {
					t.Fatalf("confirmation item: %+v", it)
				}
			}
		}
		if !sawConfirmedDue || !sawConfirmation || !sawMissed {
			t.Fatalf("confirmed due %v, confirmation %v, missed %v", sawConfirmedDue, sawConfirmation, sawMissed)
		}
		_ = letrozole

		// One item per page: the same items in the same order, none twice.
		var walked []timelineItem
		query := "?limit=1"
		for range 50 {
			page := a.timeline(a.admin, p.ID, query)
			walked = append(walked, page.Data...)
			if page.NextCursor == nil {
				break
			}
			query = "?limit=1&cursor=" + url.QueryEscape(*page.NextCursor)
		}
		if len(walked) != len(all.Data) {
			t.Fatalf("walked %d items, want %d", len(walked), len(all.Data))
		}
		for i := range walked {
			if walked[i].Kind != all.Data[i].Kind || walked[i].ID != all.Data[i].ID {
				t.Fatalf("item %d: walked %s %s, want %s %s", i, walked[i].Kind, walked[i].ID, all.Data[i].Kind, all.Data[i].ID)
			}
		}
		if first := a.timeline(a.admin, p.ID, ""); len(first.Data) != len(all.Data) {
			t.Fatalf("the default page holds %d items", len(first.Data))
		}

		// The assigned volunteer and the developer read it; nobody else does.
		if got := a.timeline(a.volunteer, p.ID, "?limit=100"); len(got.Data) != len(all.Data) {
			t.Fatalf("the volunteer sees %d items", len(got.Data))
		}
		a.timeline(a.developer, p.ID, "?limit=3")
		unassigned := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0813-3456-7890"})
		a.ok(a.do("GET", "/api/v1/patients/"+unassigned.ID+"/timeline", nil, a.volunteer), 404)
		a.ok(a.do("GET", "/api/v1/patients/"+p.ID+"/timeline", nil, a.otherAdmin), 404)

		for _, bad := range []struct{ query, field string }{
			{"?cursor=not-a-cursor", "cursor"}, {"?limit=0", "limit"}, {"?limit=101", "limit"}, {"?limit=ten", "limit"},
		} {
			r := a.do("GET", "/api/v1/patients/"+p.ID+"/timeline"+bad.query, nil, a.admin)
			a.ok(r, 400)
			if f := r.fieldErrors(); len(f) != 1 || f[0] != bad.field {
				t.Fatalf("%s: fields %v", bad.query, f)
			}
		}
	})
}

// The timeline's items decode as JSON objects with every documented key.
func TestPatientTimelineItemKeys(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"})
		r := a.do("GET", "/api/v1/patients/"+p.ID+"/timeline", nil, a.admin)
		a.ok(r, 200)
		var raw struct {
			Data []map[string]json.RawMessage `json:"data"`
		}
		r.decode(&raw)
		if len(raw.Data) != 1 {
			t.Fatalf("a new patient's timeline: %s", r.body)
		}
		for _, k := range []string{"id", "kind", "at", "summary", "changes", "actor_id", "actor_name", "message_id", "message", "occurrence"} {
			if _, ok := raw.Data[0][k]; !ok {
				t.Errorf("item lacks %q: %s", k, r.body)
			}
		}
	})
}
