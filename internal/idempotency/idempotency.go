// Package idempotency remembers the response to a creating POST sent with an
// Idempotency-Key, so a retried request returns the first response instead of
// doing the work again. Records live in the database, shared by every replica.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// TTL is how long a key is remembered.
const TTL = 24 * time.Hour

// Record is one remembered request.
type Record struct {
	UserID       string `gorm:"primaryKey"`
	Key          string `gorm:"primaryKey"`
	RequestHash  string
	StatusCode   int // 0 while the first request is still running
	ContentType  string
	ResponseBody []byte
	CreatedAt    time.Time
}

// TableName is the idempotency table.
func (Record) TableName() string { return "idempotency_keys" }

// Store keeps records. Responses can hold health data (a created patient's
// diagnosis), so they are stored sealed with the field keyring, and purged
// after the TTL.
type Store struct {
	db      *gorm.DB
	keyring *crypto.Keyring
}

// NewStore returns the GORM store sealing responses with k (nil: the
// development key, for tests and development servers).
func NewStore(d *db.DB, k *crypto.Keyring) *Store {
	if k == nil {
		k = crypto.DevelopmentKeyring()
	}
	return &Store{db: d.Gorm, keyring: k}
}

// Begin claims (userID, key) for a new request. When the key was already used
// within the TTL it returns the earlier record and claimed=false.
func (s *Store) Begin(ctx context.Context, userID, key, hash string, now time.Time) (rec Record, claimed bool, err error) {
	q := s.db.WithContext(ctx)
	if err := q.Where("user_id = ? AND key = ? AND created_at < ?", userID, key, now.Add(-TTL)).Delete(&Record{}).Error; err != nil {
		return Record{}, false, err
	}
	rec = Record{UserID: userID, Key: key, RequestHash: hash, CreatedAt: now}
	err = q.Create(&rec).Error
	if err == nil {
		return rec, true, nil
	}
	if !db.IsUniqueViolation(err) {
		return Record{}, false, err
	}
	var prev Record
	if err := q.Where("user_id = ? AND key = ?", userID, key).Take(&prev).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Record{}, false, errors.New("idempotency record vanished; retry")
		}
		return Record{}, false, err
	}
	if len(prev.ResponseBody) > 0 {
		plain, err := s.keyring.Open(string(prev.ResponseBody))
		if err != nil {
			return Record{}, false, fmt.Errorf("idempotency: open the stored response: %w", err)
		}
		prev.ResponseBody = []byte(plain)
	}
	return prev, false, nil
}

// Complete stores the response of a claimed request.
func (s *Store) Complete(ctx context.Context, userID, key string, status int, contentType string, body []byte) error {
	sealed, err := s.keyring.Seal(string(body))
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Model(&Record{}).Where("user_id = ? AND key = ?", userID, key).
		Updates(map[string]any{"status_code": status, "content_type": contentType, "response_body": []byte(sealed)}).Error
}

// Release forgets a claimed key (the request failed on our side; the client may retry).
func (s *Store) Release(ctx context.Context, userID, key string) error {
	return s.db.WithContext(ctx).Where("user_id = ? AND key = ?", userID, key).Delete(&Record{}).Error
}

// Purge deletes records older than the TTL.
func (s *Store) Purge(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_at < ?", now.Add(-TTL)).Delete(&Record{})
	return res.RowsAffected, res.Error
}
