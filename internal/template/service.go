// Package template keeps a tenant's message templates: texts in Indonesian,
// Korean and English with {{variable}} placeholders, optionally mapped to a
// KakaoTalk AlimTalk template. It validates placeholders when a template is
// saved, so that a message never goes out with a blank where a value belongs,
// and renders templates for patients.
//
// Templates belong to the whole tenant: admins write them; volunteers and
// developers read them and preview them for the patients they can see.
package template

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// Patients reads one patient the actor may see; another tenant's patient, or one
// a volunteer is not assigned to, is errs.ErrNotFound (patient.Service does this).
type Patients interface {
	Get(ctx context.Context, a identity.Actor, id string) (patient.Patient, error)
}

// Articles resolves the article a template's {{link}} names to its public
// URL (content.Service does this); another tenant's article is errs.ErrNotFound.
type Articles interface {
	ArticleURL(ctx context.Context, tenantID, id string) (string, error)
}

// Service manages templates.
type Service struct {
	store    Store
	patients Patients
	articles Articles
	clock    clock.Clock
}

// NewService builds the template service.
func NewService(store Store, patients Patients, clk clock.Clock) *Service {
	if clk == nil {
		clk = clock.System{}
	}
	return &Service{store: store, patients: patients, clock: clk}
}

// WithArticles lets templates link {{link}} to an article of their tenant;
// without it, link_article_id is refused.
func (s *Service) WithArticles(a Articles) *Service {
	s.articles = a
	return s
}

// checkLink refuses a link_article_id that names no article of the actor's tenant.
func (s *Service) checkLink(ctx context.Context, a identity.Actor, t Template) error {
	if t.LinkArticleID == nil {
		return nil
	}
	_, err := s.LinkURL(ctx, a.TenantID, t)
	if errors.Is(err, errs.ErrNotFound) {
		return errs.Invalid("link_article_id", "is not an article of your organization")
	}
	return err
}

// LinkURL is the value of {{link}} a template gives: the public URL of its
// linked article, "" when it links none.
func (s *Service) LinkURL(ctx context.Context, tenantID string, t Template) (string, error) {
	if t.LinkArticleID == nil {
		return "", nil
	}
	if s.articles == nil {
		return "", errs.ErrNotFound
	}
	return s.articles.ArticleURL(ctx, tenantID, *t.LinkArticleID)
}

// Filter narrows a listing.
type Filter struct {
	Search        string // name contains (case-insensitive)
	Kind          string
	Sort          string // name (default), -name, created_at, -created_at, updated_at, -updated_at
	Page, PerPage int    // from 1; 1…100, default 50
}

// Paging defaults.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

func forbidden(what string) error { return fmt.Errorf("%s: %w", what, errs.ErrForbidden) }

// requireRead lets every role of the tenant read templates.
func requireRead(a identity.Actor) error {
	if !identity.ValidRole(a.Role) {
		return forbidden("unknown role")
	}
	return nil
}

// requireWrite lets only admins change templates: they are shared by the whole tenant.
func requireWrite(a identity.Actor) error {
	if !a.IsAdmin() {
		return forbidden("only admins change templates")
	}
	return nil
}

// load reads one live template of the actor's tenant.
func (s *Service) load(ctx context.Context, a identity.Actor, id string) (Template, error) {
	if err := requireRead(a); err != nil {
		return Template{}, err
	}
	return s.Lookup(ctx, a.TenantID, id)
}

// Lookup reads one live template of a tenant with no role check, for the
// services that send messages on the tenant's behalf (reminders, workflows,
// campaigns). A malformed id, a deleted template or another tenant's is
// errs.ErrNotFound.
func (s *Service) Lookup(ctx context.Context, tenantID, id string) (Template, error) {
	if !ids.Valid(id) {
		return Template{}, errs.ErrNotFound
	}
	t, err := s.store.Get(ctx, tenantID, id)
	if err != nil {
		return Template{}, err
	}
	return normalized(t), nil
}

func normalized(t Template) Template {
	if t.KakaoParameters == nil {
		t.KakaoParameters = ParamMap{}
	}
	return t
}

