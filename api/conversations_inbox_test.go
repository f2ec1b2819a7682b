package api

import (
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// A phone two clinics registered: its words reach one clinic only — the one
// whose message it answered, else the one that last wrote to it.
func TestAPatientsWordsReachOneTenantOnly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		pa := a.createPatientAs(a.admin, map[string]any{"name": "Siti A", "phone": "0812-3456-7890", "consent": "granted"})
		pb := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Siti B", "phone": "0812-3456-7890", "consent": "granted"})
		a.sentMessage(pa.ID, "whatsapp", "3EB0FROMA", `["whatsapp"]`)
		a.clock.Advance(time.Minute)
		a.sentMessage(pb.ID, "whatsapp", "3EB0FROMB", `["whatsapp"]`)
		// Replying to clinic A's message: clinic A, though B wrote last.
		a.ok(a.inbound(patientPhone, "iya dok", func(m *fakeprovider.WAIncoming) { m.RepliedToID = "3EB0FROMA" }), 200)
		// A plain message: the clinic that wrote last (B).
		a.ok(a.inbound(patientPhone, "pertanyaan lain"), 200)
		byTenant := func(token string) int {
			var in MessageList
			a.do("GET", "/api/v1/messages?direction=inbound", nil, token).decode(&in)
			return len(in.Data)
		}
		if byTenant(a.admin) != 1 || byTenant(a.otherAdmin) != 1 {
			t.Fatalf("clinic A sees %d, clinic B sees %d inbound messages; want 1 each", byTenant(a.admin), byTenant(a.otherAdmin))
		}
		var in MessageList
		a.do("GET", "/api/v1/messages?direction=inbound", nil, a.admin).decode(&in)
		if in.Data[0].Body != "iya dok" || in.Data[0].RepliedToMessageID == nil {
			t.Fatalf("clinic A got %+v", in.Data[0])
		}
		// A clinic with its own device gets what arrives on it, and nothing from the shared one.
		if err := d.Gorm.Exec("UPDATE tenants SET gowa_device_id = '6281111@s.whatsapp.net' WHERE id = (SELECT tenant_id FROM patients WHERE id = ?)", pa.ID).Error; err != nil {
			t.Fatal(err)
		}
		a.ok(a.inbound(patientPhone, "lewat nomor klinik A", func(m *fakeprovider.WAIncoming) { m.DeviceID = "6281111@s.whatsapp.net" }), 200)
		a.ok(a.inbound(patientPhone, "lewat nomor bersama", func(m *fakeprovider.WAIncoming) { m.RepliedToID = "3EB0FROMA" }), 200)
		if byTenant(a.admin) != 2 || byTenant(a.otherAdmin) != 2 {
			t.Fatalf("with a device of its own: clinic A %d, clinic B %d; want 2 each", byTenant(a.admin), byTenant(a.otherAdmin))
		}
	})
}

// A phone that is nobody's patient is recorded for admins, without its
// text, and answered at most once a day with no patient data.
func TestUnknownSendersAreRecordedAndAnsweredOnceADay(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		const stranger = "+6289999999999"
		dev := func(m *fakeprovider.WAIncoming) { m.DeviceID = "62800@s.whatsapp.net" }
		if err := d.Gorm.Exec("UPDATE tenants SET gowa_device_id = '62800@s.whatsapp.net' WHERE id = (SELECT tenant_id FROM users WHERE id = ?)", a.adminID).Error; err != nil {
			t.Fatal(err)
		}
		for range 3 {
			r := a.inbound(stranger, "siapa ini? rahasia saya")
			a.ok(r, 200)
		}
		var list UnknownSenderList
		a.do("GET", "/api/v1/unknown-senders", nil, a.admin).decode(&list)
		if len(list.Data) != 0 {
			t.Fatalf("messages on the shared device were filed under a tenant: %+v", list.Data)
		}
		for range 3 {
			a.ok(a.inbound(stranger, "siapa ini? rahasia saya", dev), 200)
		}
		a.do("GET", "/api/v1/unknown-senders", nil, a.admin).decode(&list)
		if len(list.Data) != 1 || list.Data[0].Phone != stranger || list.Data[0].MessageCount != 3 {
			t.Fatalf("unknown senders: %+v", list.Data)
		}
		a.ok(a.do("GET", "/api/v1/unknown-senders", nil, a.volunteer), 403)
		var answers []string
		d.Gorm.Raw("SELECT id FROM messages WHERE to_phone = ? AND source = 'auto_reply'", stranger).Scan(&answers)
		if len(answers) != 1 {
			t.Fatalf("%d generic answers, want 1", len(answers))
		}
		if n := a.count("SELECT count(*) FROM messages WHERE direction = 'inbound'"); n != 0 {
			t.Fatalf("an unknown sender's text was stored (%d)", n)
		}
		a.clock.Advance(25 * time.Hour)
		a.ok(a.inbound(stranger, "halo?", dev), 200)
		d.Gorm.Raw("SELECT id FROM messages WHERE to_phone = ? AND source = 'auto_reply'", stranger).Scan(&answers)
		if len(answers) != 2 {
			t.Fatalf("the next day: %d generic answers, want 2", len(answers))
		}
	})
}

