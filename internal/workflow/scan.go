package workflow

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Scanning limits: starts per workflow per tick, and per transaction.
const (
	scanLimit = 5000
	startTx   = 200
)

// candidate is a patient a trigger event applies to.
type candidate struct {
	PatientID string
	EventKey  string
	At        time.Time
}

// StartDue starts the executions that tick-driven triggers call for: new
// patients (patient_created), completed surgeries (post_surgery), scheduled
// appointments (appointment) and schedules that fired (schedule). Only
// events after a workflow's activation count; each starts at most once.
func (s *Service) StartDue(ctx context.Context) (int, error) {
	var ws []Workflow
	err := s.db.Gorm.WithContext(ctx).Where("is_active AND deleted_at IS NULL AND trigger_type IN ?",
		[]string{TriggerPatientCreated, TriggerPostSurgery, TriggerAppointment, TriggerSchedule}).Find(&ws).Error
	if err != nil {
		return 0, err
	}
	now := s.now()
	total := 0
	for _, w := range ws {
		if w.ActivatedAt == nil {
			continue
		}
		cands, err := s.candidates(ctx, w, now)
		if err != nil {
			return total, err
		}
		n, err := s.startCandidates(ctx, w, cands, now)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// candidates are the trigger events of w not yet started.
func (s *Service) candidates(ctx context.Context, w Workflow, now time.Time) ([]candidate, error) {
	q := s.db.Gorm.WithContext(ctx)
	var out []candidate
	since := *w.ActivatedAt
	switch w.TriggerType {
	case TriggerPatientCreated:
		err := q.Raw(`SELECT p.id AS patient_id, 'patient_created' AS event_key, p.created_at AS at FROM patients p
WHERE p.tenant_id = ? AND p.deleted_at IS NULL AND p.is_active AND p.created_at >= ?
AND NOT EXISTS (SELECT 1 FROM workflow_executions e WHERE e.workflow_id = ? AND e.patient_id = p.id AND e.trigger_event_id = 'patient_created')
ORDER BY p.created_at LIMIT ?`, w.TenantID, since, w.ID, scanLimit).Scan(&out).Error
		return out, err
	case TriggerPostSurgery, TriggerAppointment:
		cond := "a.status = 'completed' AND a.updated_at >= ?"
		args := []any{w.TenantID, since}
		if w.TriggerType == TriggerAppointment {
			// Every appointment still ahead, booked before activation or after.
			cond = "a.status = 'scheduled' AND a.starts_at > ?"
			args = []any{w.TenantID, now}
		}
		if st := w.Trigger.V.SurgeryType; st != nil && w.TriggerType == TriggerPostSurgery {
			cond += " AND lower(a.surgery_type) = ?"
			args = append(args, strings.ToLower(*st))
		}
		args = append(args, w.ID, scanLimit)
		err := q.Raw(`SELECT a.patient_id, 'appointment:' || CAST(a.id AS text) AS event_key, a.starts_at AS at FROM appointments a
JOIN patients p ON p.id = a.patient_id AND p.deleted_at IS NULL AND p.is_active
WHERE a.tenant_id = ? AND a.deleted_at IS NULL AND `+cond+`
AND NOT EXISTS (SELECT 1 FROM workflow_executions e WHERE e.workflow_id = ? AND e.patient_id = a.patient_id
  AND e.trigger_event_id = 'appointment:' || CAST(a.id AS text))
ORDER BY a.starts_at LIMIT ?`, args...).Scan(&out).Error
		return out, err
	case TriggerSchedule:
		return s.scheduled(ctx, w, now)
	}
	return nil, nil
}

// scheduled are the patients of w's segment whose schedule fired since the
// last firing they got, in each patient's zone.
func (s *Service) scheduled(ctx context.Context, w Workflow, now time.Time) ([]candidate, error) {
	var rows []struct {
		ID       string
		Timezone string
		Language string
		Tags     string
	}
	q := s.db.Gorm.WithContext(ctx).Raw(`SELECT id, timezone, language, CAST(tags AS text) AS tags FROM patients
WHERE tenant_id = ? AND deleted_at IS NULL AND is_active`, w.TenantID)
	if err := q.Scan(&rows).Error; err != nil {
		return nil, err
	}
	seg := w.Trigger.V.Segment
	since := *w.ActivatedAt
	if d := now.Add(-24 * time.Hour); since.Before(d) {
		since = d
	}
	fired := map[string]string{} // zone → event key ("" when none)
	var out []candidate
	for _, r := range rows {
		if !inSegment(seg, r.Language, r.Tags) {
			continue
		}
		key, ok := fired[r.Timezone]
		if !ok {
			if at, ok := lastOccurrence(w.Trigger.V, zoneOf(r.Timezone), since, now); ok {
				key = "schedule:" + at.Format(time.RFC3339)
			}
			fired[r.Timezone] = key
		}
		if key != "" {
			out = append(out, candidate{PatientID: r.ID, EventKey: key, At: now})
		}
	}
	return s.notStarted(ctx, w.ID, out)
}

// inSegment reports whether a patient with this language and tags (JSON) is in seg.
func inSegment(seg *Segment, language, tagsJSON string) bool {
	if seg == nil {
		return true
	}
	if seg.Language != nil && *seg.Language != "" && *seg.Language != language {
		return false
	}
	has := func(t string) bool { return strings.Contains(strings.ToLower(tagsJSON), `"`+strings.ToLower(t)+`"`) }
	if len(seg.TagsAny) > 0 && !slices.ContainsFunc(seg.TagsAny, has) {
		return false
	}
	for _, t := range seg.TagsAll {
		if !has(t) {
			return false
		}
	}
	return true
}

// notStarted drops candidates whose execution exists.
func (s *Service) notStarted(ctx context.Context, workflowID string, cands []candidate) ([]candidate, error) {
	if len(cands) == 0 {
		return nil, nil
	}
	keys := map[string]bool{}
	for _, c := range cands {
		keys[c.EventKey] = true
	}
	var have []struct{ PatientID, TriggerEventID string }
	if err := s.db.Gorm.WithContext(ctx).Raw("SELECT patient_id, trigger_event_id FROM workflow_executions WHERE workflow_id = ? AND trigger_event_id IN ?",
		workflowID, mapKeys(keys)).Scan(&have).Error; err != nil {
		return nil, err
	}
	done := map[[2]string]bool{}
	for _, h := range have {
		done[[2]string{h.PatientID, h.TriggerEventID}] = true
	}
	out := cands[:0]
	for _, c := range cands {
		if !done[[2]string{c.PatientID, c.EventKey}] {
			out = append(out, c)
		}
		if len(out) >= scanLimit {
			break
		}
	}
	return out, nil
}

func mapKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// startCandidates starts w's current version for each candidate, a few
// hundred per transaction.
func (s *Service) startCandidates(ctx context.Context, w Workflow, cands []candidate, now time.Time) (int, error) {
	if len(cands) == 0 {
		return 0, nil
	}
	v, err := s.version(ctx, s.db.Gorm, w.ID, w.Version)
	if err != nil {
		return 0, err
	}
	n := 0
	for from := 0; from < len(cands); from += startTx {
		part := cands[from:min(from+startTx, len(cands))]
		reqs := make([]startRequest, len(part))
		for i, c := range part {
			reqs[i] = startRequest{TenantID: w.TenantID, WorkflowID: w.ID, Version: v, PatientID: c.PatientID, EventKey: c.EventKey, Day0: c.At}
		}
		err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			out, _, err := s.startMany(ctx, tx, reqs, now)
			for _, o := range out {
				if o.New {
					n++
				}
			}
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
