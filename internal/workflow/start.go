package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/workflow/flow"
	"gorm.io/gorm"
)

// startRequest asks for one execution of a workflow version for a patient.
type startRequest struct {
	TenantID   string
	WorkflowID string
	Version    VersionRow
	PatientID  string
	EventKey   string         // the trigger event: unique per (workflow, patient)
	Day0       time.Time      // the trigger's moment; its date in the patient's zone is day 0
	Context    map[string]any // the trigger's data (a webhook's payload, …)
}

// started is what a start did: the execution's id, and whether it is new.
type started struct {
	ID  string
	New bool
}

// startMany starts executions in tx, at most one per (workflow, patient,
// event): an event seen before starts nothing and reports the execution it
// started. Each new execution walks from its trigger at once, and that walk's
// effects are applied in the same transaction.
func (s *Service) startMany(ctx context.Context, tx *gorm.DB, reqs []startRequest, now time.Time) ([]started, bool, error) {
	if len(reqs) == 0 {
		return nil, false, nil
	}
	pids := make([]string, 0, len(reqs))
	for _, r := range reqs {
		pids = append(pids, r.PatientID)
	}
	people, err := s.patients(ctx, tx, pids)
	if err != nil {
		return nil, false, err
	}
	var ts []transition
	var rows []any
	var marks []string
	for _, r := range reqs {
		w, ok := people[r.PatientID]
		if !ok {
			continue // deleted meanwhile
		}
		e := Execution{ID: ids.New(), TenantID: r.TenantID, WorkflowID: r.WorkflowID, WorkflowVersion: r.Version.Version,
			PatientID: r.PatientID, TriggerEventID: r.EventKey, Status: StatusRunning, StateVersion: 1,
			Day0: r.Day0.In(w.zone).Format(time.DateOnly), StartedAt: now, UpdatedAt: now}
		e.Context.V = orEmpty(r.Context)
		next, effects, steps := flow.Advance(r.Version.Graph.V, flow.State{Status: StatusRunning, Context: e.Context.V},
			flow.Event{Kind: flow.EventStart, At: now}, env(e, w, ""))
		ctxJSON, err := json.Marshal(orEmpty(next.Context))
		if err != nil {
			return nil, false, err
		}
		nextRun := utcPtr(next.NextRunAt)
		if next.Status == StatusWaiting && next.Waiting == waitWebhook {
			nextRun = &now
			s.poke()
		}
		var finished *time.Time
		if next.Status == StatusCompleted || next.Status == StatusFailed {
			finished = &now
		}
		marks = append(marks, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)")
		rows = append(rows, e.ID, e.TenantID, e.WorkflowID, e.WorkflowVersion, e.PatientID, e.TriggerEventID, next.Status,
			next.NodeID, next.Waiting, nextRun, next.Steps, string(ctxJSON), e.Day0, now, finished, now)
		// Saved by the insert: the transition needs no guarded update.
		ts = append(ts, transition{exec: e, next: next, effects: effects, steps: steps, who: w})
	}
	if len(ts) == 0 {
		return nil, false, nil
	}
	var inserted []string
	err = tx.WithContext(ctx).Raw(`INSERT INTO workflow_executions (id, tenant_id, workflow_id, workflow_version, patient_id, trigger_event_id,
status, current_node_id, waiting, next_run_at, state_version, step_count, context, day0, started_at, finished_at, updated_at)
VALUES `+strings.Join(marks, ", ")+`
ON CONFLICT (workflow_id, patient_id, trigger_event_id) DO NOTHING RETURNING id`, rows...).Scan(&inserted).Error
	if err != nil {
		return nil, false, fmt.Errorf("start workflow executions: %w", err)
	}
	isNew := map[string]bool{}
	for _, id := range inserted {
		isNew[id] = true
	}
	var fresh []transition
	out := make([]started, 0, len(ts))
	for _, t := range ts {
		if isNew[t.exec.ID] {
			fresh = append(fresh, t)
			out = append(out, started{ID: t.exec.ID, New: true})
			continue
		}
		var id string
		if err := tx.WithContext(ctx).Raw("SELECT id FROM workflow_executions WHERE workflow_id = ? AND patient_id = ? AND trigger_event_id = ?",
			t.exec.WorkflowID, t.exec.PatientID, t.exec.TriggerEventID).Scan(&id).Error; err != nil {
			return nil, false, err
		}
		out = append(out, started{ID: id})
	}
	if err := s.recordFinished(tx, fresh); err != nil {
		return nil, false, err
	}
	queued, err := s.effects(ctx, tx, fresh, now)
	return out, queued, err
}

// StartFromWebhook starts workflowID (its current version, when active) for
// patientID once per eventKey, in tx, with the payload as context (inbound
// webhooks, SPEC §9). started is false when that event already started one.
func (s *Service) StartFromWebhook(ctx context.Context, tx *gorm.DB, tenantID, workflowID, patientID, eventKey string, payload map[string]any) (string, bool, error) {
	w, err := s.load(ctx, tx, tenantID, workflowID)
	if err != nil {
		return "", false, err
	}
	if !w.IsActive {
		return "", false, ErrInactive
	}
	v, err := s.version(ctx, tx, w.ID, w.Version)
	if err != nil {
		return "", false, err
	}
	now := s.now()
	out, _, err := s.startMany(ctx, tx, []startRequest{{TenantID: tenantID, WorkflowID: w.ID, Version: v, PatientID: patientID,
		EventKey: eventKey, Day0: now, Context: map[string]any{"trigger": payload}}}, now)
	if err != nil || len(out) == 0 {
		return "", false, err
	}
	return out[0].ID, out[0].New, nil
}
