package campaign

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/template"
	"gorm.io/gorm"
)

// ResourceType names campaigns in the audit log.
const ResourceType = "campaign"

// Audit actions.
const (
	ActionCreate  = "campaign.create"
	ActionUpdate  = "campaign.update"
	ActionDelete  = "campaign.delete"
	ActionExecute = "campaign.execute"
	ActionPause   = "campaign.pause"
	ActionResume  = "campaign.resume"
	ActionCancel  = "campaign.cancel"
)

// Outbox queues campaign messages.
type Outbox interface {
	EnqueueMany(ctx context.Context, tx *gorm.DB, ns []outbox.NewMessage) ([]outbox.Message, error)
	EffectiveOrder(order []string) []string
}

// Templates reads a tenant's templates (template.Service does this).
type Templates interface {
	Lookup(ctx context.Context, tenantID, id string) (template.Template, error)
	LinkURL(ctx context.Context, tenantID string, t template.Template) (string, error)
}

// Events records outbound events (campaign.completed) in the transaction of
// the change they report (*events.Recorder).
type Events interface {
	Record(tx *gorm.DB, evs ...events.Event) error
}

// Deps are the service's collaborators.
type Deps struct {
	DB        *db.DB
	Clock     clock.Clock
	Outbox    Outbox
	Templates Templates
	Events    Events // nil: completion is only logged
	Log       *slog.Logger
}

// Service keeps campaigns and sends them.
type Service struct {
	db        *db.DB
	clock     clock.Clock
	outbox    Outbox
	templates Templates
	events    Events
	log       *slog.Logger
	wake      chan struct{}
	zones     zoneCache
	counts    sync.Map // campaign id → cachedCounts
	streaks   streaks
	// HoldWait bounds how long pause waits for messages already handed to a
	// provider (a provider call's timeout, plus a margin).
	HoldWait time.Duration
}

// New builds the campaign service.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{db: d.DB, clock: d.Clock, outbox: d.Outbox, templates: d.Templates, events: d.Events, log: d.Log,
		wake: make(chan struct{}, 1), zones: newZoneCache(), streaks: streaks{m: map[string]*streak{}}, HoldWait: 20 * time.Second}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func forbidden(what string) error { return fmt.Errorf("%s: %w", what, errs.ErrForbidden) }

// requireRead: every approved role reads campaigns.
func requireRead(a identity.Actor) error {
	if !identity.ValidRole(a.Role) {
		return forbidden("unknown role")
	}
	return nil
}

// requireAdmin: only admins create, change, execute, resume or cancel a
// campaign (it messages a whole segment of the clinic's patients).
func requireAdmin(a identity.Actor) error {
	if !a.IsAdmin() {
		return forbidden("only admins manage campaigns")
	}
	return nil
}

// requirePause: anyone who may change data may stop a campaign that goes wrong.
func requirePause(a identity.Actor) error {
	if !a.CanWrite() {
		return forbidden("developers only read")
	}
	return nil
}

func (s *Service) audit(ctx context.Context, tx *gorm.DB, a identity.Actor, action, id string, changes []string, now time.Time) error {
	return audit.Write(ctx, tx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: action,
		ResourceType: ResourceType, ResourceID: id, Changes: changes})
}

// load reads one live campaign of the tenant; ErrNotFound otherwise.
func (s *Service) load(ctx context.Context, q *gorm.DB, tenantID, id string) (Campaign, error) {
	if !ids.Valid(id) {
		return Campaign{}, errs.ErrNotFound
	}
	var c Campaign
	err := q.WithContext(ctx).Where("tenant_id = ? AND id = ? AND deleted_at IS NULL", tenantID, id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Campaign{}, errs.ErrNotFound
	}
	return c, err
}

// lock reads the campaign under its row lock (PostgreSQL; SQLite has one writer).
func (s *Service) lock(ctx context.Context, tx *gorm.DB, tenantID, id string) (Campaign, error) {
	if !ids.Valid(id) {
		return Campaign{}, errs.ErrNotFound
	}
	var c Campaign
	err := tx.WithContext(ctx).Raw("SELECT * FROM campaigns WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL"+s.db.ForUpdate(), tenantID, id).
		Scan(&c).Error
	if err != nil {
		return Campaign{}, err
	}
	if c.ID == "" {
		return Campaign{}, errs.ErrNotFound
	}
	return c, nil
}

