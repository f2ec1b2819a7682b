// Package appointment keeps a tenant's appointments (visits, surgeries): when,
// where, with whom, and whether they happened. Appointment reminders are timed
// relative to them, so a change of time or a cancellation is passed, inside
// the same transaction, to whatever depends on the appointment (see Linked).
//
// Roles follow the patients: admins see and change every appointment of the
// tenant, volunteers those of the patients assigned to them, developers read.
package appointment

import (
	"sync"
	"time"

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
}

// TableName is the appointments table.
func (Appointment) TableName() string { return "appointments" }

// Local is the start in the appointment's time zone (UTC when the zone is unknown).
func (a Appointment) Local() time.Time {
	return a.StartsAt.In(zone(a.Timezone))
}

var zones sync.Map // name → *time.Location

// zone loads an IANA time zone once; an unknown name is UTC.
func zone(name string) *time.Location {
	if v, ok := zones.Load(name); ok {
		return v.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	zones.Store(name, loc)
	return loc
}

// Live reports whether reminders of the appointment are still wanted: it is
// scheduled and not deleted.
func (a Appointment) Live() bool { return a.Status == StatusScheduled && !a.DeletedAt.Valid }
