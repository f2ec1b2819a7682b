package outbox

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// countingLookups counts the tenant policy reads of the dispatcher.
type countingLookups struct {
	Lookups
	policies atomic.Int64
}

func (c *countingLookups) Policy(ctx context.Context, tenantID string) (TenantPolicy, error) {
	c.policies.Add(1)
	return c.Lookups.Policy(ctx, tenantID)
}

// tenantWithDevice adds a tenant with its own GOWA device (none when device
// is empty) and one consenting patient of it with phone.
func (f *fixture) tenantWithDevice(device, phone string) (tenantID, patientID string) {
	f.t.Helper()
	tenantID, patientID = ids.New(), ids.New()
	now := f.clock.Now()
	var dev any
	if device != "" {
		dev = device
	}
	must(f.t, f.db.Gorm.Exec(`INSERT INTO tenants (id, clerk_org_id, name, default_region, timezone, gowa_device_id, created_at, updated_at, version)
		VALUES (?, ?, 'Klinik', 'ID', 'Asia/Jakarta', ?, ?, ?, 1)`, tenantID, "org_"+tenantID, dev, now, now).Error)
	must(f.t, f.db.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
		VALUES (?, ?, 'Siti', ?, 'id', 'Asia/Jakarta', 'granted', ?, ?, ?, 1)`, patientID, tenantID, phone, true, now, now).Error)
	return tenantID, patientID
}

func TestEachTenantSendsFromItsOwnWhatsAppDevice(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		wa := fakeprovider.NewGOWA(t)
		wa.Devices = []string{"default-dev", "6281111111111@s.whatsapp.net", "clinic-b"}
		reg, err := providers.New(providers.Config{GOWA: config.GOWAConfig{APIURL: wa.URL, BasicAuth: wa.BasicAuth, DeviceID: "default-dev"}})
		must(t, err)
		f.disp.channels = NewRegistryChannels(reg, nil)
		counting := &countingLookups{Lookups: f.disp.lookups}
		f.disp.lookups = counting

		tenantA, patientA := f.tenantWithDevice("6281111111111@s.whatsapp.net", "+6281200000001")
		tenantB, patientB := f.tenantWithDevice("clinic-b", "+6281200000002")
		tenantC, patientC := f.tenantWithDevice("", "+6281200000003")
		want := map[string]string{"+6281200000001": "6281111111111@s.whatsapp.net", "+6281200000002": "clinic-b", "+6281200000003": "default-dev"}
		var msgs []Message
		for i, tp := range [][2]string{{tenantA, patientA}, {tenantB, patientB}, {tenantC, patientC}, {tenantA, patientA}, {tenantB, patientB}} {
			m, err := f.outbox.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: tp[0], PatientID: tp[1], Body: fmt.Sprintf("Waktunya minum obat (%d)", i),
				Source: SourceManual, ChannelOrder: []string{"whatsapp"}})
			must(t, err)
			msgs = append(msgs, m)
		}

		if st := f.drain(); st.Sent != len(msgs) {
			t.Fatalf("drain: %+v", st)
		}
		for _, m := range msgs {
			if got, _ := f.load(m.ID); got.Status != StatusSent {
				t.Fatalf("message %s: %+v", m.ID, got)
			}
		}
		reqs := wa.Requests()
		if len(reqs) != len(msgs) {
			t.Fatalf("GOWA got %d requests, want %d", len(reqs), len(msgs))
		}
		for _, r := range reqs {
			if r.DeviceID != want[r.Phone] {
				t.Errorf("message to %s went out from device %q, want %q", r.Phone, r.DeviceID, want[r.Phone])
			}
		}
		// One batch, three tenants: one policy read per tenant, none per message.
		if n := counting.policies.Load(); n != 3 {
			t.Fatalf("policy reads = %d, want 3 (one per tenant of the batch)", n)
		}

		// A tenant that clears its device falls back to the default.
		must(t, d.Gorm.Exec(`UPDATE tenants SET gowa_device_id = NULL WHERE id = ?`, tenantA).Error)
		m, err := f.outbox.Enqueue(context.Background(), d.Gorm, NewMessage{TenantID: tenantA, PatientID: patientA, Body: "Halo",
			Source: SourceManual, ChannelOrder: []string{"whatsapp"}})
		must(t, err)
		f.drain()
		if got, _ := f.load(m.ID); got.Status != StatusSent {
			t.Fatalf("after clearing: %+v", got)
		}
		if last := wa.Requests()[len(msgs)]; last.DeviceID != "default-dev" {
			t.Fatalf("after clearing the device: X-Device-Id = %q", last.DeviceID)
		}
	})
}

func TestPolicyReadsTheTenantsAccount(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		lk := NewDBLookups(d)
		p, err := lk.Policy(context.Background(), f.tenantID)
		must(t, err)
		if p.Account != (TenantPolicy{}).Account || p.Timezone != "Asia/Jakarta" {
			t.Fatalf("a tenant without an account: %+v", p)
		}
		must(t, d.Gorm.Exec(`UPDATE tenants SET gowa_device_id = 'dev-1', sms_sender = '0212345678', kakao_sender_key = 'abc123' WHERE id = ?`, f.tenantID).Error)
		p, err = lk.Policy(context.Background(), f.tenantID)
		must(t, err)
		if p.Account.WhatsAppDeviceID != "dev-1" || p.Account.SMSSender != "0212345678" || p.Account.KakaoSenderKey != "abc123" ||
			p.QuietStart != "21:00" {
			t.Fatalf("account: %+v", p)
		}
	})
}