// Create saves a new template (admins only).
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Template, error) {
	if err := requireWrite(a); err != nil {
		return Template{}, err
	}
	now := s.now()
	t := Template{ID: ids.New(), TenantID: a.TenantID, KakaoParameters: ParamMap{}, CreatedAt: now, UpdatedAt: now, Version: 1}
	ap := &applier{}
	ap.apply(&t, patchOf(in))
	if err := ap.fe.Err(); err != nil {
		return Template{}, err
	}
	if err := s.checkName(ctx, a, t, ""); err != nil {
		return Template{}, err
	}
	if err := s.checkLink(ctx, a, t); err != nil {
		return Template{}, err
	}
	err := s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Create(ctx, t); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionCreate,
			ResourceType: ResourceType, ResourceID: t.ID, Changes: ap.changed})
	})
	if err != nil {
		return Template{}, err
	}
	return t, nil
}

func (s *Service) checkName(ctx context.Context, a identity.Actor, t Template, exceptID string) error {
	taken, err := s.store.NameInUse(ctx, a.TenantID, t.Name, exceptID)
	if err != nil {
		return err
	}
	if taken {
		return errNameTaken
	}
	return nil
}

// Get returns one template.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Template, error) {
	return s.load(ctx, a, id)
}

// query validates a filter.
func query(f Filter) (Query, error) {
	var fe errs.Fields
	q := Query{Search: strings.TrimSpace(f.Search), Kind: strings.TrimSpace(f.Kind), Sort: strings.TrimSpace(f.Sort),
		Page: f.Page, PerPage: f.PerPage}
	if len(q.Search) > 200 {
		fe.Add("search", "must be at most 200 characters")
	}
	if q.Kind != "" && !slices.Contains(Kinds, q.Kind) {
		fe.Add("kind", "must be one of "+strings.Join(Kinds, ", "))
	}
	if q.Sort == "" {
		q.Sort = "name"
	}
	if _, ok := sortOrders[q.Sort]; !ok {
		fe.Add("sort", "must be one of name, -name, created_at, -created_at, updated_at, -updated_at")
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
	return q, fe.Err()
}

// List returns one page of the tenant's templates and the number of matches.
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]Template, int64, error) {
	if err := requireRead(a); err != nil {
		return nil, 0, err
	}
	q, err := query(f)
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := s.store.List(ctx, a.TenantID, q)
	if err != nil {
		return nil, 0, err
	}
	for i := range rows {
		rows[i] = normalized(rows[i])
	}
	return rows, total, nil
}

// Update applies a patch with optimistic concurrency: a stale Version is a conflict.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, pt Patch) (Template, error) {
	if err := requireWrite(a); err != nil {
		return Template{}, err
	}
	cur, err := s.load(ctx, a, id)
	if err != nil {
		return Template{}, err
	}
	if pt.Version != nil && *pt.Version != cur.Version {
		return Template{}, fmt.Errorf("template changed since version %d: %w", *pt.Version, errs.ErrConflict)
	}
	t := cur
	t.KakaoParameters = maps.Clone(cur.KakaoParameters) // apply must not change cur's map
	ap := &applier{}
	ap.apply(&t, pt)
	if err := ap.fe.Err(); err != nil {
		return Template{}, err
	}
	if len(ap.changed) == 0 {
		return cur, nil
	}
	if slices.Contains(ap.changed, "name") {
		if err := s.checkName(ctx, a, t, t.ID); err != nil {
			return Template{}, err
		}
	}
	if slices.Contains(ap.changed, "link_article_id") {
		if err := s.checkLink(ctx, a, t); err != nil {
			return Template{}, err
		}
	}
	now := s.now()
	t.Version = cur.Version + 1
	t.UpdatedAt = now
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Update(ctx, t, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionUpdate,
			ResourceType: ResourceType, ResourceID: t.ID, Changes: ap.changed})
	})
	if err != nil {
		return Template{}, err
	}
	return t, nil
}

// Delete soft-deletes a template (admins only). Its name becomes free again.
// A non-nil version that is not the stored one is a conflict.
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string, version *int) error {
	if err := requireWrite(a); err != nil {
		return err
	}
	cur, err := s.load(ctx, a, id)
	if err != nil {
		return err
	}
	if err := errs.CheckVersion("template", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Store) error {
		if err := tx.SoftDelete(ctx, a.TenantID, id, cur.Version, now); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionDelete,
			ResourceType: ResourceType, ResourceID: id})
	})
}

// now is the clock's time at the precision both databases keep (microseconds),
// so what Create returns equals what a later Get reads.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
