package bench

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
)

// dataset describes the generated rows. Every id is computed from its row
// number (a UUIDv7 with the seeding time, a table tag and the row number), so
// nothing is kept in memory and id order follows row order.
//
//   - tenants: tenant 0 (the development sign-in's organisation) holds the
//     bulk of the patients; the others hold TenantSize each.
//   - patients p: consent granted, active, sealed diagnosis, E.164 phone.
//   - reminders r: patient r % patients, daily medication at the local time of
//     t0; all next due t0 + 24 h until makeDue moves the first Due of them to t0.
//   - occurrences k (history): reminder k % reminders, due t0 − (k/reminders + 1)
//     days, confirmed, late or missed, each with its message.
//   - messages i: i < occurrences are those reminder messages (read or
//     delivered); the rest are inbound replies and manual sends.
type dataset struct {
	ms  uint64          // the ids' timestamp
	now time.Time       // when seeding started
	t0  time.Time       // the instant the due reminders are due (a whole minute, before now)
	kr  *crypto.Keyring // seals message bodies as the outbox does

	patients, reminders, messages, occurrences int
	bulk, tenantSize, tenants                  int

	diagnoses, stages, notes []string // sealed values
}

// Table tags inside generated ids.
const (
	tagTenant = iota + 1
	tagPatient
	tagReminder
	tagOccurrence
	tagMessage
)

func newDataset(c Config, kr *crypto.Keyring, now time.Time) (*dataset, error) {
	d := &dataset{ms: uint64(now.UnixMilli()), now: now.UTC(), t0: now.UTC().Truncate(time.Minute),
		patients: c.Patients, reminders: c.Reminders, messages: c.Messages, occurrences: c.Messages * 7 / 10,
		tenantSize: c.TenantSize, kr: kr}
	if d.t0.Equal(d.now) {
		d.t0 = d.t0.Add(-time.Minute)
	}
	d.bulk = max(1, int(float64(c.Patients)*c.BulkShare+0.5))
	d.bulk = min(d.bulk, c.Patients)
	d.tenants = 1 + (c.Patients-d.bulk+c.TenantSize-1)/c.TenantSize
	seal := func(vs ...string) ([]string, error) {
		out := make([]string, len(vs))
		for i, v := range vs {
			s, err := kr.Seal(v)
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	}
	var err error
	if d.diagnoses, err = seal("Kanker payudara", "Kanker serviks", "Kanker paru", "Kanker kolorektal", "Limfoma",
		"Kanker ovarium", "Kanker nasofaring", "Leukemia"); err != nil {
		return nil, err
	}
	if d.stages, err = seal("I", "II", "IIIA", "IV"); err != nil {
		return nil, err
	}
	if d.notes, err = seal("Kontrol rutin setiap bulan.", "Didampingi keluarga.", "Alergi penisilin.", ""); err != nil {
		return nil, err
	}
	return d, nil
}

const inboundBody = "YA, sudah minum obat"

// seal encrypts a message body as the outbox stores it.
func (d *dataset) seal(body string) string {
	s, err := d.kr.Seal(body)
	if err != nil {
		panic(err) // only when the system's random source fails
	}
	return s
}

// id is the row's UUIDv7: the seeding millisecond, the table tag, the row number.
func (d *dataset) id(tag, n int) string {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[0:8], d.ms<<16)
	u[6] = 0x70 | byte(tag>>8)&0x0f
	u[7] = byte(tag)
	binary.BigEndian.PutUint64(u[8:16], uint64(n))
	u[8] = 0x80 | u[8]&0x3f
	return u.String()
}

func (d *dataset) tenantOf(p int) int {
	if p < d.bulk {
		return 0
	}
	return 1 + (p-d.bulk)/d.tenantSize
}

// zoneOf: the bulk tenant and even tenants are in Indonesia, odd ones in Korea.
func (d *dataset) zoneOf(tenant int) (tz, lang, region string) {
	if tenant%2 == 1 {
		return "Asia/Seoul", "ko", "KR"
	}
	return "Asia/Jakarta", "id", "ID"
}

func location(tz string) *time.Location {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return loc
}

var firstNames = []string{"Siti", "Dewi", "Sri", "Nur", "Ani", "Rina", "Wati", "Yuni", "Ratna", "Lestari", "Budi", "Agus",
	"Putri", "Indah", "Fitri", "Maya", "Ayu", "Rini", "Endang", "Sari"}
var lastNames = []string{"Rahmawati", "Susanti", "Wulandari", "Hartono", "Kurniawati", "Setiawan", "Handayani", "Pratiwi",
	"Hidayat", "Saputra", "Lubis", "Siregar", "Nasution", "Wijaya", "Santoso", "Gunawan"}

