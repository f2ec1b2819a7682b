// Package api is PRIMA's HTTP layer (Echo): routes, handlers, middleware and
// the one place that maps service errors to problem+json. Handlers bind,
// validate, call a service and map the result to a response DTO.
package api

import (
	"context"
	"github.com/prima-health/prima/internal/ai"
	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/workflow"
	"io/fs"
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/apikey"
	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/campaign"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/platform/storage"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/scheduler"
	"github.com/prima-health/prima/internal/stats"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/timeline"
	"github.com/prima-health/prima/internal/user"
	"github.com/prima-health/prima/internal/webhook"
	"github.com/prometheus/client_golang/prometheus"
)

// Pinger is a dependency readiness checks ping.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps is everything the HTTP layer needs, built by cmd/prima.
type Deps struct {
	Config    *config.Config
	Logger    *slog.Logger
	Clock     clock.Clock
	Database  Pinger
	Redis     Pinger // nil when REDIS_URL is empty
	Verifier  identity.Verifier
	DevIssuer *identity.DevIssuerKeys // nil unless development sign-in is on
	Users     *user.Service
	Patients  *patient.Service
	Messages  *messaging.Service
	Settings  *user.SettingsService
	Templates *template.Service
	Audit     *audit.Service
	ReadLog   *audit.ReadLog // read events (list reads), written in batches
	Scheduler *scheduler.Service
	Receipts  *outbox.Receipts
	Stats     *stats.Service
	// Conversations receive patients' messages and hold the inbox.
	Conversations *conversation.Service
	// AI is the language model (nil: rules only; POST /ai/draft answers ai_disabled).
	AI          *ai.Client
	Limiter     ratelimit.Limiter
	Idempotency middleware.IdempotencyStore
	Deliveries  WebhookDeliveries // nil: webhook deliveries are not deduplicated
	OpenAPISpec []byte
	Frontend    fs.FS
	Version     string
	Registry    *prometheus.Registry // nil makes a fresh one

	// Appointments and reminders (occurrences, confirmations, send-now).
	Appointments *appointment.Service
	Reminders    *reminder.Service

	// Timeline is the patients' history feed.
	Timeline *timeline.Service

	// Content: articles and videos, image uploads, and the directory the
	// server serves uploads from (nil when they live in an S3 bucket).
	Content *content.Service
	Uploads *content.Uploads
	Files   *storage.Disk

	// Workflows keeps workflows and runs their executions.
	Workflows *workflow.Service
	// Webhooks are the tenants' inbound trigger webhooks.
	Webhooks *webhook.Service
	// Campaigns sends one message to segments of patients.
	Campaigns *campaign.Service
	// Keys are the integrations' API keys (nil: the server accepts none).
	Keys *apikey.Service
	// Events are the tenants' outbound event subscriptions and their deliveries.
	Events *events.Service
}

// Server holds the dependencies handlers use.
type Server struct {
	Deps
}

// New builds the Echo instance with every middleware and route.
func New(d Deps) *echo.Echo {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Limiter == nil {
		d.Limiter = ratelimit.NewMemory(nil)
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	s := &Server{Deps: d}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler
	e.IPExtractor = clientIPExtractor(d.Config.TrustedProxies)
	s.middleware(e)
	s.routes(e)
	return e
}
