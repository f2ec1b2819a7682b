package events

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/pkg/stdwebhooks"
	"gorm.io/gorm"
)

// Input is a new subscription. A nil IsActive is true.
type Input struct {
	URL         string
	Events      []string
	Description string
	IsActive    *bool
}

// Patch changes some fields: nil stays. Clear names (by JSON name) the
// fields sent as null, which none may be. Version, when set, must be the
// stored version. Setting is_active to true clears disabled_reason.
type Patch struct {
	URL         *string
	Events      *[]string
	Description *string
	IsActive    *bool
	Clear       []string
	Version     *int
}

// Rotation asks for a new secret. Overlap (nil: DefaultOverlap, at most
// MaxOverlap, 0 ends the old secret at once) is how long the secret being
// replaced keeps signing beside the new one.
type Rotation struct {
	Overlap *time.Duration
	Version *int
}

func (s *Service) audit(ctx context.Context, tx *gorm.DB, a identity.Actor, now time.Time, action, id string, changes []string) error {
	return audit.Write(ctx, tx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: action,
		ResourceType: ResourceType, ResourceID: id, Changes: changes})
}

// Create makes a subscription with a fresh secret, returned in plaintext once.
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Created, error) {
	if err := requireManage(a); err != nil {
		return Created{}, err
	}
	now := s.now()
	sub := Subscription{ID: ids.New(), TenantID: a.TenantID, IsActive: true, CreatedAt: now, UpdatedAt: now, Version: 1}
	events := in.Events
	changed, err := s.apply(&sub, Patch{URL: &in.URL, Events: &events, Description: &in.Description, IsActive: in.IsActive}, true)
	if err != nil {
		return Created{}, err
	}
	plain := stdwebhooks.NewSecret()
	if sub.Secret, err = s.sealSecret(plain); err != nil {
		return Created{}, err
	}
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&sub).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, now, ActionCreate, sub.ID, append(changed, "secret"))
	})
	if err != nil {
		return Created{}, err
	}
	s.changed()
	return Created{Subscription: sub, PlainSecret: plain}, nil
}

// List returns one page of the tenant's subscriptions, newest first, and their number.
func (s *Service) List(ctx context.Context, a identity.Actor, pg, per int) ([]Subscription, int64, error) {
	if err := requireManage(a); err != nil {
		return nil, 0, err
	}
	pg, per = paging(pg, per)
	return s.store.list(ctx, a.TenantID, pg, per)
}

// Get returns one subscription of the actor's tenant (never its secret in plaintext).
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Subscription, error) {
	if err := requireManage(a); err != nil {
		return Subscription{}, err
	}
	if !ids.Valid(id) {
		return Subscription{}, errs.ErrNotFound
	}
	return s.store.get(s.db.Gorm.WithContext(ctx), a.TenantID, id)
}

// Update applies a patch with optimistic concurrency.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, p Patch) (Subscription, error) {
	cur, err := s.Get(ctx, a, id)
	if err != nil {
		return Subscription{}, err
	}
	if err := errs.CheckVersion("event subscription", p.Version, cur.Version); err != nil {
		return Subscription{}, err
	}
	sub := cur
	changed, err := s.apply(&sub, p, false)
	if err != nil {
		return Subscription{}, err
	}
	if len(changed) == 0 {
		return cur, nil
	}
	now := s.now()
	sub.Version, sub.UpdatedAt = cur.Version+1, now
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.update(tx, sub, cur.Version); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, now, ActionUpdate, sub.ID, changed)
	})
	if err != nil {
		return Subscription{}, err
	}
	s.changed()
	return sub, nil
}

// Delete soft-deletes a subscription: nothing more is delivered to it; its
// delivery log stays in the database (and is no longer listed).
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string, version *int) error {
	cur, err := s.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if err := errs.CheckVersion("event subscription", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.softDelete(tx, a.TenantID, id, cur.Version, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, now, ActionDelete, id, nil)
	})
	if err == nil {
		s.changed()
	}
	return err
}

// RotateSecret gives a subscription a new secret, returned in plaintext
// once. Deliveries are signed with both secrets for the overlap.
func (s *Service) RotateSecret(ctx context.Context, a identity.Actor, id string, r Rotation) (Created, error) {
	overlap := DefaultOverlap
	if r.Overlap != nil {
		overlap = *r.Overlap
	}
	if overlap < 0 || overlap > MaxOverlap {
		return Created{}, errs.InvalidCode("overlap_seconds", errs.CodeOutOfRange,
			fmt.Sprintf("must be between 0 and %d", int(MaxOverlap.Seconds())))
	}
	cur, err := s.Get(ctx, a, id)
	if err != nil {
		return Created{}, err
	}
	if err := errs.CheckVersion("event subscription", r.Version, cur.Version); err != nil {
		return Created{}, err
	}
	now := s.now()
	sub := cur
	sub.PreviousSecret, sub.PreviousSecretUntil = nil, nil
	if overlap > 0 {
		prev, until := cur.Secret, now.Add(overlap)
		sub.PreviousSecret, sub.PreviousSecretUntil = &prev, &until
	}
	plain := stdwebhooks.NewSecret()
	if sub.Secret, err = s.sealSecret(plain); err != nil {
		return Created{}, err
	}
	sub.RotatedAt = &now
	sub.Version, sub.UpdatedAt = cur.Version+1, now
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.update(tx, sub, cur.Version); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, now, ActionRotateSecret, sub.ID, []string{"secret", "previous_secret_until"})
	})
	if err != nil {
		return Created{}, err
	}
	return Created{Subscription: sub, PlainSecret: plain}, nil
}

// apply checks a patch and applies it to sub, returning the JSON names of
// the fields it changed. create requires url and events.
func (s *Service) apply(sub *Subscription, p Patch, create bool) ([]string, error) {
	var fe errs.Fields
	var changed []string
	for _, f := range p.Clear {
		switch f {
		case "url", "events", "description", "is_active", "version":
			fe.AddCode(f, errs.CodeRequired, "cannot be null")
		default:
			fe.AddCode(f, errs.CodeUnknownField, "is not a known field")
		}
	}
	if p.URL != nil {
		if u := checkURL(*p.URL, s.allowPrivate, &fe); u != "" && u != sub.URL {
			sub.URL, changed = u, append(changed, "url")
		}
	} else if create {
		fe.AddCode("url", errs.CodeRequired, "is required")
	}
	if p.Events != nil {
		if ev := checkEvents(*p.Events, &fe); ev != nil && !slices.Equal(ev, sub.Events.V) {
			sub.Events, changed = db.JSON[[]string]{V: ev}, append(changed, "events")
		}
	} else if create {
		fe.AddCode("events", errs.CodeRequired, "is required")
	}
	if p.Description != nil {
		if d := checkDescription(*p.Description, &fe); d != sub.Description {
			sub.Description, changed = d, append(changed, "description")
		}
	}
	if p.IsActive != nil && *p.IsActive != sub.IsActive {
		sub.IsActive, changed = *p.IsActive, append(changed, "is_active")
		if sub.IsActive && sub.DisabledReason != nil {
			sub.DisabledReason, changed = nil, append(changed, "disabled_reason")
		}
	}
	if create {
		changed = slices.DeleteFunc(changed, func(f string) bool { return f == "is_active" })
		changed = append(changed, "is_active")
	}
	return changed, fe.Err()
}
