package webhook

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/valid"
	"github.com/prima-health/prima/pkg/stdwebhooks"
	"gorm.io/gorm"
)

// Input is a new webhook. A nil IsActive is true; a nil WorkflowID leaves it unbound.
type Input struct {
	Name       string
	WorkflowID *string
	IsActive   *bool
}

// Patch changes some fields of a webhook: nil stays; Clear names (by JSON
// name) the fields sent as null, of which only workflow_id may be (it
// unbinds the webhook). Version, when set, must be the stored version.
type Patch struct {
	Name       *string
	WorkflowID *string
	IsActive   *bool
	Clear      []string
	Version    *int
}

// Rotation asks for a new secret. Overlap (nil: DefaultOverlap, at most
// MaxOverlap, 0 ends the old secret at once) is how long the secret being
// replaced keeps verifying calls; a secret replaced earlier stops at once.
type Rotation struct {
	Overlap *time.Duration
	Version *int
}

// Create makes a webhook with a fresh secret, returned in plaintext once.
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Created, error) {
	if err := requireManage(a); err != nil {
		return Created{}, err
	}
	now := s.now()
	w := Webhook{ID: ids.New(), TenantID: a.TenantID, IsActive: true, CreatedAt: now, UpdatedAt: now, Version: 1}
	changed, err := s.apply(ctx, a, &w, Patch{Name: &in.Name, WorkflowID: in.WorkflowID, IsActive: in.IsActive}, true)
	if err != nil {
		return Created{}, err
	}
	plain := stdwebhooks.NewSecret()
	if w.Secret, err = s.sealSecret(plain); err != nil {
		return Created{}, err
	}
	err = s.store.InTx(ctx, func(tx Store, _ *gorm.DB) error {
		if err := tx.Create(ctx, w); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionCreate,
			ResourceType: ResourceType, ResourceID: w.ID, Changes: append(changed, "secret")})
	})
	if err != nil {
		return Created{}, err
	}
	return Created{Webhook: w, PlainSecret: plain}, nil
}

// List returns one page of the tenant's webhooks, newest first, and their number.
func (s *Service) List(ctx context.Context, a identity.Actor, pg, per int) ([]Webhook, int64, error) {
	if err := requireManage(a); err != nil {
		return nil, 0, err
	}
	pg, per = paging(pg, per)
	return s.store.List(ctx, a.TenantID, pg, per)
}

// Get returns one webhook of the actor's tenant (never its secret in plaintext).
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Webhook, error) {
	if err := requireManage(a); err != nil {
		return Webhook{}, err
	}
	if !ids.Valid(id) {
		return Webhook{}, errs.ErrNotFound
	}
	return s.store.Get(ctx, a.TenantID, id)
}

// Update applies a patch with optimistic concurrency.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, p Patch) (Webhook, error) {
	cur, err := s.Get(ctx, a, id)
	if err != nil {
		return Webhook{}, err
	}
	if err := errs.CheckVersion("webhook", p.Version, cur.Version); err != nil {
		return Webhook{}, err
	}
	w := cur
	changed, err := s.apply(ctx, a, &w, p, false)
	if err != nil {
		return Webhook{}, err
	}
	if len(changed) == 0 {
		return cur, nil
	}
	now := s.now()
	w.Version, w.UpdatedAt = cur.Version+1, now
	err = s.store.InTx(ctx, func(tx Store, _ *gorm.DB) error {
		if err := tx.Update(ctx, w, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionUpdate,
			ResourceType: ResourceType, ResourceID: w.ID, Changes: changed})
	})
	if err != nil {
		return Webhook{}, err
	}
	return w, nil
}

// Delete soft-deletes a webhook: its URL answers 404 from then on; its
// recorded calls stay (and are no longer listed).
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string, version *int) error {
	cur, err := s.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if err := errs.CheckVersion("webhook", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Store, _ *gorm.DB) error {
		if err := tx.SoftDelete(ctx, a.TenantID, id, cur.Version, now); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionDelete,
			ResourceType: ResourceType, ResourceID: id})
	})
}

