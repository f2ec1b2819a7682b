// Package appointment keeps a tenant's appointments (visits, surgeries): when,
// where, with whom, and whether they happened. Appointment reminders are timed
// relative to them, so a change of time or a cancellation is passed, inside
// the same transaction, to whatever depends on the appointment (see Linked).
//
// Roles follow the patients: admins see and change every appointment of the
// tenant, volunteers those of the patients assigned to them, developers read.
package appointment

import (
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
	"gorm.io/gorm"
)

// Statuses of an appointment.
const (
	StatusScheduled = "scheduled"
	StatusCompleted = "completed"
	StatusCancelled = "cancelled"
	StatusNoShow    = "no_show"
)

// Statuses lists every status.
var Statuses = []string{StatusScheduled, StatusCompleted, StatusCancelled, StatusNoShow}

// ResourceType names appointments in the audit log.
const ResourceType = "appointment"

// Audit actions.
const (
	ActionCreate = "appointment.create"
	ActionUpdate = "appointment.update"
	ActionDelete = "appointment.delete"
)

// Appointment is one row of the appointments table. StartsAt is an instant
// (UTC); Timezone is where the appointment takes place, used to show its local
// date and time.
type Appointment struct {
	ID          string `gorm:"primaryKey"`
	TenantID    string
	PatientID   string
	StartsAt    time.Time
	Timezone    string
	Status      string
	SurgeryType *string
	Doctor      *string
	Location    *string
	Notes       *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DeletedAt   gorm.DeletedAt
	Version     int

	// Read with the appointment by List and the service's single reads, never
	// written: the patient's name, so that a list shows it without a read per row.
	PatientName string `gorm:"->"`
}

// TableName is the appointments table.
func (Appointment) TableName() string { return "appointments" }

// Local is the start in the appointment's time zone (UTC when the zone is unknown).
func (a Appointment) Local() time.Time {
	return a.StartsAt.In(zone(a.Timezone))
}

// zone is the IANA time zone name's location (UTC when unknown).
func zone(name string) *time.Location { return clock.Zone(name) }

// Live reports whether reminders of the appointment are still wanted: it is
// scheduled and not deleted.
func (a Appointment) Live() bool { return a.Status == StatusScheduled && !a.DeletedAt.Valid }
