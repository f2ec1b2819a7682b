// Package stats computes the dashboard's numbers in SQL: counts and
// distributions over patients, reminders, occurrences and messages, scoped to
// what the caller may see (volunteers: their assigned patients).
package stats

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/adherence"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// Bucket is one bar of the adherence distribution.
type Bucket struct {
	Bucket   string `json:"bucket"`
	Patients int64  `json:"patients"`
}

// Upcoming is a reminder due later today.
type Upcoming struct {
	ReminderID  string
	PatientID   string
	PatientName string
	DueAt       time.Time
	Type        string
}

// Dashboard is the dashboard's key numbers.
type Dashboard struct {
	Patients              int64
	ActiveReminders       int64
	MessagesToday         int64
	Messages7d            int64
	DeliveryRate          *float64 // nil when nothing was sent in 7 days
	AdherenceDistribution []Bucket
	UpcomingToday         []Upcoming
	Timezone              string
}

// Service computes dashboards.
type Service struct {
	db    *db.DB
	clock clock.Clock
	adh   *adherence.Service
}

// NewService builds the stats service.
func NewService(d *db.DB, c clock.Clock) *Service {
	return &Service{db: d, clock: c, adh: adherence.NewService(d, c)}
}

// Adherence is the adherence report of the patients the actor may see (GET
// /stats/adherence): see adherence.Service.Report.
func (s *Service) Adherence(ctx context.Context, a identity.Actor, q adherence.Query) (adherence.Report, error) {
	return s.adh.Report(ctx, a, q)
}

// scoped restricts a query on a table with a patient_id column to the actor's patients.
func scoped(q *gorm.DB, a identity.Actor, patientCol string) *gorm.DB {
	if a.Role == identity.RoleVolunteer {
		return q.Where(patientCol+" IN (SELECT id FROM patients WHERE tenant_id = ? AND assigned_volunteer_id = ?)", a.TenantID, a.UserID)
	}
	return q
}

// Dashboard computes the numbers for the actor's tenant, with days in tz.
func (s *Service) Dashboard(ctx context.Context, a identity.Actor, tz string) (Dashboard, error) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	now := s.clock.Now().UTC()
	local := now.In(loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc).UTC()
	tomorrow := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc).UTC()
	weekAgo := now.Add(-7 * 24 * time.Hour)
	g := s.db.Gorm.WithContext(ctx)
	out := Dashboard{Timezone: loc.String()}

	pq := g.Table("patients").Where("tenant_id = ? AND deleted_at IS NULL AND is_active = ?", a.TenantID, true)
	if a.Role == identity.RoleVolunteer {
		pq = pq.Where("assigned_volunteer_id = ?", a.UserID)
	}
	if err := pq.Count(&out.Patients).Error; err != nil {
		return out, err
	}
	// A removed (or inactive) patient's reminders send nothing: they are not active.
	rq := scoped(g.Table("reminders AS r").Joins("JOIN patients p ON p.id = r.patient_id AND p.deleted_at IS NULL AND p.is_active = ?", true).
		Where("r.tenant_id = ? AND r.deleted_at IS NULL AND r.is_active = ?", a.TenantID, true), a, "r.patient_id")
	if err := rq.Count(&out.ActiveReminders).Error; err != nil {
		return out, err
	}

	var msg struct {
		Today, Week, Delivered, Settled int64
	}
	mq := scoped(g.Table("messages").Where("tenant_id = ? AND direction = 'outbound' AND created_at >= ?", a.TenantID, weekAgo), a, "patient_id")
	err = mq.Select(`
		COALESCE(SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0) AS today,
		COUNT(*) AS week,
		COALESCE(SUM(CASE WHEN status IN ('delivered','read') THEN 1 ELSE 0 END), 0) AS delivered,
		COALESCE(SUM(CASE WHEN status IN ('sent','delivered','read','failed') THEN 1 ELSE 0 END), 0) AS settled`, midnight).
		Scan(&msg).Error
	if err != nil {
		return out, err
	}
	out.MessagesToday, out.Messages7d = msg.Today, msg.Week
	if msg.Settled > 0 {
		r := float64(msg.Delivered) / float64(msg.Settled)
		out.DeliveryRate = &r
	}

	if out.AdherenceDistribution, err = s.adherence(ctx, a); err != nil {
		return out, err
	}
	uq := scoped(g.Table("reminders AS r").Joins("JOIN patients p ON p.id = r.patient_id AND p.deleted_at IS NULL AND p.is_active = ?", true).
		Where("r.tenant_id = ? AND r.deleted_at IS NULL AND r.is_active = ? AND r.next_due_at >= ? AND r.next_due_at < ?", a.TenantID, true, now, tomorrow),
		a, "r.patient_id")
	var up []struct {
		ID, PatientID, Name, Type string
		NextDueAt                 time.Time
	}
	err = uq.Select("r.id, r.patient_id, p.name, r.type, r.next_due_at").Order("r.next_due_at").Limit(20).Scan(&up).Error
	for _, u := range up {
		out.UpcomingToday = append(out.UpcomingToday, Upcoming{ReminderID: u.ID, PatientID: u.PatientID, PatientName: u.Name, DueAt: u.NextDueAt.UTC(), Type: u.Type})
	}
	return out, err
}

// adherence is the distribution of the actor's patients by their 30-day
// adherence (internal/adherence).
func (s *Service) adherence(ctx context.Context, a identity.Actor) ([]Bucket, error) {
	dist, err := s.adh.Distribution(ctx, a, 30)
	out := make([]Bucket, 0, len(dist))
	for _, b := range dist {
		out = append(out, Bucket{Bucket: b.Name, Patients: b.Patients})
	}
	return out, err
}