// A patient created with consent pending gets one consent request; YA
// grants, TIDAK declines; nothing else is sent before consent.
func TestConsentIsRequestedOnceAndAnswered(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-7890"})
		q := a.createPatientAs(a.admin, map[string]any{"name": "Budi Santoso", "phone": "0813-1111-2222"})
		for range 2 { // the tick's sweep asks nobody twice
			if _, err := a.convs().RequestConsents(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range []string{p.ID, q.ID} {
			if n := a.count("SELECT count(*) FROM messages WHERE patient_id = ? AND source = 'consent'", id); n != 1 {
				t.Fatalf("%d consent requests, want 1", n)
			}
		}
		a.ok(a.inbound(patientPhone, "Ya"), 200)
		a.ok(a.inbound("+6281311112222", "TIDAK"), 200)
		a.process()
		consent := func(id string) string {
			var got Patient
			a.do("GET", "/api/v1/patients/"+id, nil, a.admin).decode(&got)
			return got.Consent
		}
		if consent(p.ID) != "granted" || consent(q.ID) != "declined" {
			t.Fatalf("consent after YA / TIDAK: %s / %s", consent(p.ID), consent(q.ID))
		}
		if r := a.autoReplies(q.ID); len(r) != 1 { // only the request itself
			t.Fatalf("after TIDAK the patient got %q", r)
		}
		if r := a.autoReplies(p.ID); len(r) != 2 || !strings.Contains(r[1], "STOP") {
			t.Fatalf("after YA the patient got %q", r)
		}
	})
}

// The inbox: urgent first, then unread, then the rest; reading clears
// unread; staff reply and resolve; volunteers see their own patients; other
// tenants see nothing; developers only read.
func TestTheInboxOrdersRepliesAndResolves(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		quiet := a.createPatientAs(a.admin, map[string]any{"name": "Ani Quiet", "phone": "0812-0000-0001", "consent": "granted"})
		unread := a.createPatientAs(a.admin, map[string]any{"name": "Budi Unread", "phone": "0812-0000-0002", "consent": "granted",
			"assigned_volunteer_id": a.volunteerID})
		urgent := a.createPatientAs(a.admin, map[string]any{"name": "Citra Urgent", "phone": "0812-0000-0003", "consent": "granted"})
		a.ok(a.inbound("+6281200000001", "halo"), 200)
		a.clock.Advance(time.Minute)
		a.ok(a.inbound("+6281200000003", "nyeri dada dan sesak napas"), 200)
		a.clock.Advance(time.Minute)
		a.ok(a.inbound("+6281200000002", "kapan jadwal kontrol saya?"), 200)
		a.process()
		a.ok(a.do("GET", "/api/v1/conversations/"+quiet.ID, nil, a.admin), 200) // read: no longer unread
		var list ConversationList
		a.do("GET", "/api/v1/conversations", nil, a.admin).decode(&list)
		order := []string{}
		for _, c := range list.Data {
			order = append(order, c.PatientName)
		}
		if strings.Join(order, ",") != "Citra Urgent,Budi Unread,Ani Quiet" || list.Total != 3 {
			t.Fatalf("inbox order: %v (total %d)", order, list.Total)
		}
		if p := list.Data[1].LastInboundPreview; p == nil || *p != "kapan jadwal kontrol saya?" {
			t.Fatalf("preview: %v", p)
		}
		var counts ConversationCounts
		a.do("GET", "/api/v1/conversations/counts", nil, a.admin).decode(&counts)
		if counts.Urgent != 1 || counts.Unread != 2 {
			t.Fatalf("badge: %+v", counts)
		}
		// The volunteer sees only Budi; another tenant sees nothing and cannot open a thread.
		a.do("GET", "/api/v1/conversations", nil, a.volunteer).decode(&list)
		if len(list.Data) != 1 || list.Data[0].PatientID != unread.ID {
			t.Fatalf("the volunteer's inbox: %+v", list.Data)
		}
		a.ok(a.do("GET", "/api/v1/conversations/"+urgent.ID, nil, a.volunteer), 404)
		a.ok(a.do("GET", "/api/v1/conversations/"+urgent.ID, nil, a.otherAdmin), 404)
		a.do("GET", "/api/v1/conversations", nil, a.otherAdmin).decode(&list)
		if len(list.Data) != 0 {
			t.Fatalf("another tenant's inbox: %+v", list.Data)
		}
		// The thread has both directions, oldest first.
		var th ConversationThread
		a.do("GET", "/api/v1/conversations/"+unread.ID, nil, a.volunteer).decode(&th)
		if len(th.Messages) != 2 || th.Messages[0].Direction != "inbound" || th.Messages[1].Direction != "outbound" ||
			th.Conversation.UnreadCount != 0 {
			t.Fatalf("thread: %+v", th)
		}
		// Reply: queued, and automated answers pause while staff handle it.
		a.ok(a.do("POST", "/api/v1/conversations/"+unread.ID+"/reply", map[string]any{"body": "Jadwal kontrol Anda Senin depan."}, a.developer), 403)
		r := a.do("POST", "/api/v1/conversations/"+unread.ID+"/reply", map[string]any{"body": "Jadwal kontrol Anda Senin depan."}, a.volunteer)
		a.ok(r, 201)
		var sent Message
		r.decode(&sent)
		if sent.Status != "queued" || sent.Source != "manual" || sent.Automated {
			t.Fatalf("the reply: %+v", sent)
		}
		before := len(a.autoReplies(unread.ID))
		a.ok(a.inbound("+6281200000002", "oke makasih"), 200)
		a.process()
		if after := len(a.autoReplies(unread.ID)); after != before {
			t.Fatalf("an automated answer went out while staff were handling the conversation")
		}
		// Bad input.
		for _, body := range []any{map[string]any{}, map[string]any{"body": 5}, map[string]any{"body": "  "},
			map[string]any{"body": strings.Repeat("x", 4097)}, map[string]any{"body": "hi", "extra": 1}, map[string]any{"body": "a\x00b"}} {
			if r := a.do("POST", "/api/v1/conversations/"+unread.ID+"/reply", body, a.admin); r.code != 400 {
				t.Fatalf("reply %v: %d %s", body, r.code, r.body)
			}
		}
		a.ok(a.do("POST", "/api/v1/conversations/"+unread.ID+"/reply", map[string]any{"body": "hi"}, a.otherAdmin), 404)
		a.ok(a.do("GET", "/api/v1/conversations?sort=name", nil, a.admin), 400)
		a.ok(a.do("GET", "/api/v1/conversations?flag=red", nil, a.admin), 400)
		// Resolve clears the flag and moves it down.
		r = a.do("POST", "/api/v1/conversations/"+urgent.ID+"/resolve", nil, a.admin)
		a.ok(r, 200)
		var res Conversation
		r.decode(&res)
		if res.Status != "resolved" || res.Flag != nil || res.UnreadCount != 0 {
			t.Fatalf("resolved: %+v", res)
		}
		a.do("GET", "/api/v1/conversations/counts", nil, a.admin).decode(&counts)
		if counts.Urgent != 0 {
			t.Fatalf("badge after resolving: %+v", counts)
		}
	})
}

