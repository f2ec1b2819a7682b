package appointment

import (
	"context"

	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
)

// sealedStore keeps appointment notes encrypted at rest (SPEC §12): notes are
// sealed on the way in and opened on the way out, so the service and the API
// see plain text and the table never does.
type sealedStore struct {
	*gormStore
	k *crypto.Keyring
}

// NewSealedStore returns the GORM store sealing notes with k (nil: the
// development key, for tests and development servers).
func NewSealedStore(d *db.DB, k *crypto.Keyring) Store {
	if k == nil {
		k = crypto.DevelopmentKeyring()
	}
	return sealedStore{gormStore: &gormStore{db: d.Gorm}, k: k}
}

func (s sealedStore) InTx(ctx context.Context, fn func(tx Store) error) error {
	return s.gormStore.InTx(ctx, func(tx Store) error {
		return fn(sealedStore{gormStore: tx.(*gormStore), k: s.k})
	})
}

func (s sealedStore) Get(ctx context.Context, tenantID, id string) (Appointment, error) {
	a, err := s.gormStore.Get(ctx, tenantID, id)
	if err != nil {
		return a, err
	}
	return a, s.open(&a)
}

func (s sealedStore) List(ctx context.Context, tenantID string, q Query) ([]Appointment, int64, error) {
	list, total, err := s.gormStore.List(ctx, tenantID, q)
	if err != nil {
		return list, total, err
	}
	for i := range list {
		if err := s.open(&list[i]); err != nil {
			return nil, 0, err
		}
	}
	return list, total, nil
}

func (s sealedStore) Create(ctx context.Context, a Appointment) error {
	if err := s.seal(&a); err != nil {
		return err
	}
	return s.gormStore.Create(ctx, a)
}

func (s sealedStore) Update(ctx context.Context, a Appointment, expectVersion int) error {
	if err := s.seal(&a); err != nil {
		return err
	}
	return s.gormStore.Update(ctx, a, expectVersion)
}

func (s sealedStore) seal(a *Appointment) error {
	if a.Notes == nil || *a.Notes == "" {
		return nil
	}
	sealed, err := s.k.Seal(*a.Notes)
	if err != nil {
		return err
	}
	a.Notes = &sealed
	return nil
}

// open decrypts notes; notes written before they were encrypted read as they are.
func (s sealedStore) open(a *Appointment) error {
	if a.Notes == nil || !crypto.IsSealed(*a.Notes) {
		return nil
	}
	plain, err := s.k.Open(*a.Notes)
	if err != nil {
		return err
	}
	a.Notes = &plain
	return nil
}

// SealLegacyNotes encrypts notes stored before notes were encrypted at rest
// and reports how many it sealed.
func (s sealedStore) SealLegacyNotes(ctx context.Context) (int, error) {
	var rows []struct {
		ID    string
		Notes string
	}
	if err := s.db.WithContext(ctx).Raw("SELECT id, notes FROM appointments WHERE notes IS NOT NULL AND notes <> '' AND notes NOT LIKE 'enc:v1:%'").
		Scan(&rows).Error; err != nil {
		return 0, err
	}
	for _, r := range rows {
		sealed, err := s.k.Seal(r.Notes)
		if err != nil {
			return 0, err
		}
		if err := s.db.WithContext(ctx).Exec("UPDATE appointments SET notes = ? WHERE id = ? AND notes = ?", sealed, r.ID, r.Notes).Error; err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// SealLegacyNotes encrypts notes stored in clear before notes were encrypted
// at rest (a no-op for stores that do not seal).
func (s *Service) SealLegacyNotes(ctx context.Context) (int, error) {
	if ss, ok := s.store.(sealedStore); ok {
		return ss.SealLegacyNotes(ctx)
	}
	return 0, nil
}
