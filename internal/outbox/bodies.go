package outbox

import (
	"context"
	"fmt"

	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
)

// Bodies seals message bodies for storage and opens them for reading (SPEC
// §12: message bodies are health data, encrypted at rest). Duplicate
// suppression compares Digest, a keyed hash, never the text.
type Bodies struct{ k *crypto.Keyring }

// NewBodies uses k; nil means the public development key (tests and
// development servers; production wiring always passes its keyring).
func NewBodies(k *crypto.Keyring) Bodies {
	if k == nil {
		k = crypto.DevelopmentKeyring()
	}
	return Bodies{k: k}
}

// Seal encrypts a body for storage.
func (b Bodies) Seal(body string) (string, error) { return b.k.Seal(body) }

// Digest is the keyed hash stored in body_hash.
func (b Bodies) Digest(body string) string { return b.k.Digest(body) }

// Open decrypts a stored body. A body written before bodies were encrypted is
// returned as it is (SealLegacy encrypts those in the background).
func (b Bodies) Open(stored string) (string, error) {
	if !crypto.IsSealed(stored) {
		return stored, nil
	}
	return b.k.Open(stored)
}

// MustOpen is Open for display: a body that cannot be opened (a key no longer
// configured) reads as a placeholder rather than failing a whole list.
func (b Bodies) MustOpen(stored string) string {
	s, err := b.Open(stored)
	if err != nil {
		return "[encrypted with a key this server does not hold]"
	}
	return s
}

// SealLegacy encrypts bodies stored before encryption at rest, a batch at a
// time, and reports how many it sealed. It is cheap when there are none (an
// index holds exactly those rows).
func (b Bodies) SealLegacy(ctx context.Context, d *db.DB, batch int) (int, error) {
	total := 0
	for {
		var rows []struct {
			ID   string
			Body string
		}
		if err := d.Gorm.WithContext(ctx).Raw("SELECT id, body FROM messages WHERE body_hash IS NULL ORDER BY id LIMIT ?", batch).
			Scan(&rows).Error; err != nil {
			return total, err
		}
		if len(rows) == 0 {
			return total, nil
		}
		for _, r := range rows {
			plain, err := b.Open(r.Body)
			if err != nil {
				return total, fmt.Errorf("message %s: %w", r.ID, err)
			}
			sealed, err := b.Seal(plain)
			if err != nil {
				return total, err
			}
			// Only if still unsealed: a concurrent writer's value wins.
			if err := d.Gorm.WithContext(ctx).Exec("UPDATE messages SET body = ?, body_hash = ? WHERE id = ? AND body_hash IS NULL",
				sealed, b.Digest(plain), r.ID).Error; err != nil {
				return total, err
			}
		}
		total += len(rows)
	}
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
