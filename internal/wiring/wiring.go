// Package wiring builds PRIMA's object graph from the configuration: the
// services every command needs (Build) and the sending side every server
// process runs (NewSending, Sending.Start). cmd/prima and the benchmark
// (internal/bench) both build through it, so what `make bench` measures is
// what `prima serve` runs. The HTTP layer is built by the callers: internal
// packages do not import api.
package wiring

import (
	"context"
	"errors"
	"fmt"
	"github.com/prima-health/prima/internal/ai"
	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/platform/safehttp"
	"github.com/prima-health/prima/internal/workflow"
	"log/slog"
	"time"

	"github.com/prima-health/prima/internal/apikey"
	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/campaign"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/idempotency"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/patientrights"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/platform/storage"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/scheduler"
	"github.com/prima-health/prima/internal/seed"
	"github.com/prima-health/prima/internal/stats"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/timeline"
	"github.com/prima-health/prima/internal/user"
	"github.com/prima-health/prima/internal/webhook"
	"github.com/prima-health/prima/migrations"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm/logger"
)

// Options adjust Build for callers that observe the database (the benchmark);
// the commands pass none.
type Options struct {
	// SQLLogger receives GORM's log of every statement (nil: none).
	SQLLogger logger.Interface
	// OnOpen runs once the database is open and its schema checked, before
	// any service holds it.
	OnOpen func(*db.DB)
}

// Services is everything built from the configuration.
type Services struct {
	Config  *config.Config
	Log     *slog.Logger
	DB      *db.DB
	Redis   *redis.Client // nil without REDIS_URL
	Clock   clock.Clock
	Keyring *crypto.Keyring

	Audit        *audit.Service
	ReadLog      *audit.ReadLog
	Users        *user.Service
	Patients     *patient.Service
	Outbox       *outbox.Outbox // one outbox for every cause of messages
	Messages     *messaging.Service
	Settings     *user.SettingsService
	Templates    *template.Service
	Reminders    *reminder.Service
	Appointments *appointment.Service
	Stats        *stats.Service
	Timeline     *timeline.Service
	// Conversations receive patients' messages, understand and answer them, and hold the inbox.
	Conversations *conversation.Service
	// AI is the language model (nil: rules only).
	AI      *ai.Client
	Content *content.Service
	// Workflows keeps workflows and runs their executions.
	Workflows *workflow.Service
	// Campaigns sends one message to segments of patients.
	Campaigns *campaign.Service
	// Keys are the integrations' API keys.
	Keys    *apikey.Service
	Uploads *content.Uploads
	// Storage keeps uploads; Files is the same backend when it is the local
	// disk (the server serves it at /uploads), nil with S3.
	Storage     storage.Storage
	Files       *storage.Disk
	Idempotency *idempotency.Store
	// Deliveries remembers processed webhook delivery ids (Clerk's svix-id).
	Deliveries *idempotency.Deliveries
	// Webhooks are the tenants' inbound trigger webhooks; they start workflows.
	Webhooks *webhook.Service
	// PatientRights exports and erases one patient's record.
	PatientRights *patientrights.Service
	// EventRecorder records outbound events in the transactions of the changes they report.
	EventRecorder *events.Recorder
	// Events are the tenants' outbound event subscriptions.
	Events *events.Service

	// ReminderTicker makes due reminder occurrences in each tick: the
	// reminder service, which a caller may wrap before NewSending.
	ReminderTicker scheduler.Reminders
}

