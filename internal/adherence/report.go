package adherence

import (
	"context"
	"fmt"
	"strings"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// Service reports adherence to people, scoped to what each may see: admins
// and developers the whole tenant, volunteers their assigned patients.
type Service struct {
	db    *db.DB
	clock clock.Clock
}

// NewService builds the report service.
func NewService(d *db.DB, c clock.Clock) *Service {
	if c == nil {
		c = clock.System{}
	}
	return &Service{db: d, clock: c}
}

// BucketNames name the bars of the distribution: adherence below 25 %, from
// 25 % to below 50 %, from 50 % to below 75 %, and 75 % or more.
var BucketNames = []string{"0-25", "25-50", "50-75", "75-100"}

// bucketBounds are the lower bounds of all buckets but the first.
var bucketBounds = []string{"0.25", "0.5", "0.75"}

// Bucket is one bar of the distribution.
type Bucket struct {
	Name     string
	Patients int64
}

// Defaults and limits of a report.
const (
	DefaultWindow  = 30
	DefaultPerPage = 50
	MaxPerPage     = 100
)

// Query asks for a report.
type Query struct {
	Window        int    // 7, 30 or 90 days; 0 is DefaultWindow
	PatientID     string // only this patient (404 when the actor may not see them)
	Sort          string // "adherence" (lowest first, the default) or "-adherence"
	Page, PerPage int
}

// PatientCounts is one patient's settled doses in the window.
type PatientCounts struct {
	PatientID string
	Name      string
	Counts
}

// Report is the cohort of patients with a settled dose in the window, and one
// page of them.
type Report struct {
	Window       int
	First, Last  int64 // the window's days (see Day)
	Cohort       Counts
	Distribution []Bucket
	Patients     []PatientCounts
	Total        int64 // patients in the cohort
	Page         int
	PerPage      int
}

func (q *Query) normalise() error {
	var fe errs.Fields
	if q.Window == 0 {
		q.Window = DefaultWindow
	}
	if !ValidWindow(q.Window) {
		fe.Add("window", "must be 7, 30 or 90")
	}
	q.PatientID = strings.TrimSpace(q.PatientID)
	if q.PatientID != "" && !ids.Valid(q.PatientID) {
		fe.Add("patient_id", "must be a patient id")
	}
	switch q.Sort {
	case "":
		q.Sort = "adherence"
	case "adherence", "-adherence":
	default:
		fe.Add("sort", "must be adherence or -adherence")
	}
	if q.Page < 1 {
		q.Page = 1
	}
	switch {
	case q.PerPage <= 0:
		q.PerPage = DefaultPerPage
	case q.PerPage > MaxPerPage:
		q.PerPage = MaxPerPage
	}
	return fe.Err()
}

// scope is the cohort's subquery: the live patients of the tenant the actor
// may see (only patientID, when given), and its arguments.
func scope(a identity.Actor, patientID string) (string, []any, error) {
	sql, args := "SELECT id FROM patients WHERE tenant_id = ? AND deleted_at IS NULL", []any{a.TenantID}
	switch a.Role {
	case identity.RoleAdmin, identity.RoleDeveloper:
	case identity.RoleVolunteer:
		sql, args = sql+" AND assigned_volunteer_id = ?", append(args, a.UserID)
	default:
		return "", nil, fmt.Errorf("unknown role: %w", errs.ErrForbidden)
	}
	if patientID != "" {
		sql, args = sql+" AND id = ?", append(args, patientID)
	}
	return sql, args, nil
}

// perPatient is the per-patient sums of the window, with each patient's ratio.
func perPatient(a identity.Actor, q Query, first, last int64) (string, []any, error) {
	visible, vargs, err := scope(a, q.PatientID)
	if err != nil {
		return "", nil, err
	}
	sql := `SELECT d.patient_id AS patient_id, SUM(d.confirmed) AS confirmed, SUM(d.late) AS late, SUM(d.missed) AS missed,
  1.0 * SUM(d.confirmed + d.late) / SUM(d.confirmed + d.late + d.missed) AS ratio
FROM ` + Table + ` d
WHERE d.tenant_id = ? AND d.day >= ? AND d.day <= ?`
	args := []any{a.TenantID, first, last}
	if q.PatientID != "" {
		sql, args = sql+" AND d.patient_id = ?", append(args, q.PatientID)
	}
	sql += " AND d.patient_id IN (" + visible + `)
GROUP BY d.patient_id
HAVING SUM(d.confirmed + d.late + d.missed) > 0`
	return sql, append(args, vargs...), nil
}

// cohortSQL sums the per-patient rows: patients, counts, and the buckets.
func cohortSQL(inner string) string {
	var b strings.Builder
	b.WriteString(`SELECT COUNT(*) AS patients, COALESCE(SUM(confirmed), 0) AS confirmed, COALESCE(SUM(late), 0) AS late,
  COALESCE(SUM(missed), 0) AS missed`)
	for i := range BucketNames {
		var cond []string
		if i > 0 {
			cond = append(cond, "ratio >= "+bucketBounds[i-1])
		}
		if i < len(bucketBounds) {
			cond = append(cond, "ratio < "+bucketBounds[i])
		}
		fmt.Fprintf(&b, ",\n  COALESCE(SUM(CASE WHEN %s THEN 1 ELSE 0 END), 0) AS b%d", strings.Join(cond, " AND "), i)
	}
	b.WriteString("\nFROM (" + inner + ") x")
	return b.String()
}

// cohort runs cohortSQL: the cohort's counts and distribution.
func (s *Service) cohort(ctx context.Context, g *gorm.DB, inner string, args []any) (patients int64, c Counts, dist []Bucket, err error) {
	rows, err := g.WithContext(ctx).Raw(cohortSQL(inner), args...).Rows()
	if err != nil {
		return 0, Counts{}, nil, err
	}
	defer rows.Close()
	counts := make([]int64, len(BucketNames))
	dest := []any{&patients, &c.Confirmed, &c.Late, &c.Missed}
	for i := range counts {
		dest = append(dest, &counts[i])
	}
	if rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return 0, Counts{}, nil, err
		}
	}
	dist = make([]Bucket, len(BucketNames))
	for i, name := range BucketNames {
		dist[i] = Bucket{Name: name, Patients: counts[i]}
	}
	return patients, c, dist, rows.Err()
}

