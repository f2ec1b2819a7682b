// Package audit records who read or changed what, append-only. Events name
// fields that changed, never their values: the log holds no PHI.
package audit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/reqctx"
	"gorm.io/gorm"
)

// Actions recorded.
const (
	ActionPatientRead    = "patient.read"
	ActionPatientList    = "patient.list" // one event per list read, naming the ids shown
	ActionPatientCreate  = "patient.create"
	ActionPatientUpdate  = "patient.update"
	ActionPatientDelete  = "patient.delete"
	ActionPatientImport  = "patient.import"
	ActionPatientExport  = "patient.export"
	ActionUserApprove    = "user.approve"
	ActionUserReject     = "user.reject"
	ActionUserRoleChange = "user.role_change"
	ActionUserUpdate     = "user.update"
)

// Event is one audit record.
type Event struct {
	ID           string `gorm:"primaryKey"`
	TenantID     string
	ActorUserID  *string
	Action       string
	ResourceType string
	ResourceID   string
	RequestID    string
	Changes      string  // JSON array of field names
	ResourceIDs  string  `gorm:"column:resource_ids"` // JSON array: the ids a list read showed
	APIKeyID     *string // the API key the action was taken with (ActorUserID is its creator)
	CreatedAt    time.Time
	ActorName    string `gorm:"->;-:migration"` // read-only, joined from users
	APIKeyName   string `gorm:"->;-:migration"` // read-only, joined from api_keys
}

// TableName is the audit table.
func (Event) TableName() string { return "audit_events" }

// ChangeList decodes the changed field names.
func (e Event) ChangeList() []string {
	var out []string
	_ = json.Unmarshal([]byte(e.Changes), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

// Entry describes what to record.
type Entry struct {
	TenantID     string
	ActorUserID  string
	Action       string
	ResourceType string
	ResourceID   string
	ResourceIDs  []string // a list read: the ids it showed
	Changes      []string
}

// Write appends an event using db, which may be a transaction so that the
// record commits or rolls back with the change it describes.
func Write(ctx context.Context, db *gorm.DB, now time.Time, e Entry) error {
	ev := newEvent(ctx, now, e)
	return db.WithContext(ctx).Omit("ActorName", "APIKeyName").Create(&ev).Error
}

func newEvent(ctx context.Context, now time.Time, e Entry) Event {
	ev := Event{
		ID: ids.New(), TenantID: e.TenantID, Action: e.Action, ResourceType: e.ResourceType,
		ResourceID: e.ResourceID, RequestID: reqctx.RequestID(ctx), Changes: jsonList(e.Changes),
		ResourceIDs: jsonList(e.ResourceIDs), CreatedAt: now.UTC(),
	}
	if e.ActorUserID != "" {
		a := e.ActorUserID
		ev.ActorUserID = &a
	}
	if k := reqctx.APIKeyID(ctx); k != "" {
		ev.APIKeyID = &k
	}
	return ev
}

func jsonList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// IDList decodes the ids a list read showed.
func (e Event) IDList() []string {
	var out []string
	_ = json.Unmarshal([]byte(e.ResourceIDs), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

// Filter narrows a listing.
type Filter struct {
	Action, ResourceType, ResourceID, ActorID string
	From, To                                  *time.Time
	Sort                                      string // "-created_at" (newest first, the default) or "created_at"
	Page, PerPage                             int
}

// Service reads the audit log.
type Service struct {
	db    *gorm.DB
	clock clock.Clock
}

// NewService builds the audit service.
func NewService(db *gorm.DB, c clock.Clock) *Service { return &Service{db: db, clock: c} }

// Record appends an event outside any transaction.
func (s *Service) Record(ctx context.Context, e Entry) error {
	return Write(ctx, s.db, s.clock.Now(), e)
}

// List returns events of the actor's tenant, newest first; admins only.
func (s *Service) List(ctx context.Context, actor identity.Actor, f Filter) ([]Event, int64, error) {
	if !actor.IsAdmin() {
		return nil, 0, errs.ErrForbidden
	}
	q := s.db.WithContext(ctx).Table("audit_events AS a").Where("a.tenant_id = ?", actor.TenantID)
	if f.Action != "" {
		q = q.Where("a.action = ?", f.Action)
	}
	if f.ResourceType != "" {
		q = q.Where("a.resource_type = ?", f.ResourceType)
	}
	if f.ResourceID != "" {
		// A list read names the resource among its ids (UUIDs: no LIKE wildcards).
		q = q.Where("(a.resource_id = ? OR a.resource_ids LIKE ?)", f.ResourceID, "%\""+f.ResourceID+"\"%")
	}
	if f.ActorID != "" {
		q = q.Where("a.actor_user_id = ?", f.ActorID)
	}
	if f.From != nil {
		q = q.Where("a.created_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("a.created_at < ?", f.To.UTC())
	}
	order := "a.created_at DESC, a.id DESC"
	switch f.Sort {
	case "", "-created_at":
	case "created_at":
		order = "a.created_at ASC, a.id ASC"
	default:
		return nil, 0, errs.Invalid("sort", "must be one of -created_at, created_at")
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Event
	err := q.Select("a.*, COALESCE(u.name, '') AS actor_name, COALESCE(k.name || ' (' || k.prefix || ')', '') AS api_key_name").
		Joins("LEFT JOIN users u ON u.id = a.actor_user_id").
		Joins("LEFT JOIN api_keys k ON k.id = a.api_key_id").
		Order(order).
		Limit(f.PerPage).Offset((f.Page - 1) * f.PerPage).
		Scan(&out).Error
	return out, total, err
}
