package patient_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
)

func fullInput(e *env) patient.Input {
	return patient.Input{
		Name: "  Siti Rahma  ", Phone: "0812-3456-7890", Email: ptr("siti@example.org"), BirthDate: ptr("1970-01-31"),
		Gender: ptr("female"), Language: ptr("id"), Timezone: ptr("Asia/Makassar"), Diagnosis: ptr("Breast cancer"),
		CancerStage: ptr("IIA"), Notes: ptr("Prefers afternoon calls"), Tags: []string{" kemo ", "Kemo", "tamoxifen", ""},
		Attributes: json.RawMessage(`{"emr": {"mrn": "A-17"}, "bpjs": true}`), ExternalID: ptr("EMR-1"),
		AssignedVolunteerID: ptr(e.vol1.UserID), Consent: ptr("granted"), PreferredChannel: ptr("whatsapp"),
		QuietHours: &patient.QuietHours{Start: "21:00", End: "07:00"}, LastVisitDate: ptr("2026-11-01"),
		LastSurgeryDate: ptr("2026-10-15"), PhotoURL: ptr("https://cdn.example.org/p/1.jpg"),
	}
}

func TestCreateGetRoundTrip(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		created := e.create(t, e.admin, fullInput(e))
		if !ids.Valid(created.ID) || created.Version != 1 || !created.CreatedAt.Equal(t0) {
			t.Fatalf("created: id %q version %d created_at %v", created.ID, created.Version, created.CreatedAt)
		}
		got, err := e.svc.Get(ctx, e.admin, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		checks := []struct {
			name      string
			got, want any
		}{
			{"name", got.Name, "Siti Rahma"},
			{"phone", got.Phone, "+6281234567890"},
			{"email", *got.Email, "siti@example.org"},
			{"birth_date", got.BirthDate, patient.Date("1970-01-31")},
			{"gender", *got.Gender, "female"},
			{"language", got.Language, "id"},
			{"timezone", got.Timezone, "Asia/Makassar"},
			{"diagnosis", got.Diagnosis, "Breast cancer"},
			{"cancer_stage", got.CancerStage, "IIA"},
			{"notes", got.Notes, "Prefers afternoon calls"},
			{"tags", []string(got.Tags), []string{"kemo", "tamoxifen"}},
			{"external_id", *got.ExternalID, "EMR-1"},
			{"assigned_volunteer_id", *got.AssignedVolunteerID, e.vol1.UserID},
			{"consent", got.Consent, "granted"},
			{"consent_source", *got.ConsentSource, "staff"},
			{"preferred_channel", *got.PreferredChannel, "whatsapp"},
			{"quiet_hours", *got.QuietHours(), patient.QuietHours{Start: "21:00", End: "07:00"}},
			{"last_visit_date", got.LastVisitDate, patient.Date("2026-11-01")},
			{"last_surgery_date", got.LastSurgeryDate, patient.Date("2026-10-15")},
			{"photo_url", *got.PhotoURL, "https://cdn.example.org/p/1.jpg"},
			{"is_active", got.IsActive, true},
			{"version", got.Version, 1},
		}
		for _, c := range checks {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
			}
		}
		if got.ConsentAt == nil || !got.ConsentAt.Equal(t0) {
			t.Errorf("consent_at: got %v, want %v", got.ConsentAt, t0)
		}
		if !got.CreatedAt.Equal(created.CreatedAt) || !got.UpdatedAt.Equal(created.UpdatedAt) {
			t.Errorf("times differ: created %v/%v, read %v/%v", created.CreatedAt, created.UpdatedAt, got.CreatedAt, got.UpdatedAt)
		}
		var attrs map[string]any
		if err := json.Unmarshal(got.Attributes, &attrs); err != nil {
			t.Fatalf("attributes %s: %v", got.Attributes, err)
		}
		if attrs["bpjs"] != true || attrs["emr"].(map[string]any)["mrn"] != "A-17" {
			t.Errorf("attributes: got %s", got.Attributes)
		}
	})
}