// Build opens the database (migrating it, or refusing an outdated schema when
// auto-migration is off), connects to Redis when configured, and builds the
// services. Close releases what it opened.
func Build(ctx context.Context, cfg *config.Config, log *slog.Logger, opts Options) (*Services, error) {
	s := &Services{Config: cfg, Log: log, Clock: clock.System{}}
	var err error
	if s.DB, err = openDatabase(ctx, cfg, log, opts.SQLLogger); err != nil {
		return nil, err
	}
	if opts.OnOpen != nil {
		opts.OnOpen(s.DB)
	}
	if cfg.RedisURL != "" {
		opt, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		s.Redis = redis.NewClient(opt)
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := s.Redis.Ping(pctx).Err(); err != nil {
			s.Close()
			return nil, fmt.Errorf("connect to Redis (REDIS_URL): %w", err)
		}
	}
	key, err := cfg.EncryptionKeyBytes()
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("PRIMA_ENCRYPTION_KEY: %w", err)
	}
	if s.Keyring, err = crypto.NewKeyring(key); err != nil {
		s.Close()
		return nil, err
	}
	s.Audit = audit.NewService(s.DB.Gorm, s.Clock)
	s.buildEvents()
	s.ReadLog = audit.NewReadLog(s.DB, log)
	s.Users = user.NewService(user.NewStore(s.DB), s.Audit, s.Clock, user.Defaults{Region: cfg.DefaultRegion, Timezone: cfg.DefaultTimezone})
	s.Patients = patient.NewService(patient.NewStore(s.DB), s.Keyring, user.NewDirectory(s.DB), s.Clock)
	s.Patients.SetEvents(s.EventRecorder) // patient.opted_out
	channels := ConfiguredChannels(cfg)
	s.Outbox = outbox.NewOutbox(s.DB, s.Clock, channels, outbox.NewDBLookups(s.DB)).WithKeyring(s.Keyring)
	if cfg.Env == config.EnvProduction {
		// In production a message no configured channel can carry fails as no_channel;
		// it never shows "sent" through the log channel.
		s.Outbox.WithoutLogFallback()
	}
	s.Messages = messaging.NewService(s.DB, s.Outbox, s.Clock, nil)
	s.Settings = user.NewSettingsService(s.DB, s.Clock, channels)
	s.Settings.OnChange(s.Users.ForgetTenant) // the user service caches tenants with their users
	contentStore := content.NewStore(s.DB)
	s.Content = content.NewService(contentStore, s.Clock, cfg.BaseURL)
	if s.Storage, err = storage.Open(ctx, storage.Config{DataDir: cfg.DataDir, BaseURL: cfg.BaseURL, S3: storage.S3Options{
		Endpoint: cfg.S3.Endpoint, Region: cfg.S3.Region, Bucket: cfg.S3.Bucket, AccessKey: cfg.S3.AccessKey,
		SecretKey: cfg.S3.SecretKey, PublicURL: cfg.S3.PublicURL}}); err != nil {
		s.Close()
		return nil, fmt.Errorf("uploads storage: %w", err)
	}
	s.Files, _ = s.Storage.(*storage.Disk)
	s.Uploads = content.NewUploads(s.Storage, contentStore, s.Clock)
	// A template's {{link}} may be the public page of one of the tenant's articles.
	s.Templates = template.NewService(template.NewStore(s.DB), s.Patients, s.Clock).WithArticles(s.Content)
	// Reminders queue through the outbox; appointments retime or stop their reminders in the same transaction.
	s.Reminders = reminder.NewService(reminder.NewStore(s.DB), s.Outbox, s.Clock, reminder.Options{Logger: log, BaseURL: cfg.BaseURL})
	s.Reminders.SetEvents(s.EventRecorder) // occurrence.confirmed and occurrence.missed
	// call_webhook steps reach tenants' URLs through a client that refuses private addresses in production.
	s.Workflows = workflow.New(workflow.Deps{DB: s.DB, Clock: s.Clock, Keyring: s.Keyring, Outbox: s.Outbox, Log: log,
		HTTP: safehttp.New(safehttp.Options{AllowPrivate: cfg.WebhookAllowPrivate, Timeout: 10 * time.Second})})
	s.Workflows.SetEvents(s.EventRecorder) // workflow.completed
	// An appointment's changes retime or stop its reminders and the workflows it started, in the same transaction.
	s.Appointments = appointment.NewService(appointment.NewSealedStore(s.DB, s.Keyring), s.Clock,
		appointment.LinkedAll{s.Reminders, s.Workflows})
	s.Stats = stats.NewService(s.DB, s.Clock)
	s.Timeline = timeline.NewService(timeline.NewStore(s.DB))
	s.AI = NewModel(cfg)
	s.Conversations = conversation.New(conversation.Deps{DB: s.DB, Clock: s.Clock, Bodies: s.Outbox.Bodies(), Outbox: s.Outbox,
		Doses: s.Reminders, Model: conversation.ModelFrom(s.AI), Articles: conversation.ArticlesFrom(s.Content), Log: log})
	s.Conversations.SetWorkflows(s.Workflows)
	s.Conversations.SetEvents(s.EventRecorder) // patient.opted_out and conversation.flagged
	s.Idempotency = idempotency.NewStore(s.DB, s.Keyring)
	s.Deliveries = idempotency.NewDeliveries(s.DB)
	s.Webhooks = webhook.NewService(webhook.Deps{Store: webhook.NewStore(s.DB), Patients: s.Patients, Keyring: s.Keyring,
		Workflows: s.Workflows, Limiter: s.RequestLimiter(), Clock: s.Clock, BaseURL: cfg.BaseURL, Log: log})
	s.Keys = apikey.NewService(s.DB, s.Clock)
	s.Campaigns = campaign.New(campaign.Deps{DB: s.DB, Clock: s.Clock, Outbox: s.Outbox, Templates: s.Templates, Events: s.EventRecorder, Log: log})
	files, _ := s.Storage.(patientrights.Files)
	s.PatientRights = patientrights.New(patientrights.Deps{DB: s.DB, Keyring: s.Keyring, Clock: s.Clock, Files: files,
		OnErase: s.Patients.ForgetTotals})
	s.ReminderTicker = s.Reminders
	return s, nil
}

