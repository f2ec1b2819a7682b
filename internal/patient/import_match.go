package patient

import (
	"fmt"
	"strings"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// What an import row does.
const (
	ActionCreate = "create" // a new patient
	ActionUpdate = "update" // changes the patient the row matches
	ActionSkip   = "skip"   // matches a patient and would change nothing
)

// How an import row found the patient it matches.
const (
	MatchByID         = "id"          // the id column (an export's first column)
	MatchByExternalID = "external_id" // the external_id column
	MatchByPhone      = "phone"       // the phone number together with the name
)

// importRow is one row of an import file and what it does.
type importRow struct {
	row       csvRow
	in        Input
	patient   Patient // the patient once the row applies: new, or the matched one changed
	before    *Patient
	matchedBy string
	action    string
	changed   []string
	errs      errs.Fields
	warnings  []Warning
}

// existing indexes the tenant's patients that an import file's rows may name.
type existing struct {
	byID    map[string]Patient
	byExt   map[string]Patient
	byPhone map[string][]Patient
	all     []Patient
}

func indexExisting(rows []Patient) existing {
	ex := existing{byID: map[string]Patient{}, byExt: map[string]Patient{}, byPhone: map[string][]Patient{}, all: rows}
	for _, p := range rows {
		ex.byID[p.ID] = p
		if p.ExternalID != nil {
			ex.byExt[*p.ExternalID] = p
		}
		ex.byPhone[p.Phone] = append(ex.byPhone[p.Phone], p)
	}
	return ex
}

// matchKeys are the ids, external ids and phone numbers (E.164) the rows name.
func matchKeys(rows []csvRow, region string) MatchKeys {
	var k MatchKeys
	for _, row := range rows {
		in := inputOf(row)
		if id := strings.TrimSpace(row.Cells[idColumn]); ids.Valid(id) {
			k.IDs = append(k.IDs, id)
		}
		if in.ExternalID != nil && strings.TrimSpace(*in.ExternalID) != "" {
			k.ExternalIDs = append(k.ExternalIDs, strings.TrimSpace(*in.ExternalID))
		}
		if phone, err := NormalizePhone(in.Phone, region); err == nil {
			k.Phones = append(k.Phones, phone)
		}
	}
	return k
}

// sameName compares names ignoring case and runs of spaces.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// visibleTo reports whether the actor may see p (volunteers: their own patients).
func visible(a identity.Actor, p Patient) bool {
	scope, err := visibleTo(a)
	return err == nil && (scope == "" || (p.AssignedVolunteerID != nil && *p.AssignedVolunteerID == scope))
}

// match finds the existing patient a row names: by its id column, then its
// external_id, then its phone number together with its name. A row naming an
// external_id the actor may not see, or a name and phone several patients
// share, is an error on that field.
func (ex existing) match(a identity.Actor, it *importRow, region string) *Patient {
	if p, ok := ex.byID[strings.TrimSpace(it.row.Cells[idColumn])]; ok && visible(a, p) {
		it.matchedBy = MatchByID
		return &p
	}
	if it.in.ExternalID != nil {
		if p, ok := ex.byExt[strings.TrimSpace(*it.in.ExternalID)]; ok {
			if !visible(a, p) {
				it.errs.Add("external_id", "a patient with this external_id already exists")
				return nil
			}
			it.matchedBy = MatchByExternalID
			return &p
		}
	}
	phone, err := NormalizePhone(it.in.Phone, region)
	if err != nil {
		return nil
	}
	var found []Patient
	for _, p := range ex.byPhone[phone] {
		if visible(a, p) && sameName(p.Name, it.in.Name) {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return nil
	case 1:
		it.matchedBy = MatchByPhone
		return &found[0]
	}
	it.errs.Add("phone", "more than one patient with this name and phone number already exists")
	return nil
}

// checkInFile refuses rows that repeat another row: the same existing patient
// matched twice, an external_id given twice, or a new patient with the name
// and phone of another new row.
type fileChecks struct {
	matched map[string]int // existing patient id → first row
	ext     map[string]int // external id → first row
	created map[string]int // phone + name → first row creating it
}

func newFileChecks() fileChecks {
	return fileChecks{matched: map[string]int{}, ext: map[string]int{}, created: map[string]int{}}
}

func (fc fileChecks) check(it *importRow) {
	if it.before != nil {
		if first, seen := fc.matched[it.before.ID]; seen {
			it.errs.Add(it.matchedBy, fmt.Sprintf("is the same patient as row %d", first))
			return
		}
		fc.matched[it.before.ID] = it.row.Row
	}
	if e := it.patient.ExternalID; e != nil {
		if first, seen := fc.ext[*e]; seen {
			it.errs.Add("external_id", fmt.Sprintf("is the same external_id as row %d", first))
		} else {
			fc.ext[*e] = it.row.Row
		}
	}
	if it.before == nil && it.patient.Phone != "" {
		key := it.patient.Phone + "\x00" + strings.ToLower(strings.Join(strings.Fields(it.patient.Name), " "))
		if first, seen := fc.created[key]; seen {
			it.errs.Add("phone", fmt.Sprintf("is the same name and phone number as row %d", first))
		} else {
			fc.created[key] = it.row.Row
		}
	}
}
