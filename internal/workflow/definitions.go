package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/workflow/flow"
	"github.com/prima-health/prima/pkg/stdwebhooks"
	"gorm.io/gorm"
)

// Audit actions.
const (
	ResourceType     = "workflow"
	ActionCreate     = "workflow.create"
	ActionUpdate     = "workflow.update"
	ActionDelete     = "workflow.delete"
	ActionActivate   = "workflow.activate"
	ActionDeactivate = "workflow.deactivate"
)

// Limits of a workflow's texts.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 2000
)

// Input creates a workflow: a graph, or the linear steps stored as one.
type Input struct {
	Name        string
	Description string
	Trigger     Trigger
	Graph       *flow.Graph
	Steps       []flow.LinearStep
}

// Patch changes a workflow; nil fields stay. A new trigger, graph or steps
// make a new version.
type Patch struct {
	Name        *string
	Description *string
	Trigger     *Trigger
	Graph       *flow.Graph
	Steps       []flow.LinearStep
	Version     *int
}

// Filter narrows the workflow list.
type Filter struct {
	Active        *bool
	TriggerType   string
	Search        string
	Page, PerPage int
}

// Paging defaults.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

// graphOf is the graph given, or the linear steps converted; exactly one.
func graphOf(g *flow.Graph, steps []flow.LinearStep, required bool) (*flow.Graph, errs.Fields) {
	var fe errs.Fields
	switch {
	case g != nil && steps != nil:
		fe.AddCode("steps", "mutually_exclusive", "give either graph or steps, not both")
		return nil, fe
	case steps != nil:
		out, sfe := flow.FromSteps(steps)
		if len(sfe) > 0 {
			return nil, sfe
		}
		return &out, nil
	case g == nil && required:
		fe.AddCode("graph", "required", "give the workflow's graph (or its steps)")
		return nil, fe
	}
	return g, nil
}

// Validate checks a trigger and a graph (or steps) as saving would, without
// saving (POST /workflows/validate).
func (s *Service) Validate(ctx context.Context, a identity.Actor, t Trigger, g *flow.Graph, steps []flow.LinearStep) error {
	if err := requireRead(a); err != nil {
		return err
	}
	fe := checkTrigger(t)
	graph, gfe := graphOf(g, steps, true)
	fe = append(fe, gfe...)
	if graph != nil {
		fe = append(fe, s.checkGraph(ctx, a.TenantID, *graph)...)
	}
	return fe.Err()
}

// checkGraph is flow.Validate plus what needs the database: the templates
// send_message steps name belong to the tenant.
func (s *Service) checkGraph(ctx context.Context, tenantID string, g flow.Graph) errs.Fields {
	fe := flow.Validate(g)
	if len(fe) > 0 {
		return fe
	}
	for _, n := range g.Nodes {
		if n.Type != flow.TypeSendMessage {
			continue
		}
		sm, err := n.SendMessage()
		if err != nil || sm.TemplateID == "" {
			continue
		}
		field := "graph.nodes[" + n.ID + "].data.template_id"
		if !ids.Valid(sm.TemplateID) {
			fe.AddCode(field, "not_found_ref", "no such template")
			continue
		}
		var n int64
		if err := s.db.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM templates WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL",
			tenantID, sm.TemplateID).Scan(&n).Error; err != nil || n == 0 {
			fe.AddCode(field, "not_found_ref", "no such template")
		}
	}
	return fe
}

// Create saves a new, inactive workflow at version 1 with a fresh signing secret.
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Workflow, error) {
	if err := requireAdmin(a); err != nil {
		return Workflow{}, err
	}
	fe := checkTexts(&in.Name, &in.Description, true)
	fe = append(fe, checkTrigger(in.Trigger)...)
	graph, gfe := graphOf(in.Graph, in.Steps, true)
	fe = append(fe, gfe...)
	if graph != nil && len(fe) == 0 {
		fe = append(fe, s.checkGraph(ctx, a.TenantID, *graph)...)
	}
	if err := fe.Err(); err != nil {
		return Workflow{}, err
	}
	secret, err := s.keys.Seal(stdwebhooks.NewSecret())
	if err != nil {
		return Workflow{}, err
	}
	now := s.now()
	w := Workflow{ID: ids.New(), TenantID: a.TenantID, Name: in.Name, Description: in.Description, TriggerType: in.Trigger.Type,
		SigningSecret: secret, CreatedAt: now, UpdatedAt: now, Version: 1}
	w.Trigger.V, w.Graph.V = normalTrigger(in.Trigger), *graph
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&w).Error; err != nil {
			return err
		}
		if err := tx.Create(&VersionRow{WorkflowID: w.ID, Version: 1, TenantID: w.TenantID, Trigger: w.Trigger, Graph: w.Graph, CreatedAt: now}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionCreate, w.ID, nil, now)
	})
	if err != nil {
		return Workflow{}, err
	}
	return s.opened(w)
}