// checkTemplates makes sure every template the campaign names is the tenant's.
func (s *Service) checkTemplates(ctx context.Context, tenantID string, in Input) error {
	var fe errs.Fields
	look := func(field string, id *string) {
		if id == nil || !ids.Valid(*id) {
			return
		}
		if _, err := s.templates.Lookup(ctx, tenantID, *id); err != nil {
			if errors.Is(err, errs.ErrNotFound) {
				fe.AddCode(field, "not_found_ref", "no such template")
				return
			}
			fe.Add(field, "could not be read")
		}
	}
	look("template_id", in.TemplateID)
	for i, v := range in.Variants {
		look(fmt.Sprintf("variants[%d].template_id", i), v.TemplateID)
	}
	return fe.Err()
}

func fill(c *Campaign, in Input) {
	c.Name = strings.TrimSpace(in.Name)
	c.TemplateID = in.TemplateID
	c.Bodies = db.JSON[map[string]string]{V: cleanBodies(in.Bodies)}
	c.ChannelOrder = db.JSON[[]string]{V: slices.Clone(in.ChannelOrder)}
	if c.ChannelOrder.V == nil {
		c.ChannelOrder.V = []string{}
	}
	aud := in.Audience
	if aud.Segment != nil && aud.Segment.Attributes == nil {
		seg := *aud.Segment
		seg.Attributes = map[string]string{}
		aud.Segment = &seg
	}
	c.Audience = db.JSON[Audience]{V: aud}
	vs := make([]Variant, len(in.Variants))
	for i, v := range in.Variants {
		v.Bodies = cleanBodies(v.Bodies)
		vs[i] = v
	}
	c.Variants = db.JSON[[]Variant]{V: vs}
	if in.SendAt != nil {
		t := in.SendAt.UTC().Truncate(time.Microsecond)
		c.SendAt = &t
	} else {
		c.SendAt = nil
	}
	c.SendWindowStart, c.SendWindowEnd = nil, nil
	if w := in.SendWindow; w != nil {
		c.SendWindowStart, c.SendWindowEnd = &w.Start, &w.End
	}
	c.RatePerMinute = DefaultRatePerMinute
	if in.RatePerMinute != nil {
		c.RatePerMinute = *in.RatePerMinute
	}
	c.FailureThreshold = DefaultFailures
	if in.FailureThreshold != nil {
		c.FailureThreshold = *in.FailureThreshold
	}
}

// cleanBodies drops empty languages; nil when none is left.
func cleanBodies(b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range b {
		if strings.TrimSpace(v) != "" {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Create stores a draft campaign.
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (View, error) {
	if err := requireAdmin(a); err != nil {
		return View{}, err
	}
	now := s.now()
	if err := validate(in, now); err != nil {
		return View{}, err
	}
	if err := s.checkTemplates(ctx, a.TenantID, in); err != nil {
		return View{}, err
	}
	if err := s.checkPatients(ctx, a.TenantID, in.Audience); err != nil {
		return View{}, err
	}
	c := Campaign{ID: ids.New(), TenantID: a.TenantID, Status: StatusDraft, CreatedAt: now, UpdatedAt: now, Version: 1}
	if a.UserID != "" {
		c.CreatedBy = &a.UserID
	}
	fill(&c, in)
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionCreate, c.ID, nil, now)
	})
	if err != nil {
		return View{}, err
	}
	return View{Campaign: c}, nil
}

// inputOf is the stored campaign as an Input (a patch applies to it).
func inputOf(c Campaign) Input {
	in := Input{Name: c.Name, TemplateID: c.TemplateID, Bodies: c.Bodies.V, ChannelOrder: c.ChannelOrder.V,
		Audience: c.Audience.V, SendAt: c.SendAt, SendWindow: c.Window(), Variants: c.Variants.V}
	rate, th := c.RatePerMinute, c.FailureThreshold
	in.RatePerMinute, in.FailureThreshold = &rate, &th
	return in
}

