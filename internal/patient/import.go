package patient

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
)

// MaxImportPreview is how many rows an import result previews.
const MaxImportPreview = 50

const importBatchSize = 200

// ImportResult says what an import did or would do.
type ImportResult struct {
	DryRun    bool
	TotalRows int
	ValidRows int
	Created   int
	Errors    []ImportError
	Preview   []ImportPreviewRow
}

// ImportError is one invalid cell (or row, when Field is empty) of an import file.
type ImportError struct {
	Row     int // 1-based, the header being row 1
	Field   string
	Message string
}

// ImportPreviewRow is how a row of the file reads after normalisation.
type ImportPreviewRow struct {
	Row        int
	Name       string
	Phone      string // E.164 when valid, otherwise as written
	ExternalID *string
	Language   string
	Tags       []string
	Valid      bool
}

type importRow struct {
	row     csvRow
	patient Patient
	changed []string
	errs    errs.Fields
}

// Import reads a CSV file of patients (see ImportColumns). Every row is checked
// with the rules of Create, and also for external_id and phone repeated inside
// the file and external_id already used in the tenant. With dryRun nothing is
// written. Otherwise, when any row is invalid the result comes with a
// *errs.ValidationError whose fields are "rows[<row>].<field>" and nothing is
// written; when all are valid every row is inserted in one transaction with one
// audit event. Problems with the file as a whole are a validation error on "file".
func (s *Service) Import(ctx context.Context, a identity.Actor, r io.Reader, dryRun bool) (ImportResult, error) {
	if err := requireWrite(a); err != nil {
		return ImportResult{}, err
	}
	region, tz, err := s.dir.TenantDefaults(ctx, a.TenantID)
	if err != nil {
		return ImportResult{}, err
	}
	_, rows, err := parseCSV(r)
	if err != nil {
		return ImportResult{}, err
	}
	now := s.now()
	items := make([]*importRow, 0, len(rows))
	firstPhone := map[string]int{}
	firstExt := map[string]int{}
	var extIDs []string
	for _, row := range rows {
		it := &importRow{row: row, patient: newPatient(a, now)}
		if row.Extra {
			it.errs.Add("", "has more cells than the header row")
		}
		ap := &applier{region: region, now: now, consentSource: SourceImport}
		ap.apply(&it.patient, patchOf(inputOf(row)))
		fillDefaults(&it.patient, region, tz)
		if a.Role == identity.RoleVolunteer {
			self := a.UserID
			it.patient.AssignedVolunteerID = &self
		}
		it.errs = append(it.errs, ap.fe...)
		it.changed = ap.changed
		if p := it.patient.Phone; p != "" && !hasField(ap.fe, "phone") {
			if first, seen := firstPhone[p]; seen {
				it.errs.Add("phone", fmt.Sprintf("is the same phone number as row %d", first))
			} else {
				firstPhone[p] = row.Row
			}
		}
		if e := it.patient.ExternalID; e != nil {
			if first, seen := firstExt[*e]; seen {
				it.errs.Add("external_id", fmt.Sprintf("is the same external_id as row %d", first))
			} else {
				firstExt[*e] = row.Row
				extIDs = append(extIDs, *e)
			}
		}
		items = append(items, it)
	}
	if len(extIDs) > 0 {
		inUse, err := s.store.ExternalIDsInUse(ctx, a.TenantID, extIDs, "")
		if err != nil {
			return ImportResult{}, err
		}
		taken := map[string]bool{}
		for _, e := range inUse {
			taken[e] = true
		}
		for _, it := range items {
			if e := it.patient.ExternalID; e != nil && taken[*e] && firstExt[*e] == it.row.Row {
				it.errs.Add("external_id", "a patient with this external_id already exists")
			}
		}
	}

	res := ImportResult{DryRun: dryRun, TotalRows: len(items), Errors: []ImportError{}, Preview: []ImportPreviewRow{}}
	valid := make([]Patient, 0, len(items))
	for _, it := range items {
		for _, fe := range it.errs {
			res.Errors = append(res.Errors, ImportError{Row: it.row.Row, Field: fe.Field, Message: fe.Message})
		}
		if len(it.errs) == 0 {
			valid = append(valid, it.patient)
		}
		if len(res.Preview) < MaxImportPreview {
			res.Preview = append(res.Preview, previewOf(it))
		}
	}
	res.ValidRows = len(valid)
	sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Row < res.Errors[j].Row })
	if dryRun {
		return res, nil
	}
	if len(res.Errors) > 0 {
		fe := make(errs.Fields, 0, len(res.Errors))
		for _, e := range res.Errors {
			name := fmt.Sprintf("rows[%d]", e.Row)
			if e.Field != "" {
				name += "." + e.Field
			}
			fe.Add(name, e.Message)
		}
		return res, fe.Err()
	}
	sealed := make([]Patient, len(valid))
	for i, p := range valid {
		if sealed[i], err = s.seal(p); err != nil {
			return ImportResult{}, err
		}
	}
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.CreateMany(ctx, sealed, importBatchSize); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientImport,
			ResourceType: ResourceType, Changes: []string{fmt.Sprintf("rows:%d", len(sealed))}})
	})
	if err != nil {
		return ImportResult{}, err
	}
	res.Created = len(sealed)
	return res, nil
}

// inputOf reads a CSV row as a create input; blank cells are left unset.
func inputOf(row csvRow) Input {
	cell := func(name string) *string {
		if v, ok := row.Cells[name]; ok {
			return &v
		}
		return nil
	}
	in := Input{
		Name: row.Cells["name"], Phone: row.Cells["phone"], Email: cell("email"), BirthDate: cell("birth_date"),
		Gender: cell("gender"), Language: cell("language"), Timezone: cell("timezone"), Diagnosis: cell("diagnosis"),
		CancerStage: cell("cancer_stage"), Notes: cell("notes"), ExternalID: cell("external_id"), Consent: cell("consent"),
		PreferredChannel: cell("preferred_channel"), LastVisitDate: cell("last_visit_date"),
		LastSurgeryDate: cell("last_surgery_date"),
	}
	for _, name := range []**string{&in.Gender, &in.Language, &in.Consent, &in.PreferredChannel} {
		if *name != nil { // spreadsheets capitalise: "Female", "ID", "Granted"
			v := strings.ToLower(**name)
			*name = &v
		}
	}
	if t, ok := row.Cells["tags"]; ok {
		in.Tags = strings.Split(t, ";")
	}
	return in
}

func previewOf(it *importRow) ImportPreviewRow {
	p := it.patient
	pr := ImportPreviewRow{Row: it.row.Row, Name: p.Name, Phone: p.Phone, ExternalID: p.ExternalID,
		Language: p.Language, Tags: p.Tags, Valid: len(it.errs) == 0}
	if pr.Name == "" {
		pr.Name = truncate(it.row.Cells["name"], MaxNameLen)
	}
	if pr.Phone == "" {
		pr.Phone = truncate(it.row.Cells["phone"], maxPhoneInput)
	}
	if pr.Tags == nil {
		pr.Tags = []string{}
	}
	return pr
}

func hasField(fe errs.Fields, field string) bool {
	for _, f := range fe {
		if f.Field == field {
			return true
		}
	}
	return false
}
