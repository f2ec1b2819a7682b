package api

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/user"
)

// testChannels are the channels the test server has providers for.
var testChannels = []string{"whatsapp", "sms", "log"}

// testMessagingServices wires the message log and the settings the way cmd/prima does.
func testMessagingServices(d *db.DB, c clock.Clock) (*messaging.Service, *user.SettingsService) {
	ob := outbox.NewOutbox(d, c, testChannels, outbox.NewDBLookups(d))
	return messaging.NewService(d, ob, c, nil), user.NewSettingsService(d, c, testChannels)
}

// insertFailedMessage stores a message to the patient that failed on WhatsApp
// and then on SMS, with its two attempts, and returns its id.
func (a *testApp) insertFailedMessage(patientID string) string {
	a.t.Helper()
	var tenantID string
	a.db.Gorm.Raw("SELECT tenant_id FROM patients WHERE id = ?", patientID).Scan(&tenantID)
	id, now := ids.New(), a.clock.Now().UTC()
	exec := func(sql string, args ...any) {
		if err := a.db.Gorm.Exec(sql, args...).Error; err != nil {
			a.t.Fatal(err)
		}
	}
	exec(`INSERT INTO messages (id, tenant_id, patient_id, direction, channel, channel_order, channel_index, status, body, source,
		error_code, error_message, channel_attempts, total_attempts, failed_at, created_at, updated_at, version)
		VALUES (?, ?, ?, 'outbound', 'sms', ?, 1, 'failed', 'Waktunya kontrol', 'reminder', 'INVALID_NUMBER', 'the number was refused',
		1, 2, ?, ?, ?, 1)`, id, tenantID, patientID, `["whatsapp","sms"]`, now, now.Add(-time.Minute), now)
	for i, ch := range []string{"whatsapp", "sms"} {
		exec(`INSERT INTO message_attempts (id, message_id, tenant_id, attempt_no, channel, status, error_code, started_at, finished_at)
			VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, ?)`, ids.New(), id, tenantID, i+1, ch, ch+"_ERROR", now.Add(-time.Minute), now)
	}
	return id
}

func (a *testApp) messageCount(tenantToken string) int64 {
	a.t.Helper()
	r := a.do("GET", "/api/v1/messages?per_page=1", nil, tenantToken)
	a.ok(r, 200)
	var list MessageList
	r.decode(&list)
	return list.Total
}