func TestCreateDefaults(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(t, e.admin, patient.Input{Name: "Budi", Phone: "081234567891"})
		if p.Language != "id" || p.Timezone != "Asia/Jakarta" || p.Consent != "pending" || p.ConsentAt != nil ||
			p.ConsentSource != nil || !p.IsActive || len(p.Tags) != 0 || string(p.Attributes) != "{}" || p.AssignedVolunteerID != nil {
			t.Errorf("defaults in an Indonesian tenant: %+v", p)
		}
		k := e.create(t, e.adminB, patient.Input{Name: "김민준", Phone: "010-1234-5678"})
		if k.Language != "ko" || k.Timezone != "Asia/Seoul" || k.Phone != "+821012345678" {
			t.Errorf("defaults in a Korean tenant: language %q timezone %q phone %q", k.Language, k.Timezone, k.Phone)
		}
		// A Korean number in an Indonesian clinic speaks Korean by default.
		k2 := e.create(t, e.admin, patient.Input{Name: "Lee", Phone: "+82 10 9876 5432"})
		if k2.Language != "ko" || k2.Timezone != "Asia/Jakarta" {
			t.Errorf("Korean phone in Indonesian tenant: language %q timezone %q", k2.Language, k2.Timezone)
		}
		got, err := e.svc.Get(context.Background(), e.admin, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != nil || got.BirthDate != "" || got.Gender != nil || got.QuietHours() != nil || got.Tags == nil {
			t.Errorf("unset fields should read back empty: %+v", got)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		tooMany := make([]string, 21)
		for i := range tooMany {
			tooMany[i] = "t" + string(rune('a'+i))
		}
		_, err := e.svc.Create(ctx, e.admin, patient.Input{
			Name: strings.Repeat("x", 201), Phone: "12345", Email: ptr("not-an-email"), BirthDate: ptr("2999-01-01"),
			Gender: ptr("unknown"), Language: ptr("fr"), Timezone: ptr("Mars/Olympus"), Consent: ptr("maybe"),
			PreferredChannel: ptr("telegram"), QuietHours: &patient.QuietHours{Start: "25:00", End: "7"},
			Tags: tooMany, Attributes: json.RawMessage(`[1,2]`), AssignedVolunteerID: ptr(e.pendingID),
			PhotoURL: ptr("javascript:alert(1)"), LastVisitDate: ptr("2026-13-01"), CancerStage: ptr(strings.Repeat("4", 51)),
		})
		wantFields(t, err, "name", "phone", "email", "birth_date", "gender", "language", "timezone", "consent",
			"preferred_channel", "quiet_hours.start", "quiet_hours.end", "tags", "attributes", "assigned_volunteer_id",
			"photo_url", "last_visit_date", "cancer_stage")
		_, err = e.svc.Create(ctx, e.admin, patient.Input{Name: " ", Phone: ""})
		wantFields(t, err, "name", "phone")
		_, err = e.svc.Create(ctx, e.admin, patient.Input{Name: "A", Phone: "0812-3456-7890",
			Tags: []string{strings.Repeat("t", 51)}, Attributes: json.RawMessage(`{"a":"` + strings.Repeat("x", 16<<10) + `"}`),
			AssignedVolunteerID: ptr("not-a-uuid"), QuietHours: &patient.QuietHours{Start: "07:00", End: "07:00"}})
		wantFields(t, err, "tags", "attributes", "assigned_volunteer_id", "quiet_hours")
		// Another tenant's user cannot hold this tenant's patients.
		_, err = e.svc.Create(ctx, e.admin, patient.Input{Name: "A", Phone: "0812-3456-7890", AssignedVolunteerID: ptr(e.adminB.UserID)})
		wantFields(t, err, "assigned_volunteer_id")
		if n := e.countPatients(t, e.tenantA); n != 0 {
			t.Errorf("rejected creates wrote %d patients", n)
		}
		// The error message never echoes the phone number.
		_, err = e.svc.Create(ctx, e.admin, patient.Input{Name: "A", Phone: "0899-0000"})
		if err == nil || strings.Contains(err.Error(), "0899") {
			t.Errorf("phone error %v", err)
		}
	})
}