// Close releases Redis and the database.
func (s *Services) Close() {
	if s.Redis != nil {
		_ = s.Redis.Close()
	}
	if s.DB != nil {
		_ = s.DB.Close()
	}
}

// RequestLimiter is the API's per-client request limiter: shared through
// Redis when configured.
func (s *Services) RequestLimiter() ratelimit.Limiter {
	if s.Redis != nil {
		return ratelimit.NewRedis(s.Redis, nil)
	}
	return ratelimit.NewMemory(nil)
}

// SendTokens is the send-rate limiter of channels and tenants: shared by every
// replica through Redis when configured.
func (s *Services) SendTokens() ratelimit.Tokens {
	if s.Redis != nil {
		return ratelimit.NewRedisTokens(s.Redis)
	}
	return ratelimit.NewMemoryTokens(s.Clock.Now)
}

// RedisPinger checks Redis for readiness; nil without Redis.
func (s *Services) RedisPinger() interface{ Ping(context.Context) error } {
	if s.Redis == nil {
		return nil
	}
	return redisPinger{s.Redis}
}

type redisPinger struct{ c *redis.Client }

func (r redisPinger) Ping(ctx context.Context) error { return r.c.Ping(ctx).Err() }

// SeedDemo loads demo data into an empty database; false when it had data.
func (s *Services) SeedDemo(ctx context.Context) (bool, error) {
	return seed.Demo(ctx, s.DB, seed.Services{Users: s.Users, Patients: s.Patients, Templates: s.Templates,
		Reminders: s.Reminders, Appointments: s.Appointments, Bodies: s.Outbox.Bodies(), Conversations: s.Conversations,
		Workflows: s.Workflows}, s.Clock)
}

// ConfiguredChannels lists the channels with provider settings, and the log channel.
func ConfiguredChannels(cfg *config.Config) []string {
	out := []string{}
	if cfg.GOWA.APIURL != "" {
		out = append(out, "whatsapp")
	}
	if cfg.Kakao.APIURL != "" {
		out = append(out, "kakao")
	}
	if cfg.NHNSMS.APIURL != "" {
		out = append(out, "sms")
	}
	return append(out, "log")
}

// openDatabase connects and brings the schema up to date, or refuses an
// outdated schema when auto-migration is off.
func openDatabase(ctx context.Context, cfg *config.Config, log *slog.Logger, sqlLog logger.Interface) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL, db.Options{Logger: sqlLog})
	if err != nil {
		return nil, err
	}
	if cfg.AutoMigrate {
		n, err := d.MigrateUp(ctx, migrations.FS)
		if err != nil {
			_ = d.Close()
			return nil, err
		}
		if n > 0 {
			log.Info("migrations applied", slog.Int("count", n))
		}
		return d, nil
	}
	pending, err := d.HasPendingMigrations(ctx, migrations.FS)
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	if pending {
		_ = d.Close()
		return nil, errors.New("the database schema is older than this binary: run `prima migrate up` (or set PRIMA_AUTO_MIGRATE=true)")
	}
	return d, nil
}
