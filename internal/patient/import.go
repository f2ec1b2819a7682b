package patient

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/events"
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
	// Created, Updated and Skipped count what a committed import did (zero on a dry run).
	Created, Updated, Skipped int
	// Actions counts what the valid rows do, or would do on a dry run.
	Actions ImportActions
	Errors  []ImportError
	Preview []ImportPreviewRow
}

// ImportActions counts rows by what they do.
type ImportActions struct {
	Create, Update, Skip int
}

// ImportError is one invalid cell (or row, when Field is empty) of an import file.
type ImportError struct {
	Row     int // 1-based, the header being row 1
	Field   string
	Message string
}

// ImportPreviewRow is how a row of the file reads after normalisation, and
// what it does.
type ImportPreviewRow struct {
	Row        int
	Name       string
	Phone      string // E.164 when valid, otherwise as written
	ExternalID *string
	Language   string
	Tags       []string
	Valid      bool
	Action     string  // ActionCreate, ActionUpdate or ActionSkip
	PatientID  *string // the existing patient the row matches
	MatchedBy  string  // MatchByID, MatchByExternalID, MatchByPhone; "" for a new patient
	Changes    []string
	Warnings   []Warning
}

// Import reads a CSV file of patients (see ImportColumns). A row that names an
// existing patient of the tenant (by the id column an export writes, then
// external_id, then phone number together with name) updates that patient
// with its non-blank cells, or is skipped when nothing would change; any other
// row creates a patient. Every row is checked with the rules of Create and
// Update, and against the other rows (the same patient twice, an external_id
// twice). A new patient whose phone other patients have gets a
// duplicate_phone warning, as in Create. With dryRun nothing is written.
// Otherwise, when any row is invalid the result comes with a
// *errs.ValidationError whose fields are "rows[<row>].<field>" and nothing is
// written; when all are valid every row is written in one transaction. Problems
// with the file as a whole are a validation error on "file".
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
	found, err := s.store.Matching(ctx, a.TenantID, matchKeys(rows, region))
	if err != nil {
		return ImportResult{}, err
	}
	ex := indexExisting(found)
	now := s.now()
	items := make([]*importRow, 0, len(rows))
	checks := newFileChecks()
	for _, row := range rows {
		it, err := s.planRow(a, ex, row, region, tz, now)
		if err != nil {
			return ImportResult{}, err
		}
		if len(it.errs) == 0 {
			checks.check(it)
		}
		items = append(items, it)
	}
	addPhoneWarnings(a, items, ex)

	res := ImportResult{DryRun: dryRun, TotalRows: len(items), Errors: []ImportError{}, Preview: []ImportPreviewRow{}}
	for _, it := range items {
		for _, fe := range it.errs {
			res.Errors = append(res.Errors, ImportError{Row: it.row.Row, Field: fe.Field, Message: fe.Message})
		}
		if len(it.errs) == 0 {
			res.ValidRows++
			switch it.action {
			case ActionCreate:
				res.Actions.Create++
			case ActionUpdate:
				res.Actions.Update++
			case ActionSkip:
				res.Actions.Skip++
			}
		}
		if len(res.Preview) < MaxImportPreview {
			res.Preview = append(res.Preview, previewOf(it))
		}
	}
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
	if err := s.commitImport(ctx, a, items, now); err != nil {
		return ImportResult{}, err
	}
	res.Created, res.Updated, res.Skipped = res.Actions.Create, res.Actions.Update, res.Actions.Skip
	return res, nil
}

