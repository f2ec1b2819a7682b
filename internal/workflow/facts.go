package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/workflow/flow"
	"gorm.io/gorm"
)

// who is what a transition needs to know of its patient.
type who struct {
	patient patient.Patient // sealed fields opened
	clinic  string
	zone    *time.Location
}

// patients reads the live patients of ids with their clinic's name, sealed
// fields opened, keyed by id. Patients deleted meanwhile are absent.
func (s *Service) patients(ctx context.Context, q *gorm.DB, ids []string) (map[string]who, error) {
	out := map[string]who{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []patient.Patient
	if err := q.WithContext(ctx).Where("id IN ? AND deleted_at IS NULL", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	tenants := map[string]string{}
	for _, p := range rows {
		if _, ok := tenants[p.TenantID]; !ok {
			if c, ok := s.clinics.Load(p.TenantID); ok && time.Since(c.(clinicName).at) < clinicTTL {
				tenants[p.TenantID] = c.(clinicName).name
			}
		}
		for _, f := range []*string{&p.Diagnosis, &p.CancerStage, &p.Notes} {
			v, err := s.keys.Open(*f)
			if err != nil {
				return nil, fmt.Errorf("open patient %s: %w", p.ID, err)
			}
			*f = v
		}
		name, ok := tenants[p.TenantID]
		if !ok {
			if err := q.WithContext(ctx).Raw("SELECT name FROM tenants WHERE id = ?", p.TenantID).Scan(&name).Error; err != nil {
				return nil, err
			}
			tenants[p.TenantID] = name
			s.clinics.Store(p.TenantID, clinicName{name, time.Now()})
		}
		out[p.ID] = who{patient: p, clinic: name, zone: zoneOf(p.Timezone)}
	}
	return out, nil
}

// clinicName is a tenant's name as read at a moment.
type clinicName struct {
	name string
	at   time.Time
}

// clinicTTL is how long a tenant's name is remembered (a rename shows after it).
const clinicTTL = 5 * time.Minute

var zones sync.Map // name → *time.Location

// zoneOf is the named zone (UTC when unknown).
func zoneOf(name string) *time.Location {
	if z, ok := zones.Load(name); ok {
		return z.(*time.Location)
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		z = time.UTC
	}
	zones.Store(name, z)
	return z
}

// view is the patient as conditions read it.
func view(p patient.Patient) flow.Patient {
	f := map[string]any{"name": p.Name, "language": p.Language, "timezone": p.Timezone, "diagnosis": p.Diagnosis,
		"cancer_stage": p.CancerStage, "consent": p.Consent, "is_active": p.IsActive}
	opt := func(k string, v *string) {
		if v != nil && *v != "" {
			f[k] = *v
		}
	}
	opt("gender", p.Gender)
	opt("preferred_channel", p.PreferredChannel)
	opt("external_id", p.ExternalID)
	for k, d := range map[string]patient.Date{"birth_date": p.BirthDate, "last_visit_date": p.LastVisitDate, "last_surgery_date": p.LastSurgeryDate} {
		if d != "" {
			f[k] = string(d)
		}
	}
	attrs := map[string]any{}
	if len(p.Attributes) > 0 {
		_ = json.Unmarshal(p.Attributes, &attrs)
	}
	return flow.Patient{Fields: f, Tags: append([]string(nil), p.Tags...), Attributes: attrs}
}

// env is what the engine reads for one execution.
func env(e Execution, w who, lastStatus string) flow.Env {
	day0, err := time.ParseInLocation(time.DateOnly, e.Day0, w.zone)
	if err != nil {
		day0 = e.StartedAt.In(w.zone)
	}
	intent, _ := e.Context.V["last_reply_intent"].(string)
	return flow.Env{Day0: day0, Zone: w.zone, Patient: view(w.patient), LastReplyIntent: intent, LastMessageStatus: lastStatus}
}

// lastStatuses is the status of the last message each execution sent.
func (s *Service) lastStatuses(ctx context.Context, q *gorm.DB, execIDs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(execIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		SourceID  string
		Status    string
		CreatedAt time.Time
	}
	if err := q.WithContext(ctx).Raw(`SELECT source_id, status, created_at FROM messages WHERE source = 'workflow' AND source_id IN ?
ORDER BY created_at`, execIDs).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.SourceID] = r.Status
	}
	return out, nil
}

// usesStatus reports whether a graph has a condition on message status.
func usesStatus(g flow.Graph) bool {
	for _, n := range g.Nodes {
		if n.Type == flow.TypeCondition {
			if c, err := n.Condition(); err == nil && c.Subject == flow.SubjectMessageStatus {
				return true
			}
		}
	}
	return false
}

// versionCache keeps workflow versions (they never change once written).
type versionCache struct {
	mu sync.Mutex
	m  map[string]VersionRow
}

func newVersionCache() *versionCache { return &versionCache{m: map[string]VersionRow{}} }

// version reads one workflow version through the cache.
func (s *Service) version(ctx context.Context, q *gorm.DB, workflowID string, v int) (VersionRow, error) {
	key := fmt.Sprintf("%s@%d", workflowID, v)
	s.versions.mu.Lock()
	row, ok := s.versions.m[key]
	s.versions.mu.Unlock()
	if ok {
		return row, nil
	}
	if err := q.WithContext(ctx).Where("workflow_id = ? AND version = ?", workflowID, v).Take(&row).Error; err != nil {
		return VersionRow{}, err
	}
	s.versions.mu.Lock()
	if len(s.versions.m) > 1000 {
		s.versions.m = map[string]VersionRow{}
	}
	s.versions.m[key] = row
	s.versions.mu.Unlock()
	return row, nil
}