// NHN's 080 unsubscribe revokes consent (source "unsubscribe") for that phone
// in every tenant, once, and nothing is sent in answer.
func TestCarrierUnsubscribeRevokesConsent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		a.clock.Set(morning)
		kim := a.createPatientAs(a.admin, map[string]any{"name": "Kim Mi-young", "phone": "+82 10-2345-6789", "consent": "granted"})
		kimB := a.createPatientAs(a.otherAdmin, map[string]any{"name": "Kim Mi-young", "phone": "+82 10-2345-6789", "consent": "granted"})
		other := a.createPatientAs(a.admin, map[string]any{"name": "Park", "phone": "+82 10-9999-0000", "consent": "granted"})
		body := fakeprovider.NHNUnsubscribeHook("01023456789", "08012341234", time.Now())
		for range 2 {
			a.ok(a.send(fakeprovider.NHNHookRequest("/api/v1/hooks/nhn", nhnSig, body)), 200)
		}
		for _, c := range []struct {
			token, id, want string
		}{{a.admin, kim.ID, "revoked"}, {a.otherAdmin, kimB.ID, "revoked"}, {a.admin, other.ID, "granted"}} {
			var got Patient
			a.do("GET", "/api/v1/patients/"+c.id, nil, c.token).decode(&got)
			if got.Consent != c.want || (c.want == "revoked" && (got.ConsentSource == nil || *got.ConsentSource != "unsubscribe")) {
				t.Fatalf("%s: consent %s from %v, want %s", got.Name, got.Consent, got.ConsentSource, c.want)
			}
		}
		if n := a.count("SELECT count(*) FROM audit_events WHERE action = 'patient.consent'"); n != 2 {
			t.Fatalf("%d consent changes audited, want 2", n)
		}
		if n := a.count("SELECT count(*) FROM messages WHERE direction = 'outbound'"); n != 0 {
			t.Fatalf("%d messages sent in answer to an unsubscribe", n)
		}
	})
}