// opened is w with its signing secret readable.
func (s *Service) opened(w Workflow) (Workflow, error) {
	v, err := s.keys.Open(w.SigningSecret)
	if err != nil {
		return Workflow{}, fmt.Errorf("open workflow %s secret: %w", w.ID, err)
	}
	w.SigningSecret = v
	return w, nil
}

func (s *Service) audit(ctx context.Context, tx *gorm.DB, a identity.Actor, action, id string, changes []string, now time.Time) error {
	return audit.Write(ctx, tx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: action,
		ResourceType: ResourceType, ResourceID: id, Changes: changes})
}

// load reads one live workflow of the tenant; ErrNotFound otherwise.
func (s *Service) load(ctx context.Context, q *gorm.DB, tenantID, id string) (Workflow, error) {
	if !ids.Valid(id) {
		return Workflow{}, errs.ErrNotFound
	}
	var w Workflow
	err := q.WithContext(ctx).Where("tenant_id = ? AND id = ? AND deleted_at IS NULL", tenantID, id).Take(&w).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Workflow{}, errs.ErrNotFound
	}
	return w, err
}

// Get returns one workflow of the actor's tenant.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Workflow, error) {
	if err := requireRead(a); err != nil {
		return Workflow{}, err
	}
	w, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return Workflow{}, err
	}
	return s.opened(w)
}

// Exists reports whether the tenant has a live workflow with this id.
func (s *Service) Exists(ctx context.Context, tenantID, id string) (bool, error) {
	_, err := s.load(ctx, s.db.Gorm, tenantID, id)
	if errors.Is(err, errs.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// List returns one page of the tenant's workflows, newest first.
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]Workflow, int64, error) {
	if err := requireRead(a); err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	search := strings.TrimSpace(f.Search)
	if len([]rune(search)) > 200 {
		fe.Add("search", "must be at most 200 characters")
	}
	if f.TriggerType != "" && !validTrigger(f.TriggerType) {
		fe.AddCode("trigger_type", "invalid_enum", "must be one of "+strings.Join(TriggerTypes, ", "))
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	per = min(per, MaxPerPage)
	q := s.db.Gorm.WithContext(ctx).Model(&Workflow{}).Where("tenant_id = ? AND deleted_at IS NULL", a.TenantID)
	if f.Active != nil {
		q = q.Where("is_active = ?", *f.Active)
	}
	if f.TriggerType != "" {
		q = q.Where("trigger_type = ?", f.TriggerType)
	}
	if search != "" {
		q = q.Where("lower(name) LIKE ? ESCAPE '\\'", "%"+db.EscapeLike(strings.ToLower(search))+"%")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Workflow
	if err := q.Order("created_at DESC, id DESC").Offset((page - 1) * per).Limit(per).Find(&out).Error; err != nil {
		return nil, 0, err
	}
	for i := range out {
		w, err := s.opened(out[i])
		if err != nil {
			return nil, 0, err
		}
		out[i] = w
	}
	return out, total, nil
}

// Update applies a patch under optimistic concurrency. A new trigger or graph
// is a new version; executions already running finish on theirs.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, p Patch) (Workflow, error) {
	if err := requireAdmin(a); err != nil {
		return Workflow{}, err
	}
	cur, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return Workflow{}, err
	}
	if p.Version != nil && *p.Version != cur.Version {
		return Workflow{}, fmt.Errorf("workflow changed since version %d: %w", *p.Version, errs.ErrConflict)
	}
	w := cur
	var changed []string
	var fe errs.Fields
	if p.Name != nil || p.Description != nil {
		name, desc := w.Name, w.Description
		if p.Name != nil {
			name = *p.Name
		}
		if p.Description != nil {
			desc = *p.Description
		}
		fe = append(fe, checkTexts(&name, &desc, true)...)
		if name != w.Name {
			changed = append(changed, "name")
		}
		if desc != w.Description {
			changed = append(changed, "description")
		}
		w.Name, w.Description = name, desc
	}
	if p.Trigger != nil {
		fe = append(fe, checkTrigger(*p.Trigger)...)
		w.Trigger.V, w.TriggerType = normalTrigger(*p.Trigger), p.Trigger.Type
		changed = append(changed, "trigger")
	}
	graph, gfe := graphOf(p.Graph, p.Steps, false)
	fe = append(fe, gfe...)
	if graph != nil {
		if len(fe) == 0 {
			fe = append(fe, s.checkGraph(ctx, a.TenantID, *graph)...)
		}
		w.Graph.V = *graph
		changed = append(changed, "graph")
	}
	if err := fe.Err(); err != nil {
		return Workflow{}, err
	}
	if len(changed) == 0 {
		return s.opened(cur)
	}
	now := s.now()
	w.Version, w.UpdatedAt = cur.Version+1, now
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Workflow{}).Where("id = ? AND version = ? AND deleted_at IS NULL", w.ID, cur.Version).
			Updates(map[string]any{"name": w.Name, "description": w.Description, "trigger_type": w.TriggerType, "trigger": w.Trigger,
				"graph": w.Graph, "version": w.Version, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("workflow changed meanwhile: %w", errs.ErrConflict)
		}
		if err := tx.Create(&VersionRow{WorkflowID: w.ID, Version: w.Version, TenantID: w.TenantID, Trigger: w.Trigger, Graph: w.Graph,
			CreatedAt: now}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionUpdate, w.ID, changed, now)
	})
	if err != nil {
		return Workflow{}, err
	}
	return s.opened(w)
}