func TestUpdate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.create(t, e.admin, fullInput(e))
		e.clock.Advance(time.Hour)

		up, err := e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Name: ptr("Siti R."), Phone: ptr("+62 812 0000 1111"),
			Consent: ptr("revoked"), Clear: []string{"email", "quiet_hours", "tags", "diagnosis"}, Version: ptr(1)})
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.Name != "Siti R." || up.Phone != "+6281200001111" || up.Email != nil || up.QuietHours() != nil ||
			len(up.Tags) != 0 || up.Diagnosis != "" || up.Consent != "revoked" || !up.ConsentAt.Equal(t0.Add(time.Hour)) ||
			!up.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("after update: %+v", up)
		}
		got, err := e.svc.Get(ctx, e.admin, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Name != "Siti R." || got.Email != nil || got.Diagnosis != "" || got.Notes != "Prefers afternoon calls" ||
			!got.UpdatedAt.Equal(t0.Add(time.Hour)) || got.Consent != "revoked" {
			t.Errorf("read after update: %+v", got)
		}

		// Stale version: 409 whether or not the patch is valid.
		_, err = e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Name: ptr("X"), Version: ptr(1)})
		wantIs(t, err, errs.ErrConflict)

		// A patch that changes nothing writes nothing.
		same, err := e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Name: ptr("Siti R."), Version: ptr(2)})
		if err != nil || same.Version != 2 {
			t.Fatalf("no-op patch: version %d, %v", same.Version, err)
		}

		// Invalid values and null on a required field are field errors.
		_, err = e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Phone: ptr("abc"), Gender: ptr("x"), Clear: []string{"name", "timezone", "bogus"}})
		wantFields(t, err, "phone", "gender", "name", "timezone", "bogus")

		// Audit: the update lists field names, never values.
		var upd *audit.Event
		for _, ev := range e.events(t, e.tenantA) {
			if ev.Action == audit.ActionPatientUpdate {
				upd = &ev
			}
		}
		if upd == nil {
			t.Fatal("no patient.update event")
		}
		changes := upd.ChangeList()
		for _, f := range []string{"name", "phone", "email", "quiet_hours", "tags", "diagnosis", "consent", "consent_at"} {
			if !slices.Contains(changes, f) {
				t.Errorf("update event changes %v lack %q", changes, f)
			}
		}
		if strings.Contains(upd.Changes, "Siti") || strings.Contains(upd.Changes, "6281") {
			t.Errorf("audit changes hold values: %s", upd.Changes)
		}
	})
}

func TestExternalIDUnique(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.create(t, e.admin, patient.Input{Name: "A", Phone: "081234567890", ExternalID: ptr("EMR-9")})
		_, err := e.svc.Create(ctx, e.admin, patient.Input{Name: "B", Phone: "081234567891", ExternalID: ptr("EMR-9")})
		wantIs(t, err, errs.ErrConflict)
		// Another tenant may use the same external id.
		e.create(t, e.adminB, patient.Input{Name: "C", Phone: "010-1234-5678", ExternalID: ptr("EMR-9")})
		// Updating another patient to it conflicts too.
		q := e.create(t, e.admin, patient.Input{Name: "D", Phone: "081234567892"})
		_, err = e.svc.Update(ctx, e.admin, q.ID, patient.Patch{ExternalID: ptr("EMR-9")})
		wantIs(t, err, errs.ErrConflict)
		// Keeping its own external id is no conflict.
		if _, err := e.svc.Update(ctx, e.admin, p.ID, patient.Patch{ExternalID: ptr("EMR-9"), Name: ptr("A2")}); err != nil {
			t.Fatal(err)
		}
		// The database index catches a race the pre-check missed.
		st := patient.NewStore(d)
		raced, _ := st.Get(ctx, e.tenantA, q.ID)
		raced.ID, raced.ExternalID = ids.New(), ptr("EMR-9")
		err = st.Create(ctx, raced)
		wantIs(t, err, errs.ErrConflict)
		// Once deleted, the external id is free again.
		if err := e.svc.Delete(ctx, e.admin, p.ID, nil); err != nil {
			t.Fatal(err)
		}
		e.create(t, e.admin, patient.Input{Name: "E", Phone: "081234567893", ExternalID: ptr("EMR-9")})
	})
}

