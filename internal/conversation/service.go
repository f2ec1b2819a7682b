package conversation

import (
	"context"
	"log/slog"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// Queue is the outbox: every automated or staff reply is a normal outbound
// message written in the caller's transaction.
type Queue interface {
	Enqueue(ctx context.Context, tx *gorm.DB, n outbox.NewMessage) (outbox.Message, error)
}

// Doses confirms a patient's dose from their reply, in the caller's transaction.
type Doses interface {
	// ConfirmReply confirms the dose the patient answered (the reminder
	// message repliedTo, when known) or their most recent open one; found is
	// false when there is nothing to confirm.
	ConfirmReply(ctx context.Context, tx *gorm.DB, tenantID, patientID string, repliedTo *string, at time.Time) (found bool, err error)
}

// Model is the language model: asked for intents the rules are unsure of,
// and for answers grounded in the clinic's articles. Every error means "use
// the rules' answer".
type Model interface {
	Enabled() bool
	Classify(ctx context.Context, text, firstName, language string, intents []string) (intent string, confidence float64, err error)
	Answer(ctx context.Context, question, firstName, language string, sources []Source) (text string, confident bool, err error)
}

// Source is a published article an answer may rest on.
type Source struct{ Title, URL, Text string }

// Articles finds a tenant's published articles that may answer a question.
type Articles interface {
	Grounding(ctx context.Context, tenantID, language, query string, limit int) ([]Source, error)
}

// Service is the conversation domain: receiving, the workers, the inbox.
type Service struct {
	db       *db.DB
	clock    clock.Clock
	bodies   outbox.Bodies
	outbox   Queue
	doses    Doses
	model    Model    // may be nil: rules only
	articles Articles // may be nil: no grounded answers
	log      *slog.Logger

	wakeWorkers func()
	intake      intake // PostgreSQL: concurrent messages stored together
	wakeOutbox  func()
	jobs        chan struct{}
	workflows   Workflows // nil until set
	events      Events    // nil: no outbound events
}

// OnQueued sets what to call after a transaction of this service queued a
// message (the dispatchers' wake-up).
func (s *Service) OnQueued(wake func()) {
	if wake != nil {
		s.wakeOutbox = wake
	}
}

// Deps are a Service's collaborators.
type Deps struct {
	DB       *db.DB
	Clock    clock.Clock
	Bodies   outbox.Bodies
	Outbox   Queue
	Doses    Doses
	Model    Model
	Articles Articles
	Log      *slog.Logger
	// WakeOutbox tells this process's dispatchers a message was queued (after commit).
	WakeOutbox func()
}

// Workflows is what the conversation pipeline tells workflows, in the
// transaction that records what a reply meant.
type Workflows interface {
	// Reply advances the patient's executions waiting for a reply; true when one took it.
	Reply(ctx context.Context, tx *gorm.DB, tenantID, patientID, messageID, intent string, at time.Time) (bool, error)
	// Keyword starts the workflows whose keyword the message is; true when one started.
	Keyword(ctx context.Context, tx *gorm.DB, tenantID, patientID, messageID, body string, at time.Time) (bool, error)
}

// SetWorkflows makes replies reach workflows (call before processing starts).
func (s *Service) SetWorkflows(w Workflows) { s.workflows = w }

// New builds the service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, clock: d.Clock, bodies: d.Bodies, outbox: d.Outbox, doses: d.Doses, model: d.Model,
		articles: d.Articles, log: d.Log, wakeOutbox: d.WakeOutbox, jobs: make(chan struct{}, 1)}
	if s.clock == nil {
		s.clock = clock.System{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.wakeOutbox == nil {
		s.wakeOutbox = func() {}
	}
	s.wakeWorkers = func() {
		select {
		case s.jobs <- struct{}{}:
		default:
		}
	}
	return s
}
