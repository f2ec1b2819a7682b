// Package bench measures PRIMA against the performance targets of SPEC §15:
// it seeds a database of the requested size (SQLite, or a fresh PostgreSQL
// schema), builds the server through internal/wiring as `prima serve` does,
// and times an empty scheduler tick; a tick that sends every due reminder
// through a local fake WhatsApp provider over loopback HTTP, with the
// dispatcher running in the background as on a server, beside a baseline of
// the same provider driven by a plain loop; a rate-limited channel with a
// backlog; the patient list under 64 concurrent clients beside a bare Echo
// handler answering the same JSON page; and the process's memory. It can also build the real binary and time its cold start.
// cmd/prima-bench drives it (`make bench`).
package bench

import (
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
)

// Config is one bench run.
type Config struct {
	Dialect     db.Dialect
	PostgresURL string // base server URL; the bench works in a fresh schema
	RedisURL    string // "" = the in-process rate limiter

	Patients  int
	Reminders int
	Messages  int // historical messages
	Due       int // reminders made due for the big tick

	// BulkShare is the share of patients in the one large tenant (the one the
	// patient list reads); the others are spread over tenants of TenantSize.
	BulkShare  float64
	TenantSize int

	Clients       int           // concurrent patient-list clients
	ListDuration  time.Duration // measured load time
	ListWarmup    time.Duration
	EmptyTickRuns int
	TickTimeout   time.Duration // bound on the big tick

	DispatchBatch       int // 0 = the server's default
	DispatchConcurrency int // 0 = the server's default
	// ChannelRate is every channel's send rate (PRIMA_CHANNEL_RATES) for the
	// big tick: high enough not to hold it back, while the claims still go
	// through the rate limiter as on a server.
	ChannelRate int
	// BaselineMessages is how many sends the plain loop makes (0: as many as
	// Due, at most 30,000).
	BaselineMessages int
	// The throttled row: ThrottleMessages queued on a channel limited to
	// ThrottleRate per second, dispatched for ThrottleFor.
	ThrottleRate     int
	ThrottleMessages int
	ThrottleFor      time.Duration
	// AnalyzeMidTick runs ANALYZE messages between materialising and
	// dispatching: a diagnostic that shows the dispatcher's cost once the
	// planner knows about the freshly queued rows. Off for real figures.
	AnalyzeMidTick bool
	// Sequential runs the big tick without the background dispatcher: the
	// tick materialises everything, then drains. A diagnostic that times each
	// phase alone; off for real figures.
	Sequential bool

	// BareList builds the patient list's baseline: a bare Echo handler that
	// answers body to GET /api/v1/patients (cmd/prima-bench gives it; nil
	// uses net/http alone).
	BareList func(body []byte) http.Handler
	// BareInbound builds the inbound webhook's baseline: a bare Echo handler
	// answering body to POST /api/v1/hooks/gowa (nil: net/http alone).
	BareInbound func(body []byte) http.Handler

	// Only runs some figures: "" all of them, OnlyList the patient list and
	// its baseline, OnlyInbound the inbound webhook and its baseline (after
	// the same seeding).
	Only string

	CPUProfile string // path prefix: one profile per measured phase
	SQLStats   bool   // statements per call site per phase, after the table

	PrimaBinary string // a built prima binary; "" builds cmd/prima
	SkipBinary  bool   // skip the cold-start measurement
	Keep        bool   // keep the database (SQLite file or schema)
	ServerLog   string // write the server's JSON log to this file ("" discards it)

	Out      io.Writer // the table
	Progress io.Writer // progress lines
}

// Values of -only: the patient-list figures alone, the inbound-webhook figures alone.
const (
	OnlyList    = "list"
	OnlyInbound = "inbound"
	// OnlyWorkflows: the workflow figures and the provider baseline.
	OnlyWorkflows = "workflows"
	// OnlyCampaigns: the campaign figures and the provider baseline.
	OnlyCampaigns = "campaigns"
)

// Default sizes (SPEC §15) and the -quick ones.
const (
	DefaultPatients  = 100_000
	DefaultReminders = 300_000
	DefaultMessages  = 1_000_000
	DefaultDue       = 100_000

	QuickPatients  = 2_000
	QuickReminders = 6_000
	QuickMessages  = 20_000
	QuickDue       = 2_000
)

// Defaults fills what is unset.
func (c *Config) Defaults() {
	if c.Dialect == "" {
		c.Dialect = db.SQLite
	}
	if c.Patients <= 0 {
		c.Patients = DefaultPatients
	}
	if c.Reminders <= 0 {
		c.Reminders = DefaultReminders
	}
	if c.Messages < 0 {
		c.Messages = 0
	}
	if c.Due <= 0 {
		c.Due = DefaultDue
	}
	if c.BulkShare <= 0 || c.BulkShare > 1 {
		c.BulkShare = 0.9
	}
	if c.TenantSize <= 0 {
		c.TenantSize = 1000
	}
	if c.Clients <= 0 {
		c.Clients = 64
	}
	if c.ListDuration <= 0 {
		c.ListDuration = 10 * time.Second
	}
	if c.ListWarmup < 0 {
		c.ListWarmup = 0
	}
	if c.EmptyTickRuns <= 0 {
		c.EmptyTickRuns = 20
	}
	if c.TickTimeout <= 0 {
		c.TickTimeout = 5 * time.Minute
	}
	if c.ChannelRate <= 0 {
		c.ChannelRate = 100_000
	}
	if c.BaselineMessages <= 0 {
		c.BaselineMessages = min(c.Due, 30_000)
	}
	if c.ThrottleRate <= 0 {
		c.ThrottleRate = 20
	}
	if c.ThrottleMessages <= 0 {
		c.ThrottleMessages = 2_000
	}
	if c.ThrottleFor <= 0 {
		c.ThrottleFor = 12 * time.Second
	}
	if c.Out == nil {
		c.Out = os.Stdout
	}
	if c.Progress == nil {
		c.Progress = os.Stderr
	}
}

// Validate checks the sizes fit together.
func (c *Config) Validate() error {
	switch {
	case c.Dialect != db.SQLite && c.Dialect != db.Postgres:
		return errors.New("-db must be sqlite or postgres")
	case c.Dialect == db.Postgres && c.PostgresURL == "":
		return errors.New("-db postgres needs PRIMA_BENCH_POSTGRES_URL or PRIMA_TEST_POSTGRES_URL")
	case c.Reminders < c.Patients:
		return errors.New("-reminders must be at least -patients (every patient has a reminder)")
	case c.Due > c.Reminders:
		return errors.New("-due cannot exceed -reminders")
	case c.Only != "" && c.Only != OnlyList && c.Only != OnlyInbound && c.Only != OnlyWorkflows && c.Only != OnlyCampaigns:
		return errors.New("-only must be empty, " + OnlyList + ", " + OnlyInbound + ", " + OnlyWorkflows + " or " + OnlyCampaigns)
	}
	return nil
}
