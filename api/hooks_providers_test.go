package api

import (
	"fmt"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

const (
	gowaSecret = "gowa-webhook-secret-for-tests"
	nhnSig     = "nhn-static-signature"
)

func hookApp(t *testing.T, d *db.DB) *testApp {
	return newTestApp(t, d, func(c *config.Config) { c.GOWA.WebhookSecret = gowaSecret; c.NHNWebhookSignature = nhnSig })
}

// sentMessage makes an outbound message that went out on channel with the provider id.
func (a *testApp) sentMessage(patientID, channel, providerID string, order string) string {
	a.t.Helper()
	var tenantID string
	a.db.Gorm.Raw("SELECT tenant_id FROM patients WHERE id = ?", patientID).Scan(&tenantID)
	id := fmt.Sprintf("0193a5b2-7c1e-7d3a-9f10-%012d", time.Now().UnixNano()%1_000_000_000_000)
	now := time.Now().UTC()
	err := a.db.Gorm.Exec(`INSERT INTO messages (id, tenant_id, patient_id, direction, channel, channel_order, channel_index, status, body, source,
		provider_message_id, sent_at, created_at, updated_at, version) VALUES (?, ?, ?, 'outbound', ?, ?, 0, 'sent', 'Halo', 'manual', ?, ?, ?, ?, 1)`,
		id, tenantID, patientID, channel, order, providerID, now, now, now).Error
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

func (a *testApp) status(id string) string {
	var s string
	a.db.Gorm.Raw("SELECT status FROM messages WHERE id = ?", id).Scan(&s)
	return s
}

func TestGOWAReceiptsAndIncomingMessages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		var p Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Budi", "phone": "0812-3456-7890", "consent": "granted"}, a.admin).decode(&p)
		id := a.sentMessage(p.ID, "whatsapp", "3EB0B430B6F8F1D0E053", `["whatsapp"]`)

		body := fakeprovider.GOWAAckEvent([]string{"3EB0B430B6F8F1D0E053"}, "+6281234567890", "delivered", time.Now())
		bad := fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", "wrong-secret", body)
		if r := a.send(bad); r.code != 401 || r.problem().Code != CodeInvalidSig {
			t.Fatalf("bad signature: %d %s", r.code, r.body)
		}
		if a.status(id) != "sent" {
			t.Fatal("a refused webhook changed the message")
		}
		a.ok(a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, body)), 200)
		if a.status(id) != "delivered" {
			t.Fatalf("delivered receipt: %s", a.status(id))
		}
		read := fakeprovider.GOWAAckEvent([]string{"3EB0B430B6F8F1D0E053"}, "+6281234567890", "read", time.Now())
		a.ok(a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, read)), 200)
		if a.status(id) != "read" {
			t.Fatalf("read receipt: %s", a.status(id))
		}

		in := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{ID: "3EB0C127", From: "+6281234567890", Body: "Sudah minum obat"})
		a.ok(a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, in)), 200)
		a.ok(a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, in)), 200) // GOWA retries
		echo := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: "+6281234567890", Body: "echo", IsFromMe: true})
		a.ok(a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, echo)), 200)
		stranger := fakeprovider.GOWAMessageEvent(fakeprovider.WAIncoming{From: "+6289999999999", Body: "siapa ini?"})
		a.ok(a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, stranger)), 200)
		var n int64
		d.Gorm.Raw("SELECT count(*) FROM messages WHERE direction = 'inbound'").Scan(&n)
		if n != 1 {
			t.Fatalf("exactly one inbound message stored, got %d", n)
		}
		var list MessageList
		a.do("GET", "/api/v1/messages?direction=inbound", nil, a.admin).decode(&list)
		if len(list.Data) != 1 || list.Data[0].Status != "received" {
			t.Fatalf("inbound message in the log: %+v", list.Data)
		}
	})
}

func TestNHNResultsMoveMessagesAndNeedTheSignature(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := hookApp(t, d)
		var p Patient
		a.do("POST", "/api/v1/patients", map[string]any{"name": "Kim", "phone": "+82 10-2345-6789", "consent": "granted"}, a.admin).decode(&p)
		delivered := a.sentMessage(p.ID, "sms", "20180810100630ReZQ6KZzAH0:1", `["sms"]`)
		failing := a.sentMessage(p.ID, "kakao", "2026112201:1", `["kakao","sms"]`)

		body := fakeprovider.NHNSMSResultHook(fakeprovider.NHNResult{RequestID: "20180810100630ReZQ6KZzAH0", RecipientSeq: 1,
			RecipientNo: "01023456789", MessageStatus: "COMPLETED", ResultCode: "1000"})
		if r := a.send(fakeprovider.NHNHookRequest("/api/v1/hooks/nhn", "nope", body)); r.code != 401 {
			t.Fatalf("wrong signature: %d", r.code)
		}
		a.ok(a.send(fakeprovider.NHNHookRequest("/api/v1/hooks/nhn", nhnSig, body)), 200)
		if a.status(delivered) != "delivered" {
			t.Fatalf("sms result: %s", a.status(delivered))
		}
		kakao := fakeprovider.NHNAlimTalkResultHook(fakeprovider.NHNResult{RequestID: "2026112201", RecipientSeq: 1,
			RecipientNo: "01023456789", ResultCode: "3018"})
		a.ok(a.send(fakeprovider.NHNHookRequest("/api/v1/hooks/nhn", nhnSig, kakao)), 200)
		var ch, st string
		if err := d.Gorm.Raw("SELECT channel, status FROM messages WHERE id = ?", failing).Row().Scan(&ch, &st); err != nil {
			t.Fatal(err)
		}
		if ch != "sms" || st != "queued" {
			t.Fatalf("an undelivered AlimTalk moves to SMS: %s %s", ch, st)
		}
	})
}