func TestVolunteerIsolation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		mine := e.create(t, e.vol1, patient.Input{Name: "Mine", Phone: "081234567890"})
		if mine.AssignedVolunteerID == nil || *mine.AssignedVolunteerID != e.vol1.UserID {
			t.Fatalf("a volunteer's patient is assigned to them, got %v", mine.AssignedVolunteerID)
		}
		theirs := e.create(t, e.admin, patient.Input{Name: "Theirs", Phone: "081234567891", AssignedVolunteerID: ptr(e.vol2.UserID)})
		nobody := e.create(t, e.admin, patient.Input{Name: "Nobody", Phone: "081234567892"})

		for _, id := range []string{theirs.ID, nobody.ID} {
			_, err := e.svc.Get(ctx, e.vol1, id)
			wantIs(t, err, errs.ErrNotFound)
			_, err = e.svc.Update(ctx, e.vol1, id, patient.Patch{Name: ptr("x")})
			wantIs(t, err, errs.ErrNotFound)
			wantIs(t, e.svc.Delete(ctx, e.vol1, id, nil), errs.ErrNotFound)
		}
		list, total, err := e.svc.List(ctx, e.vol1, patient.Filter{})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != mine.ID {
			t.Fatalf("volunteer list: %d rows, total %d, %v", len(list), total, err)
		}
		// Filtering by someone else's id finds nothing rather than widening the scope.
		_, total, _ = e.svc.List(ctx, e.vol1, patient.Filter{AssignedVolunteerID: e.vol2.UserID})
		if total != 0 {
			t.Errorf("volunteer saw %d patients of another volunteer", total)
		}
		// Own patients: edit yes, reassign or delete no.
		if _, err := e.svc.Update(ctx, e.vol1, mine.ID, patient.Patch{Notes: ptr("called")}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Update(ctx, e.vol1, mine.ID, patient.Patch{AssignedVolunteerID: ptr(e.vol2.UserID)})
		wantIs(t, err, errs.ErrForbidden)
		_, err = e.svc.Update(ctx, e.vol1, mine.ID, patient.Patch{Clear: []string{"assigned_volunteer_id"}})
		wantIs(t, err, errs.ErrForbidden)
		wantIs(t, e.svc.Delete(ctx, e.vol1, mine.ID, nil), errs.ErrForbidden)
		_, err = e.svc.Create(ctx, e.vol1, patient.Input{Name: "X", Phone: "081234567899", AssignedVolunteerID: ptr(e.vol2.UserID)})
		wantIs(t, err, errs.ErrForbidden)
		// The admin reassigns; the patient leaves vol1's view.
		if _, err := e.svc.Update(ctx, e.admin, mine.ID, patient.Patch{AssignedVolunteerID: ptr(e.vol2.UserID)}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Get(ctx, e.vol1, mine.ID)
		wantIs(t, err, errs.ErrNotFound)
		if _, err := e.svc.Get(ctx, e.vol2, mine.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDeveloperReadOnly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.create(t, e.admin, patient.Input{Name: "A", Phone: "081234567890"})
		_, err := e.svc.Create(ctx, e.dev, patient.Input{Name: "B", Phone: "081234567891"})
		wantIs(t, err, errs.ErrForbidden)
		_, err = e.svc.Update(ctx, e.dev, p.ID, patient.Patch{Name: ptr("B")})
		wantIs(t, err, errs.ErrForbidden)
		wantIs(t, e.svc.Delete(ctx, e.dev, p.ID, nil), errs.ErrForbidden)
		_, err = e.svc.Import(ctx, e.dev, strings.NewReader("name,phone\nB,081234567891\n"), true)
		wantIs(t, err, errs.ErrForbidden)
		if _, err := e.svc.Get(ctx, e.dev, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, total, err := e.svc.List(ctx, e.dev, patient.Filter{}); err != nil || total != 1 {
			t.Fatalf("developer list: %d, %v", total, err)
		}
		if err := e.svc.Export(ctx, e.dev, patient.Filter{}, &strings.Builder{}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOtherTenantIsNotFound(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.create(t, e.adminB, patient.Input{Name: "K", Phone: "010-1234-5678"})
		_, err := e.svc.Get(ctx, e.admin, p.ID)
		wantIs(t, err, errs.ErrNotFound)
		_, err = e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Name: ptr("x")})
		wantIs(t, err, errs.ErrNotFound)
		wantIs(t, e.svc.Delete(ctx, e.admin, p.ID, nil), errs.ErrNotFound)
		_, err = e.svc.Get(ctx, e.admin, "not-a-uuid")
		wantIs(t, err, errs.ErrNotFound)
		if _, total, _ := e.svc.List(ctx, e.admin, patient.Filter{}); total != 0 {
			t.Errorf("tenant A lists %d patients of tenant B", total)
		}
	})
}

func TestSoftDelete(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.create(t, e.admin, patient.Input{Name: "Gone", Phone: "081234567890"})
		keep := e.create(t, e.admin, patient.Input{Name: "Kept", Phone: "081234567891"})
		if err := e.svc.Delete(ctx, e.admin, p.ID, nil); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Get(ctx, e.admin, p.ID)
		wantIs(t, err, errs.ErrNotFound)
		wantIs(t, e.svc.Delete(ctx, e.admin, p.ID, nil), errs.ErrNotFound)
		list, total, err := e.svc.List(ctx, e.admin, patient.Filter{})
		if err != nil || total != 1 || list[0].ID != keep.ID {
			t.Fatalf("list after delete: total %d, %v", total, err)
		}
		var deletedAt *time.Time
		if err := d.Gorm.Table("patients").Select("deleted_at").Where("id = ?", p.ID).Scan(&deletedAt).Error; err != nil {
			t.Fatal(err)
		}
		if deletedAt == nil || !deletedAt.Equal(t0) {
			t.Errorf("the row stays with deleted_at set, got %v", deletedAt)
		}
	})
}

