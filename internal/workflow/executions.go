package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// ErrInactive: the workflow is not active, so nothing starts it.
var ErrInactive = fmt.Errorf("workflow: not active: %w", errs.ErrNotFound)

// Statuses lists every execution status.
var Statuses = []string{StatusRunning, StatusWaiting, StatusCompleted, StatusFailed, StatusCancelled}

// ExecutionFilter narrows the execution list.
type ExecutionFilter struct {
	WorkflowID, PatientID, Status string
	Page, PerPage                 int
}

// ExecutionWithSteps is an execution and its step log, oldest step first.
type ExecutionWithSteps struct {
	Execution
	Steps []Step
}

// Executions lists the tenant's executions, newest first (volunteers see
// their own patients').
func (s *Service) Executions(ctx context.Context, a identity.Actor, f ExecutionFilter) ([]Execution, int64, error) {
	if err := requireRead(a); err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	for field, v := range map[string]string{"workflow_id": f.WorkflowID, "patient_id": f.PatientID} {
		if v != "" && !ids.Valid(v) {
			fe.AddCode(field, "invalid_format", "must be an id")
		}
	}
	if f.Status != "" && !slices.Contains(Statuses, f.Status) {
		fe.AddCode("status", "invalid_enum", "must be one of "+strings.Join(Statuses, ", "))
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	per = min(per, MaxPerPage)
	q := s.db.Gorm.WithContext(ctx).Model(&Execution{}).Where("tenant_id = ?", a.TenantID)
	if a.Role == identity.RoleVolunteer {
		q = q.Where("patient_id IN (SELECT id FROM patients WHERE tenant_id = ? AND assigned_volunteer_id = ?)", a.TenantID, a.UserID)
	}
	if f.WorkflowID != "" {
		q = q.Where("workflow_id = ?", f.WorkflowID)
	}
	if f.PatientID != "" {
		q = q.Where("patient_id = ?", f.PatientID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Execution
	if err := q.Order("started_at DESC, id DESC").Offset((page - 1) * per).Limit(per).Find(&out).Error; err != nil {
		return nil, 0, err
	}
	return out, total, s.withNames(ctx, out)
}

// withNames fills in the patients' names, in one read.
func (s *Service) withNames(ctx context.Context, execs []Execution) error {
	if len(execs) == 0 {
		return nil
	}
	pids := make([]string, 0, len(execs))
	for _, e := range execs {
		pids = append(pids, e.PatientID)
	}
	var rows []struct{ ID, Name string }
	if err := s.db.Gorm.WithContext(ctx).Raw("SELECT id, name FROM patients WHERE id IN ?", pids).Scan(&rows).Error; err != nil {
		return err
	}
	names := make(map[string]string, len(rows))
	for _, r := range rows {
		names[strings.ToLower(r.ID)] = r.Name
	}
	for i := range execs {
		execs[i].PatientName = names[strings.ToLower(execs[i].PatientID)]
	}
	return nil
}

// GetExecution returns one execution of the tenant with its step log.
func (s *Service) GetExecution(ctx context.Context, a identity.Actor, id string) (ExecutionWithSteps, error) {
	if err := requireRead(a); err != nil {
		return ExecutionWithSteps{}, err
	}
	e, err := s.execution(ctx, s.db.Gorm, a, id)
	if err != nil {
		return ExecutionWithSteps{}, err
	}
	var steps []Step
	if err := s.db.Gorm.WithContext(ctx).Where("execution_id = ?", e.ID).Order("seq").Find(&steps).Error; err != nil {
		return ExecutionWithSteps{}, err
	}
	one := []Execution{e}
	if err := s.withNames(ctx, one); err != nil {
		return ExecutionWithSteps{}, err
	}
	e = one[0]
	return ExecutionWithSteps{Execution: e, Steps: steps}, nil
}

// execution reads one execution the actor may see; ErrNotFound otherwise.
func (s *Service) execution(ctx context.Context, q *gorm.DB, a identity.Actor, id string) (Execution, error) {
	if !ids.Valid(id) {
		return Execution{}, errs.ErrNotFound
	}
	var e Execution
	err := q.WithContext(ctx).Where("tenant_id = ? AND id = ?", a.TenantID, id).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Execution{}, errs.ErrNotFound
	}
	if err != nil {
		return Execution{}, err
	}
	if a.Role == identity.RoleVolunteer {
		var n int64
		if err := q.WithContext(ctx).Raw("SELECT count(*) FROM patients WHERE id = ? AND assigned_volunteer_id = ?", e.PatientID, a.UserID).
			Scan(&n).Error; err != nil || n == 0 {
			return Execution{}, errs.ErrNotFound
		}
	}
	return e, nil
}

// Cancel stops an execution at once: nothing more of it runs, whatever
// timer or event comes later.
func (s *Service) Cancel(ctx context.Context, a identity.Actor, id string) (ExecutionWithSteps, error) {
	if err := requireWrite(a); err != nil {
		return ExecutionWithSteps{}, err
	}
	e, err := s.execution(ctx, s.db.Gorm, a, id)
	if err != nil {
		return ExecutionWithSteps{}, err
	}
	if e.Status != StatusRunning && e.Status != StatusWaiting {
		return ExecutionWithSteps{}, fmt.Errorf("the execution has already ended (%s): %w", e.Status, errs.ErrConflict)
	}
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return s.cancel(ctx, tx, e, "cancelled by "+a.Name, s.now())
	})
	if err != nil {
		return ExecutionWithSteps{}, err
	}
	return s.GetExecution(ctx, a, id)
}

