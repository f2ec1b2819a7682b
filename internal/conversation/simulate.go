package conversation

import (
	"context"
	"fmt"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
)

// Sender is where a simulated patient message comes from: the patient's
// phone, and the device of their tenant (empty: the shared default device).
type Sender struct {
	Phone    string
	DeviceID string
}

// SimulationSender is the phone and device a development simulation of the
// patient's message uses (staff who may write: admins and volunteers of the
// patient).
func (s *Service) SimulationSender(ctx context.Context, a identity.Actor, patientID string) (Sender, error) {
	if !a.CanWrite() {
		return Sender{}, fmt.Errorf("this role only reads conversations: %w", errs.ErrForbidden)
	}
	if _, err := s.visiblePatient(ctx, a, patientID); err != nil {
		return Sender{}, err
	}
	var row struct {
		Phone        string
		GOWADeviceID *string `gorm:"column:gowa_device_id"`
	}
	err := s.db.Gorm.WithContext(ctx).Raw(`SELECT p.phone, t.gowa_device_id FROM patients p JOIN tenants t ON t.id = p.tenant_id
WHERE p.tenant_id = ? AND p.id = ?`, a.TenantID, patientID).Scan(&row).Error
	if err != nil {
		return Sender{}, err
	}
	if row.Phone == "" {
		return Sender{}, errs.Invalid("patient_id", "is only used for patients with a phone number")
	}
	out := Sender{Phone: row.Phone}
	if row.GOWADeviceID != nil {
		out.DeviceID = *row.GOWADeviceID
	}
	return out, nil
}
