package campaign

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Why a patient of the audience will not be messaged, as the outbox would
// decide it (in the same order), decided when the audience is expanded.
func exclusionSQL() string {
	return `CASE
  WHEN p.phone = '' THEN '` + SkipNoPhone + `'
  WHEN p.consent = 'revoked' THEN '` + SkipOptedOut + `'
  WHEN p.consent <> 'granted' THEN '` + SkipNoConsent + `'
  WHEN EXISTS (SELECT 1 FROM conversations cv WHERE cv.tenant_id = p.tenant_id AND cv.patient_id = p.id
               AND cv.flag = 'urgent' AND cv.status = 'open') THEN '` + SkipUrgentConversation + `'
  ELSE NULL END`
}

// where is the audience as a WHERE over patients p, with its arguments.
// today is the tenant's date (ages are counted on it).
func (s *Service) where(tenantID string, a Audience, today time.Time) (string, []any) {
	w := "p.tenant_id = ? AND p.deleted_at IS NULL AND p.is_active"
	args := []any{tenantID}
	add := func(cond string, more ...any) {
		w += " AND " + cond
		args = append(args, more...)
	}
	if len(a.PatientIDs) > 0 {
		add("p.id IN ?", a.PatientIDs)
		return w, args
	}
	g := a.Segment
	if g == nil {
		return w + " AND 1 = 0", args
	}
	if len(g.TagsAny) > 0 {
		cond := ""
		for i, t := range g.TagsAny {
			if i > 0 {
				cond += " OR "
			}
			cond += s.db.JSONArrayContains("p.tags")
			args = append(args, t)
		}
		w += " AND (" + cond + ")"
	}
	for _, t := range g.TagsAll {
		add(s.db.JSONArrayContains("p.tags"), t)
	}
	for k, v := range g.Attributes {
		if s.db.Dialect == db.Postgres {
			add("p.attributes ->> ? = ?", k, v)
		} else {
			add(`CAST(json_extract(p.attributes, ?) AS TEXT) = ?`, `$."`+k+`"`, v)
		}
	}
	if g.SurgeryType != nil {
		add(`EXISTS (SELECT 1 FROM appointments ap WHERE ap.tenant_id = p.tenant_id AND ap.patient_id = p.id
  AND ap.deleted_at IS NULL AND lower(ap.surgery_type) = lower(?))`, *g.SurgeryType)
	}
	dateCol := func(col string, from, to *string) {
		if from != nil {
			add(col+" >= ?", *from)
		}
		if to != nil {
			add(col+" <= ?", *to)
		}
	}
	dateCol("p.last_visit_date", g.LastVisitFrom, g.LastVisitTo)
	dateCol("p.last_surgery_date", g.LastSurgeryFrom, g.LastSurgeryTo)
	if g.AgeMin != nil {
		// At least AgeMin years old today: born on or before today minus AgeMin years.
		add("p.birth_date <= ?", today.AddDate(-*g.AgeMin, 0, 0).Format(time.DateOnly))
	}
	if g.AgeMax != nil {
		// At most AgeMax years old: born after today minus AgeMax+1 years.
		add("p.birth_date > ?", today.AddDate(-*g.AgeMax-1, 0, 0).Format(time.DateOnly))
	}
	if g.Gender != nil {
		add("p.gender = ?", *g.Gender)
	}
	if g.Language != nil {
		add("p.language = ?", *g.Language)
	}
	if g.Consent != nil {
		add("p.consent = ?", *g.Consent)
	}
	return w, args
}

// tenantToday is the date in the tenant's time zone.
func (s *Service) tenantToday(ctx context.Context, q *gorm.DB, tenantID string) (time.Time, *time.Location, error) {
	var tz string
	if err := q.WithContext(ctx).Raw("SELECT timezone FROM tenants WHERE id = ?", tenantID).Scan(&tz).Error; err != nil {
		return time.Time{}, nil, err
	}
	loc := zoneOf(tz)
	n := s.clock.Now().In(loc)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), loc, nil
}

// checkPatients refuses explicit ids that are not live patients of the tenant.
func (s *Service) checkPatients(ctx context.Context, tenantID string, a Audience) error {
	return s.checkPatientsIn(ctx, s.db.Gorm, tenantID, a)
}