// cancel ends e as cancelled if it is still in the state read (ErrConflict
// when it moved meanwhile), closing the step it waited at.
func (s *Service) cancel(ctx context.Context, tx *gorm.DB, e Execution, why string, now time.Time) error {
	res := tx.WithContext(ctx).Exec(`UPDATE workflow_executions SET status = 'cancelled', waiting = '', next_run_at = NULL, finished_at = ?,
state_version = state_version + 1, claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND state_version = ?`,
		now, now, e.ID, e.StateVersion)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("the execution moved meanwhile; try again: %w", errs.ErrConflict)
	}
	err := s.recordEnded(tx, []ended{{ID: e.ID, TenantID: e.TenantID, WorkflowID: e.WorkflowID, PatientID: e.PatientID, Status: StatusCancelled}})
	if err != nil {
		return err
	}
	why = strings.TrimSpace(why)
	return tx.WithContext(ctx).Exec(`UPDATE workflow_steps SET status = 'skipped', finished_at = ?, detail = ?
WHERE execution_id = ? AND status = 'waiting'`, now, why, e.ID).Error
}

// MaxManualPatients is how many patients one manual run may start.
const MaxManualPatients = 500

// RunFor starts a manual (or any active) workflow for the chosen patients now;
// runID names this request, so that a retried request starts nothing twice.
func (s *Service) RunFor(ctx context.Context, a identity.Actor, id string, patientIDs []string, runID string) ([]string, error) {
	if err := requireWrite(a); err != nil {
		return nil, err
	}
	var fe errs.Fields
	switch {
	case len(patientIDs) == 0:
		fe.AddCode("patient_ids", "required", "choose at least one patient")
	case len(patientIDs) > MaxManualPatients:
		fe.AddCode("patient_ids", "too_many", fmt.Sprintf("at most %d patients at once", MaxManualPatients))
	}
	for i, p := range patientIDs {
		if !ids.Valid(p) {
			fe.AddCode(fmt.Sprintf("patient_ids[%d]", i), "invalid_format", "must be a patient id")
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	w, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return nil, err
	}
	if !w.IsActive {
		return nil, fmt.Errorf("activate the workflow before running it: %w", errs.ErrConflict)
	}
	var found []string
	q := s.db.Gorm.WithContext(ctx).Raw("SELECT id FROM patients WHERE tenant_id = ? AND id IN ? AND deleted_at IS NULL", a.TenantID, patientIDs)
	if a.Role == identity.RoleVolunteer {
		q = s.db.Gorm.WithContext(ctx).Raw("SELECT id FROM patients WHERE tenant_id = ? AND id IN ? AND deleted_at IS NULL AND assigned_volunteer_id = ?",
			a.TenantID, patientIDs, a.UserID)
	}
	if err := q.Scan(&found).Error; err != nil {
		return nil, err
	}
	for i, p := range patientIDs {
		if !slices.Contains(found, p) {
			fe.AddCode(fmt.Sprintf("patient_ids[%d]", i), "not_found_ref", "no such patient")
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	v, err := s.version(ctx, s.db.Gorm, w.ID, w.Version)
	if err != nil {
		return nil, err
	}
	now := s.now()
	reqs := make([]startRequest, 0, len(found))
	for _, p := range slices.Compact(slices.Sorted(slices.Values(found))) {
		reqs = append(reqs, startRequest{TenantID: a.TenantID, WorkflowID: w.ID, Version: v, PatientID: p, EventKey: "manual:" + runID, Day0: now,
			Context: map[string]any{"trigger": map[string]any{"started_by": a.UserID}}})
	}
	var out []string
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res, _, err := s.startMany(ctx, tx, reqs, now)
		for _, r := range res {
			out = append(out, r.ID)
		}
		return err
	})
	s.poke()
	return out, err
}

func fmtSscan(hhmm string, h, m *int) (int, error) { return fmt.Sscanf(hhmm, "%d:%d", h, m) }
