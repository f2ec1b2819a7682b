package conversation

import (
	"context"
	"slices"

	"gorm.io/gorm"
)

// route is where an inbound message belongs.
type route struct {
	TenantID  string  // "" when no tenant could be told (an unknown sender on a shared device)
	PatientID string  // "" for an unknown sender
	RepliedTo *string // the outbound message answered, when the provider said which
}

// candidate is a patient with the sender's phone.
type candidate struct {
	ID, TenantID string
}

// phoneMatch is a patient with the sender's phone, with its tenant's device.
type phoneMatch struct {
	ID, TenantID string
	Phone        string
	GOWADeviceID *string `gorm:"column:gowa_device_id"`
}

// candidates are the patients a message may belong to, newest first: those
// of the tenant that owns the receiving device (owner), or, on a shared
// device, those of the tenants without a device of their own.
func candidates(in Incoming, all []phoneMatch) (owner string, cands []candidate) {
	for _, c := range all {
		if in.DeviceID != "" && c.GOWADeviceID != nil && *c.GOWADeviceID == in.DeviceID {
			owner = c.TenantID
			break
		}
	}
	for _, c := range all {
		if (owner != "" && c.TenantID == owner) || (owner == "" && c.GOWADeviceID == nil) {
			cands = append(cands, candidate{ID: c.ID, TenantID: c.TenantID})
		}
	}
	return owner, cands
}

// plainRoute is the route of a message that needs no more reading: one
// patient it may belong to, and no "reply" to look up. ok is false otherwise.
func plainRoute(in Incoming, all []phoneMatch) (route, bool) {
	if in.RepliedToID != "" {
		return route{}, false
	}
	_, cands := candidates(in, all)
	if len(cands) != 1 {
		return route{}, false
	}
	return route{TenantID: cands[0].TenantID, PatientID: cands[0].ID}, true
}

// route finds the one tenant and patient a message belongs to. A patient's
// words never reach two tenants:
//   - a device that belongs to a tenant (Settings → sending accounts) routes to it;
//   - on a shared device (the environment's default account, used by every
//     tenant without its own), among the tenants that use it: the tenant of
//     the message the patient replied to, else the tenant that last sent to
//     that phone, else the most recently registered patient with it.
//
// The same rules choose among several patients of one tenant sharing a phone.
func (s *Service) route(ctx context.Context, tx *gorm.DB, in Incoming) (route, error) {
	q := tx.WithContext(ctx)
	var all []phoneMatch
	err := q.Raw(`SELECT p.id, p.tenant_id, t.gowa_device_id FROM patients p JOIN tenants t ON t.id = p.tenant_id
WHERE p.phone = ? AND p.deleted_at IS NULL ORDER BY p.created_at DESC, p.id DESC LIMIT 50`, in.From).Find(&all).Error
	if err != nil {
		return route{}, err
	}
	owner, cands := candidates(in, all)
	if len(cands) == 0 {
		if owner == "" && in.DeviceID != "" { // no patient: the device may still be a tenant's
			var t []string
			if err := q.Raw("SELECT id FROM tenants WHERE gowa_device_id = ?", in.DeviceID).Scan(&t).Error; err != nil {
				return route{}, err
			}
			if len(t) > 0 {
				owner = t[0]
			}
		}
		return route{TenantID: owner}, nil
	}
	idsOf := make([]string, len(cands))
	var tenantsOf []string
	for i, c := range cands {
		idsOf[i] = c.ID
		if !slices.Contains(tenantsOf, c.TenantID) {
			tenantsOf = append(tenantsOf, c.TenantID)
		}
	}
	pick := func(patientID string) (candidate, bool) {
		for _, c := range cands {
			if c.ID == patientID {
				return c, true
			}
		}
		return candidate{}, false
	}
	var out route
	if in.RepliedToID != "" {
		var rows []struct{ ID, PatientID string }
		err := q.Raw(`SELECT id, patient_id FROM messages WHERE provider_message_id = ? AND direction = 'outbound' AND tenant_id IN ?
AND patient_id IN ? ORDER BY created_at DESC LIMIT 1`, in.RepliedToID, tenantsOf, idsOf).Scan(&rows).Error
		if err != nil {
			return route{}, err
		}
		if len(rows) > 0 {
			if c, ok := pick(rows[0].PatientID); ok {
				id := rows[0].ID
				return route{TenantID: c.TenantID, PatientID: c.ID, RepliedTo: &id}, nil
			}
		}
	}
	if len(cands) > 1 {
		var last []string
		err := q.Raw(`SELECT patient_id FROM messages WHERE tenant_id IN ? AND patient_id IN ? AND direction = 'outbound'
ORDER BY created_at DESC LIMIT 1`, tenantsOf, idsOf).Scan(&last).Error
		if err != nil {
			return route{}, err
		}
		if len(last) > 0 {
			if c, ok := pick(last[0]); ok {
				out = route{TenantID: c.TenantID, PatientID: c.ID}
			}
		}
	}
	if out.PatientID == "" {
		out = route{TenantID: cands[0].TenantID, PatientID: cands[0].ID}
	}
	return out, nil
}
