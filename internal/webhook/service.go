// Package webhook holds a tenant's inbound trigger webhooks (SPEC §9): URLs
// that third-party systems (EMRs, booking systems) call, signed with the
// Standard Webhooks scheme (or the seed integrations' x-webhook-signature),
// to find or create a patient and start a workflow with the call's payload.
// Every call is recorded with its outcome.
//
// Admins and developers manage webhooks (SPEC §4.2: developers read
// everything and manage API keys and webhooks); volunteers have no access.
// Recorded payloads hold patient data: only admins read them.
package webhook

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ratelimit"
)

// Deps are the service's collaborators.
type Deps struct {
	Store    Store
	Patients Patients
	// Workflows starts workflows; nil until the workflow engine exists: then
	// binding a workflow is refused and calls start nothing.
	Workflows Workflows
	// Keyring seals secrets and payloads (nil: the development key).
	Keyring *crypto.Keyring
	// Limiter counts calls per webhook (nil: in-process).
	Limiter ratelimit.Limiter
	Clock   clock.Clock
	// BaseURL (PRIMA_BASE_URL) makes the webhooks' URLs.
	BaseURL string
	Log     *slog.Logger
}

// Service manages webhooks and receives their calls.
type Service struct {
	store     Store
	patients  Patients
	workflows Workflows
	keys      *crypto.Keyring
	limiter   ratelimit.Limiter
	clock     clock.Clock
	baseURL   string
	log       *slog.Logger
}

// NewService builds the webhook service.
func NewService(d Deps) *Service {
	s := &Service{store: d.Store, patients: d.Patients, workflows: d.Workflows, keys: d.Keyring, limiter: d.Limiter,
		clock: d.Clock, baseURL: strings.TrimRight(d.BaseURL, "/"), log: d.Log}
	if s.clock == nil {
		s.clock = clock.System{}
	}
	if s.keys == nil {
		s.keys = crypto.DevelopmentKeyring()
	}
	if s.limiter == nil {
		s.limiter = ratelimit.NewMemory(s.clock.Now)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Paging defaults.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

func forbidden(what string) error { return fmt.Errorf("%s: %w", what, errs.ErrForbidden) }

// requireManage lets admins and developers manage webhooks.
func requireManage(a identity.Actor) error {
	if a.Role != identity.RoleAdmin && a.Role != identity.RoleDeveloper {
		return forbidden("only admins and developers manage webhooks")
	}
	return nil
}

// now is the clock's time at the precision both databases keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// URL is the URL callers post to for webhook id.
func (s *Service) URL(id string) string { return URL(s.baseURL, id) }

// WorkflowsEnabled reports whether webhooks can be bound to workflows.
func (s *Service) WorkflowsEnabled() bool { return s.workflows != nil }

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

// sealSecret seals a plaintext secret for the store.
func (s *Service) sealSecret(plain string) (string, error) {
	v, err := s.keys.Seal(plain)
	if err != nil {
		return "", fmt.Errorf("seal webhook secret: %w", err)
	}
	return v, nil
}

// secrets returns the plaintext secrets that verify calls at now: the
// current one, and the previous one until its overlap ends.
func (s *Service) secrets(w Webhook, now time.Time) ([]string, error) {
	cur, err := s.keys.Open(w.Secret)
	if err != nil {
		return nil, fmt.Errorf("open webhook %s secret: %w", w.ID, err)
	}
	out := []string{cur}
	if w.PreviousSecret != nil && w.PreviousSecretUntil != nil && now.Before(*w.PreviousSecretUntil) {
		prev, err := s.keys.Open(*w.PreviousSecret)
		if err != nil {
			return nil, fmt.Errorf("open webhook %s previous secret: %w", w.ID, err)
		}
		out = append(out, prev)
	}
	return out, nil
}
