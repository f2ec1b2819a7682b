package events

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
)

// Deps are the service's collaborators.
type Deps struct {
	DB *db.DB
	// Recorder is told about every change so it never records for a stale set.
	Recorder *Recorder
	// Keyring seals secrets (nil: the development key).
	Keyring *crypto.Keyring
	Clock   clock.Clock
	// AllowPrivate (PRIMA_WEBHOOK_ALLOW_PRIVATE) accepts http and private addresses.
	AllowPrivate bool
	Log          *slog.Logger
}

// Service manages a tenant's event subscriptions and their deliveries.
// Admins and developers manage them; volunteers have no access.
type Service struct {
	db           *db.DB
	store        store
	recorder     *Recorder
	keys         *crypto.Keyring
	clock        clock.Clock
	allowPrivate bool
	log          *slog.Logger
	onQueued     []func()
}

// NewService builds the subscription service.
func NewService(d Deps) *Service {
	s := &Service{db: d.DB, store: store{db: d.DB}, recorder: d.Recorder, keys: d.Keyring, clock: d.Clock,
		allowPrivate: d.AllowPrivate, log: d.Log}
	if s.clock == nil {
		s.clock = clock.System{}
	}
	if s.keys == nil {
		s.keys = crypto.DevelopmentKeyring()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// OnQueued registers fn, called when a test event or a redelivery is queued.
func (s *Service) OnQueued(fn func()) { s.onQueued = append(s.onQueued, fn) }

func (s *Service) queued() {
	for _, fn := range s.onQueued {
		fn()
	}
}

// Paging defaults.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

func paging(pg, per int) (int, int) {
	if pg < 1 {
		pg = 1
	}
	switch {
	case per <= 0:
		per = DefaultPerPage
	case per > MaxPerPage:
		per = MaxPerPage
	}
	return pg, per
}

// requireManage lets admins and developers manage subscriptions.
func requireManage(a identity.Actor) error {
	if a.Role != identity.RoleAdmin && a.Role != identity.RoleDeveloper {
		return fmt.Errorf("only admins and developers manage event subscriptions: %w", errs.ErrForbidden)
	}
	return nil
}

// now is the clock's time at the precision both databases keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) sealSecret(plain string) (string, error) {
	v, err := s.keys.Seal(plain)
	if err != nil {
		return "", fmt.Errorf("seal event subscription secret: %w", err)
	}
	return v, nil
}

// changed tells the recorder the active subscriptions changed.
func (s *Service) changed() {
	if s.recorder != nil {
		s.recorder.Invalidate()
	}
}

// Secrets returns the plaintext secrets that sign deliveries at now: the
// current one, and the previous one until its overlap ends.
func Secrets(keys *crypto.Keyring, sub Subscription, now time.Time) ([]string, error) {
	cur, err := keys.Open(sub.Secret)
	if err != nil {
		return nil, fmt.Errorf("open event subscription %s secret: %w", sub.ID, err)
	}
	out := []string{cur}
	if sub.PreviousSecret != nil && sub.PreviousSecretUntil != nil && now.Before(*sub.PreviousSecretUntil) {
		prev, err := keys.Open(*sub.PreviousSecret)
		if err != nil {
			return nil, fmt.Errorf("open event subscription %s previous secret: %w", sub.ID, err)
		}
		out = append(out, prev)
	}
	return out, nil
}
