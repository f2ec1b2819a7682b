package webhook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Store persists webhooks and their calls. Every method but Lookup is scoped
// by tenant; soft-deleted webhooks are invisible to all but Lookup.
type Store interface {
	// InTx runs fn with a store bound to one transaction and that transaction,
	// for the collaborators (patients, workflows) that write in it too.
	InTx(ctx context.Context, fn func(tx Store, gtx *gorm.DB) error) error

	Get(ctx context.Context, tenantID, id string) (Webhook, error)
	// Lookup reads a webhook of any tenant by id, soft-deleted ones included.
	Lookup(ctx context.Context, id string) (Webhook, error)
	List(ctx context.Context, tenantID string, page, perPage int) ([]Webhook, int64, error)
	Create(ctx context.Context, w Webhook) error
	// Update writes the mutable columns if the stored version is expectVersion.
	Update(ctx context.Context, w Webhook, expectVersion int) error
	SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error
	// Touch sets last_called_at (no version change: it is no edit).
	Touch(ctx context.Context, id string, at time.Time) error

	// AddExecution records a call.
	AddExecution(ctx context.Context, e Execution) error
	// ClaimDelivery inserts e, a "started" call with a delivery id, unless
	// one exists for that webhook and delivery: false then. A concurrent
	// claim of the same delivery waits for the first to commit or roll back.
	ClaimDelivery(ctx context.Context, e Execution) (bool, error)
	// FinishExecution writes the result columns of a claimed call.
	FinishExecution(ctx context.Context, e Execution) error
	// FirstStarted is the "started" call of a delivery, errs.ErrNotFound when none.
	FirstStarted(ctx context.Context, webhookID, deliveryID string) (Execution, error)
	// Executions lists a webhook's calls, newest first.
	Executions(ctx context.Context, tenantID, webhookID string, page, perPage int) ([]Execution, int64, error)

	// Audit appends an audit event (inside the transaction when the store is one).
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
}

type gormStore struct{ db *gorm.DB }

var _ Store = (*gormStore)(nil)

// NewStore returns the GORM store.
func NewStore(d *db.DB) Store { return &gormStore{db: d.Gorm} }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s *gormStore) InTx(ctx context.Context, fn func(tx Store, gtx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(&gormStore{db: tx}, tx) })
}

func (s *gormStore) Audit(ctx context.Context, now time.Time, e audit.Entry) error {
	return audit.Write(ctx, s.db, now, e)
}

func (s *gormStore) Get(ctx context.Context, tenantID, id string) (Webhook, error) {
	var w Webhook
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&w).Error
	return w, notFound(err)
}

func (s *gormStore) Lookup(ctx context.Context, id string) (Webhook, error) {
	var w Webhook
	err := s.db.WithContext(ctx).Unscoped().Where("id = ?", id).Take(&w).Error
	return w, notFound(err)
}

// page runs a counted, ordered page: two statements, one when the count is zero.
func page[T any](base func() *gorm.DB, order string, pg, per int) ([]T, int64, error) {
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []T{}
	if total == 0 || (pg-1)*per >= int(total) {
		return out, total, nil
	}
	err := base().Order(order).Limit(per).Offset((pg - 1) * per).Find(&out).Error
	return out, total, err
}

func (s *gormStore) List(ctx context.Context, tenantID string, pg, per int) ([]Webhook, int64, error) {
	base := func() *gorm.DB { return s.db.WithContext(ctx).Model(&Webhook{}).Where("tenant_id = ?", tenantID) }
	return page[Webhook](base, "created_at DESC, id DESC", pg, per)
}

func (s *gormStore) Create(ctx context.Context, w Webhook) error {
	return s.db.WithContext(ctx).Create(&w).Error
}

func (s *gormStore) Update(ctx context.Context, w Webhook, expectVersion int) error {
	res := s.db.WithContext(ctx).Model(&Webhook{}).
		Where("tenant_id = ? AND id = ? AND version = ?", w.TenantID, w.ID, expectVersion).
		Updates(map[string]any{
			"name": w.Name, "workflow_id": w.WorkflowID, "is_active": w.IsActive, "secret": w.Secret,
			"previous_secret": w.PreviousSecret, "previous_secret_until": w.PreviousSecretUntil,
			"updated_at": w.UpdatedAt, "version": w.Version,
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, w.TenantID, w.ID, expectVersion)
	}
	return nil
}

func (s *gormStore) SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Webhook{}).Where("tenant_id = ? AND id = ? AND version = ?", tenantID, id, expectVersion).
		Updates(map[string]any{"deleted_at": now, "is_active": false, "updated_at": now, "version": expectVersion + 1})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return s.whyNotChanged(ctx, tenantID, id, expectVersion)
	}
	return nil
}

// whyNotChanged tells a vanished webhook (not found) from a stale version (conflict).
func (s *gormStore) whyNotChanged(ctx context.Context, tenantID, id string, expectVersion int) error {
	var n int64
	if err := s.db.WithContext(ctx).Model(&Webhook{}).Where("tenant_id = ? AND id = ?", tenantID, id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return errs.ErrNotFound
	}
	return fmt.Errorf("webhook changed since version %d: %w", expectVersion, errs.ErrConflict)
}

func (s *gormStore) Touch(ctx context.Context, id string, at time.Time) error {
	return s.db.WithContext(ctx).Model(&Webhook{}).Unscoped().Where("id = ?", id).Update("last_called_at", at).Error
}

func (s *gormStore) AddExecution(ctx context.Context, e Execution) error {
	return s.db.WithContext(ctx).Create(&e).Error
}

func (s *gormStore) ClaimDelivery(ctx context.Context, e Execution) (bool, error) {
	res := s.db.WithContext(ctx).Exec(`INSERT INTO webhook_executions
		(id, tenant_id, webhook_id, delivery_id, status_code, outcome, duration_ms, payload, response, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (webhook_id, delivery_id) WHERE outcome = 'started' DO NOTHING`,
		e.ID, e.TenantID, e.WebhookID, e.DeliveryID, e.StatusCode, OutcomeStarted, e.DurationMS, e.Payload, e.Response, e.CreatedAt)
	return res.RowsAffected == 1, res.Error
}

func (s *gormStore) FinishExecution(ctx context.Context, e Execution) error {
	return s.db.WithContext(ctx).Model(&Execution{}).Where("id = ?", e.ID).Updates(map[string]any{
		"status_code": e.StatusCode, "duration_ms": e.DurationMS, "response": e.Response,
		"patient_id": e.PatientID, "execution_id": e.ExecutionID,
	}).Error
}

func (s *gormStore) FirstStarted(ctx context.Context, webhookID, deliveryID string) (Execution, error) {
	var e Execution
	err := s.db.WithContext(ctx).Where("webhook_id = ? AND delivery_id = ? AND outcome = ?", webhookID, deliveryID, OutcomeStarted).
		Take(&e).Error
	return e, notFound(err)
}

func (s *gormStore) Executions(ctx context.Context, tenantID, webhookID string, pg, per int) ([]Execution, int64, error) {
	base := func() *gorm.DB {
		return s.db.WithContext(ctx).Model(&Execution{}).Where("tenant_id = ? AND webhook_id = ?", tenantID, webhookID)
	}
	return page[Execution](base, "created_at DESC, id DESC", pg, per)
}