// Update changes a draft or scheduled campaign.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, p Patch) (View, error) {
	if err := requireAdmin(a); err != nil {
		return View{}, err
	}
	// The templates the patch names are checked before the transaction: the
	// template store reads on a connection of its own, which SQLite's single
	// connection would never give while the transaction holds it.
	named := Input{TemplateID: p.TemplateID}
	if p.Variants != nil {
		named.Variants = *p.Variants
	}
	if err := s.checkTemplates(ctx, a.TenantID, named); err != nil {
		return View{}, err
	}
	now := s.now()
	var out Campaign
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.lock(ctx, tx, a.TenantID, id)
		if err != nil {
			return err
		}
		if err := errs.CheckVersion("campaign", p.Version, c.Version); err != nil {
			return err
		}
		if c.Status != StatusDraft && c.Status != StatusScheduled {
			return errs.Conflict("a " + c.Status + " campaign cannot be changed; only a draft or scheduled one")
		}
		in := inputOf(c)
		var changed []string
		set := func(name string, ok bool, apply func()) {
			if ok {
				apply()
				changed = append(changed, name)
			}
		}
		set("name", p.Name != nil, func() { in.Name = *p.Name })
		set("template_id", p.TemplateID != nil, func() { in.TemplateID, in.Bodies = p.TemplateID, nil })
		set("bodies", p.Bodies != nil, func() { in.Bodies, in.TemplateID = p.Bodies, nil })
		set("channel_order", p.ChannelOrder != nil, func() { in.ChannelOrder = *p.ChannelOrder })
		set("audience", p.Audience != nil, func() { in.Audience = *p.Audience })
		set("send_at", p.SendAt != nil || p.ClearSendAt, func() { in.SendAt = p.SendAt })
		set("send_window", p.SendWindow != nil || p.ClearSendWindow, func() { in.SendWindow = p.SendWindow })
		set("rate_per_minute", p.RatePerMinute != nil, func() { in.RatePerMinute = p.RatePerMinute })
		set("failure_threshold", p.FailureThreshold != nil, func() { in.FailureThreshold = p.FailureThreshold })
		set("variants", p.Variants != nil, func() {
			in.Variants = *p.Variants
			if len(in.Variants) > 0 {
				in.TemplateID, in.Bodies = nil, nil
			}
		})
		if err := validate(in, now); err != nil {
			return err
		}
		if p.Audience != nil {
			if err := s.checkPatientsIn(ctx, tx, a.TenantID, in.Audience); err != nil {
				return err
			}
		}
		fill(&c, in)
		if c.Status == StatusScheduled && c.SendAt == nil {
			c.Status = StatusDraft
		}
		c.UpdatedAt, c.Version = now, c.Version+1
		if err := tx.Save(&c).Error; err != nil {
			return err
		}
		out = c
		return s.audit(ctx, tx, a, ActionUpdate, c.ID, changed, now)
	})
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, out)
}

// Delete removes a campaign that is not sending (draft, scheduled, completed
// or cancelled); its messages stay in the log.
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	now := s.now()
	return s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.lock(ctx, tx, a.TenantID, id)
		if err != nil {
			return err
		}
		if c.Status == StatusRunning || c.Status == StatusPaused {
			return errs.Conflict("cancel the campaign before deleting it")
		}
		if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).
			Updates(map[string]any{"deleted_at": now, "updated_at": now, "version": c.Version + 1}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, ActionDelete, c.ID, nil, now)
	})
}

// Get reads one campaign with its counters and variant results.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (View, error) {
	if err := requireRead(a); err != nil {
		return View{}, err
	}
	c, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return View{}, err
	}
	v, err := s.view(ctx, c)
	if err != nil {
		return View{}, err
	}
	if len(c.Variants.V) > 0 {
		if v.VariantResults, err = s.variantResults(ctx, c); err != nil {
			return View{}, err
		}
	}
	return v, nil
}

func (s *Service) view(ctx context.Context, c Campaign) (View, error) {
	counters, err := s.counters(ctx, s.db.Gorm, c)
	if err != nil {
		return View{}, err
	}
	return View{Campaign: c, Counters: counters}, nil
}

// Filter narrows the list.
type Filter struct {
	Status  string
	Search  string
	Page    int
	PerPage int
}

// Statuses lists every campaign status.
var Statuses = []string{StatusDraft, StatusScheduled, StatusRunning, StatusPaused, StatusCompleted, StatusCancelled}

// List reads a page of the tenant's campaigns, newest first, with counters.
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]View, int64, error) {
	if err := requireRead(a); err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	search := strings.TrimSpace(f.Search)
	if len([]rune(search)) > 200 {
		fe.Add("search", "must be at most 200 characters")
	}
	if f.Status != "" && !slices.Contains(Statuses, f.Status) {
		fe.AddCode("status", "invalid_enum", "must be one of "+strings.Join(Statuses, ", "))
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = 50
	}
	per = min(per, 100)
	q := s.db.Gorm.WithContext(ctx).Model(&Campaign{}).Where("tenant_id = ? AND deleted_at IS NULL", a.TenantID)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if search != "" {
		q = q.Where("lower(name) LIKE ? ESCAPE '\\'", "%"+db.EscapeLike(strings.ToLower(search))+"%")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []Campaign
	if err := q.Order("created_at DESC, id DESC").Offset((page - 1) * per).Limit(per).Find(&rows).Error; err != nil {
		return nil, 0, err
	}
	out := make([]View, 0, len(rows))
	for _, c := range rows {
		v, err := s.view(ctx, c)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, nil
}
