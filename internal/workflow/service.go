package workflow

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
)

// Outbox queues the messages workflows send.
type Outbox interface {
	EnqueueMany(ctx context.Context, tx *gorm.DB, ns []outbox.NewMessage) ([]outbox.Message, error)
}

// Deps are the service's collaborators.
type Deps struct {
	DB      *db.DB
	Clock   clock.Clock
	Keyring *crypto.Keyring
	Outbox  Outbox
	// HTTP makes call_webhook requests (a client that refuses private
	// addresses in production); nil: http.DefaultClient with a timeout.
	HTTP *http.Client
	Log  *slog.Logger
}

// Service keeps workflows and runs their executions.
type Service struct {
	db       *db.DB
	clock    clock.Clock
	keys     *crypto.Keyring
	outbox   Outbox
	http     *http.Client
	log      *slog.Logger
	versions *versionCache
	due      chan struct{} // something became due in this process
	clinics  sync.Map      // tenant id → clinicName, for messages' {{clinic}}
	events   Events        // nil: no outbound events
}

// New builds the workflow service.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	return &Service{db: d.DB, clock: d.Clock, keys: d.Keyring, outbox: d.Outbox, http: d.HTTP, log: d.Log,
		versions: newVersionCache(), due: make(chan struct{}, 1)}
}

// now is the clock's time at the precision both databases keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func forbidden(what string) error { return fmt.Errorf("%s: %w", what, errs.ErrForbidden) }

func requireRead(a identity.Actor) error {
	if !identity.ValidRole(a.Role) {
		return forbidden("unknown role")
	}
	return nil
}

// requireAdmin lets only admins change workflows: they message every patient of the tenant.
func requireAdmin(a identity.Actor) error {
	if !a.IsAdmin() {
		return forbidden("only admins change workflows")
	}
	return nil
}

// requireWrite lets admins and volunteers act on executions (start, cancel).
func requireWrite(a identity.Actor) error {
	if !a.CanWrite() {
		return forbidden("developers only read")
	}
	return nil
}