// SetActive activates or deactivates a workflow. Activation is when its
// triggers start counting: patients created or appointments completed before
// it start nothing. Deactivation starts nothing new; running executions go on.
func (s *Service) SetActive(ctx context.Context, a identity.Actor, id string, active bool) (Workflow, error) {
	if err := requireAdmin(a); err != nil {
		return Workflow{}, err
	}
	w, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return Workflow{}, err
	}
	if w.IsActive == active {
		return s.opened(w)
	}
	now := s.now()
	action := ActionDeactivate
	updates := map[string]any{"is_active": active, "updated_at": now, "version": w.Version + 1}
	if active {
		action = ActionActivate
		updates["activated_at"] = now
		w.ActivatedAt = &now
	}
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Workflow{}).Where("id = ? AND version = ?", w.ID, w.Version).Updates(updates)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("workflow changed meanwhile: %w", errs.ErrConflict)
		}
		// The version row of the new number keeps the same definition.
		if err := tx.Create(&VersionRow{WorkflowID: w.ID, Version: w.Version + 1, TenantID: w.TenantID, Trigger: w.Trigger, Graph: w.Graph,
			CreatedAt: now}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, w.ID, []string{"is_active"}, now)
	})
	if err != nil {
		return Workflow{}, err
	}
	w.IsActive, w.Version, w.UpdatedAt = active, w.Version+1, now
	return s.opened(w)
}

// Delete soft-deletes a workflow and cancels its executions that have not ended.
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string, version *int) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	w, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return err
	}
	if version != nil && *version != w.Version {
		return fmt.Errorf("workflow changed since version %d: %w", *version, errs.ErrConflict)
	}
	now := s.now()
	return s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Workflow{}).Where("id = ? AND version = ? AND deleted_at IS NULL", w.ID, w.Version).
			Updates(map[string]any{"deleted_at": now, "is_active": false, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("workflow changed meanwhile: %w", errs.ErrConflict)
		}
		var stopped []ended
		if err := tx.Raw(`UPDATE workflow_executions SET status = 'cancelled', finished_at = ?, next_run_at = NULL, updated_at = ?,
state_version = state_version + 1 WHERE workflow_id = ? AND status IN ('running','waiting')
RETURNING id, tenant_id, workflow_id, patient_id, status`, now, now, w.ID).Scan(&stopped).Error; err != nil {
			return err
		}
		if err := s.recordEnded(tx, stopped); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionDelete, w.ID, nil, now)
	})
}
