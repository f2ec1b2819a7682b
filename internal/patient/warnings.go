package patient

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/prima-health/prima/internal/identity"
)

// WarnDuplicatePhone is the code of the warning that other active patients of
// the tenant have the same phone number. It does not stop a write: families
// share phones.
const WarnDuplicatePhone = "duplicate_phone"

// Warning is a remark about an accepted write, worth a second look.
type Warning struct {
	Field   string
	Code    string
	Message string
	// PatientIDs are the other patients concerned that the actor may see.
	PatientIDs []string
}

// phoneWarning is the duplicate_phone warning for the given patients of the
// tenant (other than p, active) holding p's phone, or nil when there are none.
// sharedInFile counts further holders that are not stored yet (import rows).
func phoneWarning(a identity.Actor, p Patient, holders []Patient, sharedInFile int) *Warning {
	others := slices.DeleteFunc(slices.Clone(holders), func(h Patient) bool {
		return h.ID == p.ID || !h.IsActive || h.Phone != p.Phone
	})
	n := len(others) + sharedInFile
	if n == 0 {
		return nil
	}
	slices.SortFunc(others, func(x, y Patient) int {
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	scope, _ := visibleTo(a)
	w := &Warning{Field: "phone", Code: WarnDuplicatePhone, PatientIDs: []string{}}
	for _, h := range others {
		if scope == "" || (h.AssignedVolunteerID != nil && *h.AssignedVolunteerID == scope) {
			w.PatientIDs = append(w.PatientIDs, h.ID)
		}
	}
	if n == 1 {
		w.Message = "1 other patient has this phone number"
	} else {
		w.Message = fmt.Sprintf("%d other patients have this phone number", n)
	}
	if sharedInFile > 0 {
		w.Message += " (counting rows of this file)"
	}
	return w
}

// withPhoneWarning sets p.Warnings to the duplicate_phone warning when other
// active patients of the tenant have p's phone.
func (s *Service) withPhoneWarning(ctx context.Context, a identity.Actor, p *Patient) error {
	holders, err := s.store.Matching(ctx, a.TenantID, MatchKeys{Phones: []string{p.Phone}})
	if err != nil {
		return err
	}
	if w := phoneWarning(a, *p, holders, 0); w != nil {
		p.Warnings = []Warning{*w}
	}
	return nil
}