// load writes every table: tenants and patients first, then reminders and
// messages side by side (PostgreSQL: two connections), then occurrences,
// which refer to reminders.
func (d *dataset) load(ctx context.Context, s sink, progress func(string, time.Duration)) error {
	type step struct {
		name string
		fn   func(context.Context, sink) error
	}
	run := func(st step) error {
		start := time.Now()
		if err := st.fn(ctx, s); err != nil {
			return fmt.Errorf("seed %s: %w", st.name, err)
		}
		progress(st.name, time.Since(start))
		return nil
	}
	stages := [][]step{
		{{"tenants", d.loadTenants}}, {{"patients", d.loadPatients}},
		{{"reminders", d.loadReminders}, {"messages", d.loadMessages}},
		{{"occurrences", d.loadOccurrences}},
	}
	for _, stage := range stages {
		errs := make([]error, len(stage))
		var wg sync.WaitGroup
		for i, st := range stage {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = run(st) }()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	return nil
}

func (d *dataset) loadTenants(ctx context.Context, s sink) error {
	cols := []string{"id", "clerk_org_id", "name", "default_region", "timezone", "created_at", "updated_at", "version",
		"quiet_hours_start", "quiet_hours_end", "channel_order", "default_language"}
	created := d.now.Add(-400 * 24 * time.Hour)
	return s.load(ctx, "tenants", cols, d.tenants, func(t int, row []any) {
		tz, lang, region := d.zoneOf(t)
		org, name := "org_bench_"+strconv.Itoa(t), "Klinik Bench "+strconv.Itoa(t)
		if t == 0 {
			org, name = identity.DevOrgID, "Rumah Sakit Bench"
		}
		// Quiet hours that stay clear of the run: from six to eight hours from now.
		local := d.now.In(location(tz))
		qs, qe := local.Add(6*time.Hour).Format("15:04"), local.Add(8*time.Hour).Format("15:04")
		copy(row, []any{d.id(tagTenant, t), org, name, region, tz, created, created, 1, qs, qe, `["whatsapp","sms"]`, lang})
	})
}

func (d *dataset) phone(p int) string {
	if tz, _, _ := d.zoneOf(d.tenantOf(p)); tz == "Asia/Seoul" {
		return fmt.Sprintf("+8210%08d", p)
	}
	return fmt.Sprintf("+62812%08d", p)
}

func (d *dataset) loadPatients(ctx context.Context, s sink) error {
	cols := []string{"id", "tenant_id", "name", "phone", "birth_date", "gender", "language", "timezone", "diagnosis",
		"cancer_stage", "notes", "tags", "attributes", "external_id", "consent", "consent_at", "consent_source",
		"last_visit_date", "is_active", "created_at", "updated_at", "version"}
	return s.load(ctx, "patients", cols, d.patients, func(p int, row []any) {
		t := d.tenantOf(p)
		tz, lang, _ := d.zoneOf(t)
		created := d.now.Add(-time.Duration(d.patients-p) * 30 * time.Second)
		birth := time.Date(1950+p%45, time.Month(1+p%12), 1+p%28, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		visit := d.now.AddDate(0, 0, -(p % 90)).Format(time.DateOnly)
		copy(row, []any{d.id(tagPatient, p), d.id(tagTenant, t),
			firstNames[p%len(firstNames)] + " " + lastNames[(p/len(firstNames))%len(lastNames)], d.phone(p), birth, "female",
			lang, tz, d.diagnoses[p%len(d.diagnoses)], d.stages[p%len(d.stages)], d.notes[p%len(d.notes)],
			`["onkologi"]`, `{"rm":"` + strconv.Itoa(100000+p) + `"}`, "RM-" + strconv.Itoa(p), "granted", created, "staff",
			visit, true, created, created, 1})
	})
}

func (d *dataset) reminderPatient(r int) int { return r % d.patients }

func (d *dataset) loadReminders(ctx context.Context, s sink) error {
	cols := []string{"id", "tenant_id", "patient_id", "type", "message", "medication", "dose", "schedule",
		"confirmation_window_minutes", "ttl_minutes", "is_active", "next_due_at", "materialized_until",
		"created_at", "updated_at", "version"}
	schedules := map[string]string{}
	for _, tz := range []string{"Asia/Jakarta", "Asia/Seoul"} {
		local := d.t0.In(location(tz))
		schedules[tz] = `{"frequency":"daily","times":["` + local.Format("15:04") + `"],"start_date":"` +
			local.AddDate(0, 0, -60).Format(time.DateOnly) + `"}`
	}
	next := d.t0.Add(24 * time.Hour)
	return s.load(ctx, "reminders", cols, d.reminders, func(r int, row []any) {
		p := d.reminderPatient(r)
		t := d.tenantOf(p)
		tz, _, _ := d.zoneOf(t)
		created := d.now.Add(-time.Duration(d.reminders-r) * 10 * time.Second)
		// A text of its own per reminder, so the fake provider can tell every message apart.
		msg := "Halo {{first_name}}, waktunya minum {{medication}} {{dose}} pukul {{time}}. Balas YA jika sudah. (R" +
			strconv.Itoa(r) + ")"
		copy(row, []any{d.id(tagReminder, r), d.id(tagTenant, t), d.id(tagPatient, p), "medication", msg, "Tamoxifen",
			"20 mg", schedules[tz], 120, 180, true, next, d.t0, created, created, 1})
	})
}

// occurrence k: reminder, due instant and final state.
func (d *dataset) occurrence(k int) (r int, due time.Time, state string) {
	r = k % d.reminders
	due = d.t0.Add(-time.Duration(k/d.reminders+1) * 24 * time.Hour)
	switch h := (k * 7919) % 20; {
	case h < 15:
		state = "confirmed"
	case h < 17:
		state = "late"
	default:
		state = "missed"
	}
	return r, due, state
}

func (d *dataset) loadOccurrences(ctx context.Context, s sink) error {
	cols := []string{"id", "tenant_id", "reminder_id", "patient_id", "reminder_type", "due_at", "confirm_by", "state",
		"message_id", "confirmed_at", "confirmed_by", "created_at", "updated_at"}
	return s.load(ctx, "occurrences", cols, d.occurrences, func(k int, row []any) {
		r, due, state := d.occurrence(k)
		p := d.reminderPatient(r)
		var confirmedAt, confirmedBy any
		switch state {
		case "confirmed":
			confirmedAt, confirmedBy = due.Add(15*time.Minute), "patient"
		case "late":
			confirmedAt, confirmedBy = due.Add(3*time.Hour), "patient"
		}
		copy(row, []any{d.id(tagOccurrence, k), d.id(tagTenant, d.tenantOf(p)), d.id(tagReminder, r), d.id(tagPatient, p),
			"medication", due, due.Add(2 * time.Hour), state, d.id(tagMessage, k), confirmedAt, confirmedBy,
			due, due.Add(2 * time.Hour)})
	})
}

func (d *dataset) loadMessages(ctx context.Context, s sink) error {
	cols := []string{"id", "tenant_id", "patient_id", "direction", "channel", "channel_order", "status", "body", "body_hash", "source",
		"source_id", "provider_message_id", "automated", "priority", "total_attempts", "dedupe_key", "created_at",
		"updated_at", "sent_at", "delivered_at", "read_at"}
	const order = `["whatsapp","sms"]`
	return s.load(ctx, "messages", cols, d.messages, func(i int, row []any) {
		id := d.id(tagMessage, i)
		provider := "3EB0HIST" + strconv.Itoa(i)
		if i < d.occurrences {
			r, due, state := d.occurrence(i)
			p := d.reminderPatient(r)
			sent, delivered := due.Add(2*time.Second), due.Add(5*time.Second)
			status, read, updated := "delivered", any(nil), delivered
			if state != "missed" {
				updated = due.Add(10 * time.Minute)
				status, read = "read", updated
			}
			body := firstNames[p%len(firstNames)] + ", waktunya minum Tamoxifen 20 mg. Balas YA jika sudah. (R" + strconv.Itoa(r) + ")"
			key := "occ:" + d.id(tagReminder, r) + "@" + due.UTC().Format(time.RFC3339Nano)
			copy(row, []any{id, d.id(tagTenant, d.tenantOf(p)), d.id(tagPatient, p), "outbound", "whatsapp", order, status,
				d.seal(body), d.kr.Digest(body), "reminder", d.id(tagOccurrence, i), provider, true, 1, 1, key, due, updated, sent, delivered, read})
			return
		}
		p := i % d.patients
		at := d.now.Add(-time.Hour - time.Duration(i%(29*24*60))*time.Minute)
		tenant := d.id(tagTenant, d.tenantOf(p))
		if i%2 == 0 {
			copy(row, []any{id, tenant, d.id(tagPatient, p), "inbound", "whatsapp", "[]", "received", d.seal(inboundBody),
				d.kr.Digest(inboundBody), "inbound", nil, provider, false, 1, 0, nil, at, at, nil, nil, nil})
			return
		}
		sent := at.Add(time.Second)
		body := "Jangan lupa kontrol minggu depan di poli onkologi. (M" + strconv.Itoa(i) + ")"
		copy(row, []any{id, tenant, d.id(tagPatient, p), "outbound", "whatsapp", order, "delivered",
			d.seal(body), d.kr.Digest(body), "manual", nil, provider, false, 0, 1,
			nil, at, sent, sent, sent.Add(3 * time.Second), nil})
	})
}

// makeDue moves the first n reminders (one per patient while n ≤ patients)
// to be due at t0, materialised up to a minute before it. Their ids are
// consecutive, so one statement does it.
func (d *dataset) makeDue(ctx context.Context, x *db.DB, n int) (int64, error) {
	res := x.Gorm.WithContext(ctx).Exec(`UPDATE reminders SET next_due_at = ?, materialized_until = ?
WHERE id >= ? AND id <= ?`, d.t0, d.t0.Add(-time.Minute), d.id(tagReminder, 0), d.id(tagReminder, n-1))
	return res.RowsAffected, res.Error
}

// analyze refreshes the planner's statistics (and, on PostgreSQL, the
// visibility map), as a database that has been running a while would have.
func analyze(ctx context.Context, x *db.DB) error {
	if x.Dialect == db.Postgres {
		return x.Gorm.WithContext(ctx).Exec("VACUUM ANALYZE tenants, patients, reminders, messages, occurrences, adherence_days").Error
	}
	return x.Gorm.WithContext(ctx).Exec("ANALYZE").Error
}