func TestMessagesSendListDetailRetryAndStats(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.clock.Set(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)) // 10:00 in Jakarta
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890", "consent": "granted"})
		mine := a.createPatientAs(a.admin, map[string]any{"name": "Budi", "phone": "0812-3456-7891", "consent": "granted",
			"assigned_volunteer_id": a.volunteerID})

		// Send one message now: 201 with the queued message, on the tenant's order.
		r := a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Halo Bu Siti, jangan lupa kontrol."}, a.admin)
		a.ok(r, 201)
		var raw map[string]any
		r.decode(&raw)
		for _, k := range []string{"id", "patient_id", "patient_name", "direction", "channel", "status", "skip_reason", "body", "source",
			"source_id", "provider_message_id", "automated", "ai_generated", "error_code", "error_message", "attempts",
			"created_at", "sent_at", "delivered_at", "read_at", "failed_at"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("%s missing from the message", k)
			}
		}
		var sent MessageDetail
		r.decode(&sent)
		if sent.Status != "queued" || sent.Source != "manual" || sent.Direction != "outbound" || *sent.PatientName != "Siti Rahmawati" ||
			sent.Channel != "whatsapp" || !slices.Equal(sent.ChannelOrder, []string{"whatsapp", "sms"}) || len(sent.Attempts) != 0 ||
			sent.CreatedBy == nil || *sent.CreatedBy != a.adminID || sent.ToPhone != nil {
			t.Fatalf("sent: %+v", sent)
		}
		r = a.do("POST", "/api/v1/messages", map[string]any{"patient_id": mine.ID, "body": "Halo Pak Budi", "channel_order": []string{"sms"}},
			a.volunteer)
		a.ok(r, 201)
		var own MessageDetail
		r.decode(&own)
		if own.Channel != "sms" || !slices.Equal(own.ChannelOrder, []string{"sms"}) {
			t.Fatalf("volunteer's send: %+v", own)
		}

		// Detail: the failover trail in order.
		failed := a.insertFailedMessage(p.ID)
		r = a.do("GET", "/api/v1/messages/"+failed, nil, a.developer)
		a.ok(r, 200)
		var detail MessageDetail
		r.decode(&detail)
		if detail.Status != "failed" || detail.ErrorCode == nil || *detail.ErrorCode != "INVALID_NUMBER" || len(detail.Attempts) != 2 ||
			detail.Attempts[0].Channel != "whatsapp" || detail.Attempts[1].Channel != "sms" || detail.Attempts[1].AttemptNo != 2 ||
			*detail.Attempts[0].ErrorCode != "whatsapp_ERROR" {
			t.Fatalf("detail: %+v", detail)
		}

		// The list: newest first, without attempts, filtered and scoped.
		list := func(query, token string) MessageList {
			t.Helper()
			r := a.do("GET", "/api/v1/messages"+query, nil, token)
			a.ok(r, 200)
			if bytes.Contains(r.body, []byte(`"attempts"`)) {
				t.Fatalf("the list carries no attempts: %s", r.body)
			}
			var l MessageList
			r.decode(&l)
			return l
		}
		l := list("", a.admin)
		if l.Total != 3 || l.Data[0].ID != own.ID || l.Data[2].ID != failed || l.PerPage != 50 {
			t.Fatalf("list: %+v", l)
		}
		if l = list("?status=failed", a.admin); l.Total != 1 || l.Data[0].ID != failed {
			t.Fatalf("status filter: %+v", l)
		}
		if l = list("?patient_id="+p.ID+"&channel=whatsapp", a.admin); l.Total != 1 || l.Data[0].ID != sent.ID {
			t.Fatalf("patient and channel filter: %+v", l)
		}
		if l = list("?search=BUDI", a.admin); l.Total != 1 || l.Data[0].ID != own.ID {
			t.Fatalf("search: %+v", l)
		}
		if l = list("?sort=created_at&per_page=1&page=2", a.admin); l.Total != 3 || len(l.Data) != 1 || l.Data[0].ID != sent.ID {
			t.Fatalf("paging: %+v", l)
		}
		from := a.clock.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		if l = list("?from="+from, a.admin); l.Total != 0 {
			t.Fatalf("from filter: %+v", l)
		}
		if l = list("", a.volunteer); l.Total != 1 || l.Data[0].ID != own.ID {
			t.Fatalf("a volunteer sees their patients' messages only: %+v", l)
		}
		if a.messageCount(a.otherAdmin) != 0 {
			t.Fatal("another tenant sees nothing")
		}

		// Retry: the volunteer may not touch another patient's message; the admin may.
		var res RetryMessagesResult
		r = a.do("POST", "/api/v1/messages/retry", map[string]any{"ids": []string{failed}}, a.volunteer)
		a.ok(r, 200)
		if r.decode(&res); res.Retried != 0 {
			t.Fatalf("volunteer retried %d", res.Retried)
		}
		r = a.do("POST", "/api/v1/messages/retry", map[string]any{"filter": map[string]any{"status": "failed", "channel": "sms"}}, a.admin)
		a.ok(r, 200)
		if r.decode(&res); res.Retried != 1 {
			t.Fatalf("admin retried %d", res.Retried)
		}
		r = a.do("GET", "/api/v1/messages/"+failed, nil, a.admin)
		a.ok(r, 200)
		r.decode(&detail)
		if detail.Status != "queued" || detail.Channel != "whatsapp" || detail.FailedAt != nil || detail.ErrorCode != nil ||
			len(detail.Attempts) != 2 || detail.NextAttemptAt == nil {
			t.Fatalf("after retry: %+v", detail)
		}
		r = a.do("POST", "/api/v1/messages/retry", map[string]any{"ids": []string{failed}}, a.admin)
		a.ok(r, 200)
		if r.decode(&res); res.Retried != 0 {
			t.Fatal("a queued message is not retried again")
		}

		// Stats: today in the tenant's zone, every day listed.
		r = a.do("GET", "/api/v1/messages/stats", nil, a.admin)
		a.ok(r, 200)
		var st MessageStats
		r.decode(&st)
		today := a.clock.Now().In(mustZone(t, "Asia/Jakarta")).Format("2006-01-02")
		if len(st.Days) != 14 || st.To != today || st.Timezone != "Asia/Jakarta" || st.Days[13].Total != 3 ||
			st.Totals.Total != 3 || st.Totals.ByStatus["queued"] != 3 || st.Days[0].Counts == nil || st.DeliveryRate != nil ||
			st.Attempted != 1 || st.FailedOver != 1 || st.FailoverRate == nil || *st.FailoverRate != 1 {
			t.Fatalf("stats: %s", r.body)
		}
		r = a.do("GET", "/api/v1/messages/stats?from="+today+"&to="+today+"&timezone=UTC", nil, a.volunteer)
		a.ok(r, 200)
		r.decode(&st)
		if len(st.Days) != 1 || st.Timezone != "UTC" || st.Totals.Total > 1 {
			t.Fatalf("volunteer stats: %s", r.body)
		}
	})
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSendMessageIsIdempotent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"})
		body := map[string]any{"patient_id": p.ID, "body": "Sekali saja"}
		first := a.do("POST", "/api/v1/messages", body, a.admin, "Idempotency-Key", "send-once")
		a.ok(first, 201)
		again := a.do("POST", "/api/v1/messages", body, a.admin, "Idempotency-Key", "send-once")
		a.ok(again, 201)
		if !bytes.Equal(first.body, again.body) || again.hdr.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %s / %s", first.body, again.body)
		}
		if n := a.messageCount(a.admin); n != 1 {
			t.Fatalf("one message, not %d", n)
		}
		a.ok(a.do("POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "Lain"}, a.admin, "Idempotency-Key", "send-once"), 422)

		// Without a key, the same text within the duplicate window is recorded as skipped, not sent twice.
		r := a.do("POST", "/api/v1/messages", body, a.admin)
		a.ok(r, 201)
		var dup MessageDetail
		r.decode(&dup)
		if dup.Status != "skipped" || dup.SkipReason == nil || *dup.SkipReason != "duplicate" {
			t.Fatalf("duplicate: %+v", dup)
		}
	})
}