// planRow validates a row and works out what it does.
func (s *Service) planRow(a identity.Actor, ex existing, row csvRow, region, tz string, now time.Time) (*importRow, error) {
	it := &importRow{row: row, in: inputOf(row), action: ActionCreate}
	if row.Extra {
		it.errs.Add("", "has more cells than the header row")
	}
	ap := &applier{region: region, now: now, consentSource: SourceImport}
	if m := ex.match(a, it, region); m != nil {
		before := *m
		p, err := s.open(before)
		if err != nil {
			return nil, err
		}
		if sameName(it.in.Name, p.Name) {
			it.in.Name = p.Name // "budi  santoso" is Budi Santoso: keep the stored spelling
		}
		it.before, it.patient = &before, p
		ap.apply(&it.patient, patchOf(it.in))
		if e := it.patient.ExternalID; e != nil {
			if owner, taken := ex.byExt[*e]; taken && owner.ID != p.ID {
				it.errs.Add("external_id", "a patient with this external_id already exists")
			}
		}
		it.action = ActionSkip
		if len(ap.changed) > 0 {
			it.action = ActionUpdate
		}
	} else {
		it.patient = newPatient(a, now)
		ap.apply(&it.patient, patchOf(it.in))
		fillDefaults(&it.patient, region, tz)
		if a.Role == identity.RoleVolunteer {
			self := a.UserID
			it.patient.AssignedVolunteerID = &self
		}
	}
	it.errs = append(it.errs, ap.fe...)
	it.changed = ap.changed
	return it, nil
}

// addPhoneWarnings warns on new patients whose phone other active patients
// have, stored or created by other rows of the file.
func addPhoneWarnings(a identity.Actor, items []*importRow, ex existing) {
	newPerPhone := map[string]int{}
	for _, it := range items {
		if it.action == ActionCreate && len(it.errs) == 0 {
			newPerPhone[it.patient.Phone]++
		}
	}
	for _, it := range items {
		if it.action != ActionCreate || len(it.errs) > 0 {
			continue
		}
		if w := phoneWarning(a, it.patient, ex.byPhone[it.patient.Phone], newPerPhone[it.patient.Phone]-1); w != nil {
			it.warnings = []Warning{*w}
		}
	}
}

// commitImport writes the new and changed patients of a valid file in one
// transaction: the import's audit event, and an update event per changed patient.
func (s *Service) commitImport(ctx context.Context, a identity.Actor, items []*importRow, now time.Time) error {
	var created []Patient
	type update struct {
		p       Patient
		version int
		changed []string
	}
	var updates []update
	var optOuts []events.Event
	for _, it := range items {
		switch it.action {
		case ActionCreate:
			sealed, err := s.seal(it.patient)
			if err != nil {
				return err
			}
			created = append(created, sealed)
		case ActionUpdate:
			p := it.patient
			p.Version, p.UpdatedAt = it.before.Version+1, now
			sealed, err := s.seal(p)
			if err != nil {
				return err
			}
			updates = append(updates, update{sealed, it.before.Version, it.changed})
			if ev, ok := optedOut(p, it.before.Consent); ok {
				optOuts = append(optOuts, ev)
			}
		}
	}
	return s.store.InTx(ctx, func(tx Store) error {
		if err := tx.CreateMany(ctx, created, importBatchSize); err != nil {
			return err
		}
		for _, u := range updates {
			if err := tx.Update(ctx, u.p, u.version); err != nil {
				return err
			}
			err := tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientUpdate,
				ResourceType: ResourceType, ResourceID: u.p.ID, Changes: u.changed})
			if err != nil {
				return err
			}
		}
		if s.events != nil && len(optOuts) > 0 {
			if err := s.events.Record(tx.DB(), optOuts...); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientImport,
			ResourceType: ResourceType, Changes: []string{fmt.Sprintf("rows:%d", len(items)),
				fmt.Sprintf("created:%d", len(created)), fmt.Sprintf("updated:%d", len(updates))}})
	})
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
		// A leading apostrophe is a spreadsheet's "text, not a number" marker.
		Name: row.Cells["name"], Phone: strings.TrimPrefix(row.Cells["phone"], "'"), Email: cell("email"), BirthDate: cell("birth_date"),
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
	if t, ok := row.Cells["tags"]; ok { // "chemo, breast" or "chemo;breast"
		in.Tags = strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' })
	}
	return in
}

func previewOf(it *importRow) ImportPreviewRow {
	p := it.patient
	pr := ImportPreviewRow{Row: it.row.Row, Name: p.Name, Phone: p.Phone, ExternalID: p.ExternalID,
		Language: p.Language, Tags: p.Tags, Valid: len(it.errs) == 0, Action: it.action, MatchedBy: it.matchedBy,
		Changes: []string{}, Warnings: it.warnings}
	if it.before != nil {
		id := it.before.ID
		pr.PatientID = &id
		if it.action == ActionUpdate {
			pr.Changes = it.changed
		}
	}
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