func TestEncryptionAtRest(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(t, e.admin, patient.Input{Name: "A", Phone: "081234567890", Diagnosis: ptr("Carcinoma mammae"),
			CancerStage: ptr("Stage IIIB"), Notes: ptr("Lives with daughter")})
		var raw struct{ Diagnosis, CancerStage, Notes string }
		if err := d.Gorm.Table("patients").Select("diagnosis, cancer_stage, notes").Where("id = ?", p.ID).Scan(&raw).Error; err != nil {
			t.Fatal(err)
		}
		for col, v := range map[string]string{"diagnosis": raw.Diagnosis, "cancer_stage": raw.CancerStage, "notes": raw.Notes} {
			if !strings.HasPrefix(v, "enc:v1:") || strings.Contains(v, "Carcinoma") || strings.Contains(v, "IIIB") || strings.Contains(v, "daughter") {
				t.Errorf("column %s holds %q, want ciphertext", col, v)
			}
		}
		got, err := e.svc.Get(context.Background(), e.admin, p.ID)
		if err != nil || got.Diagnosis != "Carcinoma mammae" || got.CancerStage != "Stage IIIB" || got.Notes != "Lives with daughter" {
			t.Fatalf("decrypted read: %+v, %v", got, err)
		}
	})
}

func TestAuditTrail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.create(t, e.admin, patient.Input{Name: "Siti", Phone: "081234567890", Diagnosis: ptr("Carcinoma")})
		if _, err := e.svc.Get(ctx, e.admin, p.ID); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Minute)
		if _, err := e.svc.Update(ctx, e.admin, p.ID, patient.Patch{Notes: ptr("secret note")}); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Minute)
		if err := e.svc.Delete(ctx, e.admin, p.ID, nil); err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, ev := range e.events(t, e.tenantA) {
			actions = append(actions, ev.Action)
			if ev.ResourceType != "patient" || ev.ResourceID != p.ID || ev.ActorUserID == nil || *ev.ActorUserID != e.admin.UserID {
				t.Errorf("event %+v", ev)
			}
			for _, secret := range []string{"Siti", "0812", "6281", "Carcinoma", "secret note"} {
				if strings.Contains(ev.Changes, secret) {
					t.Errorf("event %s holds a value: %s", ev.Action, ev.Changes)
				}
			}
		}
		want := []string{audit.ActionPatientCreate, audit.ActionPatientRead, audit.ActionPatientUpdate, audit.ActionPatientDelete}
		if !slices.Equal(actions, want) {
			t.Errorf("audit actions %v, want %v", actions, want)
		}
		created := e.events(t, e.tenantA)[0].ChangeList()
		for _, f := range []string{"name", "phone", "diagnosis"} {
			if !slices.Contains(created, f) {
				t.Errorf("create event changes %v lack %q", created, f)
			}
		}
	})
}