// Distribution is the cohort's distribution over the window of n days: how
// many of the patients the actor may see fall in each bucket. One statement.
func (s *Service) Distribution(ctx context.Context, a identity.Actor, n int) ([]Bucket, error) {
	q := Query{Window: n}
	if err := q.normalise(); err != nil {
		return nil, err
	}
	first, last := Span(q.Window, s.clock.Now())
	inner, args, err := perPatient(a, q, first, last)
	if err != nil {
		return nil, err
	}
	_, _, dist, err := s.cohort(ctx, s.db.Gorm, inner, args)
	return dist, err
}

// Report is the adherence of the patients the actor may see over a window:
// the cohort (counts, distribution) and a page of patients, lowest adherence
// first unless asked otherwise. Two statements (three with a patient id).
func (s *Service) Report(ctx context.Context, a identity.Actor, q Query) (Report, error) {
	if err := q.normalise(); err != nil {
		return Report{}, err
	}
	g := s.db.Gorm.WithContext(ctx)
	if q.PatientID != "" {
		visible, vargs, err := scope(a, q.PatientID)
		if err != nil {
			return Report{}, err
		}
		var found []string
		if err := g.Raw(visible, vargs...).Scan(&found).Error; err != nil {
			return Report{}, err
		}
		if len(found) == 0 {
			return Report{}, errs.ErrNotFound
		}
	}
	first, last := Span(q.Window, s.clock.Now())
	out := Report{Window: q.Window, First: first, Last: last, Page: q.Page, PerPage: q.PerPage, Patients: []PatientCounts{}}
	inner, args, err := perPatient(a, q, first, last)
	if err != nil {
		return Report{}, err
	}
	if out.Total, out.Cohort, out.Distribution, err = s.cohort(ctx, g, inner, args); err != nil {
		return Report{}, err
	}
	if out.Total == 0 || int64((q.Page-1)*q.PerPage) >= out.Total {
		return out, nil
	}
	order := "x.ratio ASC, x.patient_id ASC"
	if q.Sort == "-adherence" {
		order = "x.ratio DESC, x.patient_id ASC"
	}
	var rows []struct {
		PatientID, Name         string
		Confirmed, Late, Missed int64
	}
	err = g.Raw(`SELECT x.patient_id, p.name, x.confirmed, x.late, x.missed FROM (`+inner+`) x
JOIN patients p ON p.id = x.patient_id
ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, q.PerPage, (q.Page-1)*q.PerPage)...).Scan(&rows).Error
	for _, r := range rows {
		out.Patients = append(out.Patients, PatientCounts{PatientID: r.PatientID, Name: r.Name,
			Counts: Counts{Confirmed: r.Confirmed, Late: r.Late, Missed: r.Missed}})
	}
	return out, err
}