func TestMessagesRejectBadInputRolesAndOtherTenants(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"})
		theirs := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Other", "phone": "0812-3456-7899", "consent": "granted"})
		theirMsg := a.insertFailedMessage(theirs.ID)
		msg := a.insertFailedMessage(p.ID)
		cases := []struct {
			name, method, path string
			body               any
			token              string
			code               int
			fields             []string
		}{
			{"missing fields", "POST", "/api/v1/messages", `{}`, a.admin, 400, []string{"body", "patient_id"}},
			{"wrong type", "POST", "/api/v1/messages", `{"patient_id":5,"body":"x"}`, a.admin, 400, []string{"patient_id"}},
			{"wrong order type", "POST", "/api/v1/messages", `{"patient_id":"` + p.ID + `","body":"x","channel_order":"sms"}`, a.admin, 400, []string{"channel_order"}},
			{"unknown fields", "POST", "/api/v1/messages", `{"patient_id":"` + p.ID + `","body":"x","priority":0,"to":"x"}`, a.admin, 400, []string{"priority", "to"}},
			{"bad channel", "POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "x", "channel_order": []string{"sms", "pigeon"}}, a.admin, 400, []string{"channel_order[1]"}},
			{"body too long", "POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": strings.Repeat("a", 4097)}, a.admin, 400, []string{"body"}},
			{"oversize", "POST", "/api/v1/messages", `{"patient_id":"x","body":"` + strings.Repeat("a", 2<<20) + `"}`, a.admin, 413, nil},
			{"not json", "POST", "/api/v1/messages", `patient_id=x`, a.admin, 400, []string{"body"}},
			{"other tenant's patient", "POST", "/api/v1/messages", map[string]any{"patient_id": theirs.ID, "body": "x"}, a.admin, 404, nil},
			{"unknown patient", "POST", "/api/v1/messages", map[string]any{"patient_id": ids.New(), "body": "x"}, a.admin, 404, nil},
			{"volunteer sends to another's patient", "POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "x"}, a.volunteer, 404, nil},
			{"developer sends", "POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "x"}, a.developer, 403, nil},
			{"pending sends", "POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": "x"}, a.pending, 403, nil},
			{"pending lists", "GET", "/api/v1/messages", nil, a.pending, 403, nil},
			{"no token", "GET", "/api/v1/messages", nil, "", 401, nil},
			{"bad filters", "GET", "/api/v1/messages?status=lost&channel=fax&direction=up&source=x&sort=body", nil, a.admin, 400,
				[]string{"channel", "status", "direction", "source", "sort"}},
			{"bad times", "GET", "/api/v1/messages?from=yesterday&to=2026-13-01", nil, a.admin, 400, []string{"from", "to"}},
			{"bad paging", "GET", "/api/v1/messages?per_page=500", nil, a.admin, 400, []string{"per_page"}},
			{"bad patient filter", "GET", "/api/v1/messages?patient_id=123", nil, a.admin, 400, []string{"patient_id"}},
			{"other tenant's message", "GET", "/api/v1/messages/" + theirMsg, nil, a.admin, 404, nil},
			{"malformed id", "GET", "/api/v1/messages/123", nil, a.admin, 404, nil},
			{"volunteer reads another's patient's message", "GET", "/api/v1/messages/" + msg, nil, a.volunteer, 404, nil},
			{"bad stats dates", "GET", "/api/v1/messages/stats?from=22-11-2026", nil, a.admin, 400, []string{"from"}},
			{"reversed stats range", "GET", "/api/v1/messages/stats?from=2026-11-22&to=2026-11-01", nil, a.admin, 400, []string{"from"}},
			{"bad stats zone", "GET", "/api/v1/messages/stats?timezone=Nowhere/City", nil, a.admin, 400, []string{"timezone"}},
			{"retry nothing", "POST", "/api/v1/messages/retry", `{}`, a.admin, 400, []string{"ids"}},
			{"retry both", "POST", "/api/v1/messages/retry", map[string]any{"ids": []string{msg}, "filter": map[string]any{}}, a.admin, 400, []string{"ids"}},
			{"retry bad ids", "POST", "/api/v1/messages/retry", map[string]any{"ids": []string{"x", msg}}, a.admin, 400, []string{"ids[0]"}},
			{"retry ids wrong type", "POST", "/api/v1/messages/retry", `{"ids":"all"}`, a.admin, 400, []string{"ids"}},
			{"retry null filter", "POST", "/api/v1/messages/retry", `{"filter":null}`, a.admin, 400, []string{"filter"}},
			{"retry sent messages", "POST", "/api/v1/messages/retry", map[string]any{"filter": map[string]any{"status": "sent"}}, a.admin, 400, []string{"filter.status"}},
			{"retry bad filter time", "POST", "/api/v1/messages/retry", map[string]any{"filter": map[string]any{"from": "today"}}, a.admin, 400, []string{"filter.from"}},
			{"retry unknown filter field", "POST", "/api/v1/messages/retry", `{"filter":{"colour":"red"}}`, a.admin, 400, []string{"colour"}},
			{"retry oversize", "POST", "/api/v1/messages/retry", `{"ids":["` + strings.Repeat("a", 2<<20) + `"]}`, a.admin, 413, nil},
			{"developer retries", "POST", "/api/v1/messages/retry", map[string]any{"ids": []string{msg}}, a.developer, 403, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do(c.method, c.path, c.body, c.token)
				a.ok(r, c.code)
				r.problem()
				if got := r.fieldErrors(); len(c.fields) > 0 {
					for _, f := range c.fields {
						if !slices.Contains(got, f) {
							t.Errorf("want a field error for %s, got %v", f, got)
						}
					}
				}
			})
		}
		// The other tenant's failed message was not touched by anything above.
		r := a.do("GET", "/api/v1/messages/"+theirMsg, nil, a.otherAdmin)
		a.ok(r, 200)
		var m MessageDetail
		r.decode(&m)
		if m.Status != "failed" {
			t.Fatalf("other tenant's message: %+v", m)
		}
		if n := a.messageCount(a.admin); n != 1 {
			t.Fatalf("rejected requests write nothing: %d messages", n)
		}
	})
}
