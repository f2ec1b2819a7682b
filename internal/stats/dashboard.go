// Package stats computes the dashboard's numbers in SQL: counts and
// distributions over patients, reminders, occurrences and messages, scoped to
// what the caller may see (volunteers: their assigned patients).
package stats

import (
	"context"
	"time"

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
}

// NewService builds the stats service.
func NewService(d *db.DB, c clock.Clock) *Service { return &Service{db: d, clock: c} }

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
	rq := scoped(g.Table("reminders").Where("tenant_id = ? AND deleted_at IS NULL AND is_active = ?", a.TenantID, true), a, "patient_id")
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

	if out.AdherenceDistribution, err = s.adherence(ctx, a, now); err != nil {
		return out, err
	}
	uq := scoped(g.Table("reminders AS r").Joins("JOIN patients p ON p.id = r.patient_id").
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

// adherence buckets patients by confirmed ÷ due medication doses over 30 days.
func (s *Service) adherence(ctx context.Context, a identity.Actor, now time.Time) ([]Bucket, error) {
	inner := scoped(s.db.Gorm.WithContext(ctx).Table("occurrences").
		Select(`patient_id, 1.0 * SUM(CASE WHEN state IN ('confirmed','late') THEN 1 ELSE 0 END) / COUNT(*) AS ratio`).
		Where("tenant_id = ? AND reminder_type = 'medication' AND due_at > ? AND due_at <= ? AND state <> 'skipped'", a.TenantID, now.Add(-30*24*time.Hour), now),
		a, "patient_id").Group("patient_id")
	var rows []struct {
		Bucket   string
		Patients int64
	}
	err := s.db.Gorm.WithContext(ctx).Table("(?) AS x", inner).
		Select(`CASE WHEN ratio < 0.25 THEN '0-25' WHEN ratio < 0.5 THEN '25-50' WHEN ratio < 0.75 THEN '50-75' ELSE '75-100' END AS bucket, COUNT(*) AS patients`).
		Group("bucket").Scan(&rows).Error
	counts := map[string]int64{}
	for _, r := range rows {
		counts[r.Bucket] = r.Patients
	}
	out := make([]Bucket, 0, 4)
	for _, b := range []string{"0-25", "25-50", "50-75", "75-100"} {
		out = append(out, Bucket{Bucket: b, Patients: counts[b]})
	}
	return out, err
}