func (s *Service) checkPatientsIn(ctx context.Context, q *gorm.DB, tenantID string, a Audience) error {
	if len(a.PatientIDs) == 0 {
		return nil
	}
	found := map[string]bool{}
	for start := 0; start < len(a.PatientIDs); start += 1000 {
		part := a.PatientIDs[start:min(start+1000, len(a.PatientIDs))]
		var got []string
		if err := q.WithContext(ctx).Raw("SELECT id FROM patients WHERE tenant_id = ? AND deleted_at IS NULL AND id IN ?", tenantID, part).
			Scan(&got).Error; err != nil {
			return err
		}
		for _, id := range got {
			found[id] = true
		}
	}
	var fe errs.Fields
	for i, id := range a.PatientIDs {
		if !found[id] {
			fe.AddCode(fmt.Sprintf("audience.patient_ids[%d]", i), "not_found_ref", "no such patient")
		}
	}
	return fe.Err()
}

// Preview is the audience of a segment as execute would expand it now.
type Preview struct {
	// Count is every patient the audience chooses: the recipient rows execute creates.
	Count int64
	// Eligible are those who will be messaged; the others are in Exclusions by reason.
	Eligible   int64
	Exclusions map[string]int64
	Sample     []patient.Patient
}

// Exclusion reasons a preview counts, in the order they are decided.
var ExclusionReasons = []string{SkipNoPhone, SkipOptedOut, SkipNoConsent, SkipUrgentConversation, AlreadyInCampaign}

// AlreadyInCampaign counts, in a preview for an existing campaign, the patients
// it already has a recipient row for (they are never messaged again).
const AlreadyInCampaign = "already_in_campaign"

// PreviewAudience counts an audience and shows a sample of it. campaignID,
// when given, counts the patients that campaign already holds.
func (s *Service) PreviewAudience(ctx context.Context, a identity.Actor, aud Audience, campaignID string) (Preview, error) {
	if err := requirePreview(a); err != nil {
		return Preview{}, err
	}
	var fe errs.Fields
	checkAudience(&fe, aud)
	if err := fe.Err(); err != nil {
		return Preview{}, err
	}
	if err := s.checkPatients(ctx, a.TenantID, aud); err != nil {
		return Preview{}, err
	}
	if campaignID != "" {
		if _, err := s.load(ctx, s.db.Gorm, a.TenantID, campaignID); err != nil {
			return Preview{}, err
		}
	}
	q := s.db.Gorm.WithContext(ctx)
	today, _, err := s.tenantToday(ctx, q, a.TenantID)
	if err != nil {
		return Preview{}, err
	}
	w, args := s.where(a.TenantID, aud, today)
	reason := exclusionSQL()
	var reasonArgs []any
	if campaignID != "" {
		reason = "CASE WHEN EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = ? AND r.patient_id = p.id) THEN '" +
			AlreadyInCampaign + "' ELSE " + reason + " END"
		reasonArgs = append(reasonArgs, campaignID)
	}
	var rows []struct {
		Reason *string
		N      int64
	}
	err = q.Raw("SELECT x.reason, count(*) AS n FROM (SELECT "+reason+" AS reason FROM patients p WHERE "+w+") x GROUP BY x.reason",
		append(reasonArgs, args...)...).Scan(&rows).Error
	if err != nil {
		return Preview{}, err
	}
	out := Preview{Exclusions: map[string]int64{}}
	for _, r := range ExclusionReasons {
		out.Exclusions[r] = 0
	}
	for _, r := range rows {
		out.Count += r.N
		if r.Reason == nil {
			out.Eligible += r.N
		} else {
			out.Exclusions[*r.Reason] += r.N
		}
	}
	if err := q.Raw("SELECT p.* FROM patients p WHERE "+w+" ORDER BY p.id LIMIT "+strconv.Itoa(SampleSize), args...).
		Scan(&out.Sample).Error; err != nil {
		return Preview{}, err
	}
	for i := range out.Sample {
		// The sample shows who is chosen, not their clinical record (sealed at rest).
		out.Sample[i].Diagnosis, out.Sample[i].CancerStage, out.Sample[i].Notes = "", "", ""
	}
	return out, nil
}