// RotateSecret gives a webhook a new secret, returned in plaintext once. The
// secret it replaces keeps verifying calls for the overlap.
func (s *Service) RotateSecret(ctx context.Context, a identity.Actor, id string, r Rotation) (Created, error) {
	overlap := DefaultOverlap
	if r.Overlap != nil {
		overlap = *r.Overlap
	}
	if overlap < 0 || overlap > MaxOverlap {
		return Created{}, errs.Invalid("overlap_seconds", fmt.Sprintf("must be between 0 and %d", int(MaxOverlap.Seconds())))
	}
	cur, err := s.Get(ctx, a, id)
	if err != nil {
		return Created{}, err
	}
	if err := errs.CheckVersion("webhook", r.Version, cur.Version); err != nil {
		return Created{}, err
	}
	now := s.now()
	w := cur
	w.PreviousSecret, w.PreviousSecretUntil = nil, nil
	if overlap > 0 {
		prev, until := cur.Secret, now.Add(overlap)
		w.PreviousSecret, w.PreviousSecretUntil = &prev, &until
	}
	plain := stdwebhooks.NewSecret()
	if w.Secret, err = s.sealSecret(plain); err != nil {
		return Created{}, err
	}
	w.Version, w.UpdatedAt = cur.Version+1, now
	err = s.store.InTx(ctx, func(tx Store, _ *gorm.DB) error {
		if err := tx.Update(ctx, w, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionRotateSecret,
			ResourceType: ResourceType, ResourceID: w.ID, Changes: []string{"secret", "previous_secret_until"}})
	})
	if err != nil {
		return Created{}, err
	}
	return Created{Webhook: w, PlainSecret: plain}, nil
}

// apply checks a patch and applies it to w, returning the JSON names of the
// fields it changed. create requires a name.
func (s *Service) apply(ctx context.Context, a identity.Actor, w *Webhook, p Patch, create bool) ([]string, error) {
	var fe errs.Fields
	var changed []string
	for _, f := range p.Clear {
		switch f {
		case "workflow_id":
		case "name", "is_active", "version":
			fe.Add(f, "cannot be null")
		default:
			fe.Add(f, "is not a known field")
		}
	}
	if p.Name != nil {
		name := strings.TrimSpace(*p.Name)
		switch {
		case !valid.Text(name):
			fe.Add("name", valid.TextMessage)
		case name == "":
			fe.Add("name", "is required")
		case utf8.RuneCountInString(name) > MaxNameLen:
			fe.Add("name", fmt.Sprintf("must be at most %d characters", MaxNameLen))
		case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
			fe.Add("name", "must not contain control characters")
		default:
			if name != w.Name {
				changed = append(changed, "name")
			}
			w.Name = name
		}
	} else if create {
		fe.Add("name", "is required")
	}
	if p.IsActive != nil {
		if *p.IsActive != w.IsActive {
			changed = append(changed, "is_active")
		}
		w.IsActive = *p.IsActive
	}
	switch {
	case p.WorkflowID != nil:
		id := strings.TrimSpace(*p.WorkflowID)
		if err := s.checkWorkflow(ctx, a, id, &fe); err != nil {
			return nil, err
		}
		if w.WorkflowID == nil || *w.WorkflowID != id {
			changed = append(changed, "workflow_id")
		}
		w.WorkflowID = &id
	case slices.Contains(p.Clear, "workflow_id"):
		if w.WorkflowID != nil {
			changed = append(changed, "workflow_id")
		}
		w.WorkflowID = nil
	}
	return changed, fe.Err()
}

// checkWorkflow adds a field error when id is no workflow of the tenant.
func (s *Service) checkWorkflow(ctx context.Context, a identity.Actor, id string, fe *errs.Fields) error {
	if !ids.Valid(id) {
		fe.Add("workflow_id", "must be a workflow id")
		return nil
	}
	if s.workflows == nil {
		fe.AddCode("workflow_id", errs.CodeNotFoundRef, "is not a workflow of your organization (workflows are not available on this server)")
		return nil
	}
	ok, err := s.workflows.Exists(ctx, a.TenantID, id)
	if err != nil {
		return err
	}
	if !ok {
		fe.Add("workflow_id", "is not a workflow of your organization")
	}
	return nil
}
