package api

import (
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/scheduler"
)

// TickSummary is what one scheduler tick did.
type TickSummary struct {
	StartedAt          time.Time `json:"started_at"`
	DurationMS         int64     `json:"duration_ms" example:"42"`
	OccurrencesCreated int       `json:"occurrences_created"`
	MessagesQueued     int       `json:"messages_queued"`
	MessagesSent       int       `json:"messages_sent"`
	MessagesSkipped    int       `json:"messages_skipped"`
	MessagesFailed     int       `json:"messages_failed"`
	WorkflowSteps      int       `json:"workflow_steps"`
	CampaignsStarted   int       `json:"campaigns_started"`
	Retries            int       `json:"retries"`
	Failovers          int       `json:"failovers"`
	Missed             int       `json:"missed"`
	Complete           bool      `json:"complete" example:"true"`
}

// cronBudget bounds the outbox drain inside one trigger request; what is left
// goes out through every server's continuous dispatcher.
const cronBudget = 25 * time.Second

// cronTrigger godoc
//
//	@Summary		Run one scheduler tick (for an external cron)
//	@Description	Authenticate with `Authorization: Bearer <CRON_SECRET>`, or `?key=<CRON_SECRET>` for schedulers that cannot set headers (the key is redacted from logs). Makes due reminder occurrences and their messages, marks missed confirmations, fails over messages without a receipt, and helps drain the outbox for up to 25 s (every server also sends continuously, so messages never wait for this call). The tick runs detached from the request: a caller that hangs up cancels nothing. `complete` is false while due messages are still queued (the budget ran out, or a channel's rate limit or pause holds them). Idempotent and safe to call concurrently from several schedulers and replicas: a call that finds another tick at work answers 200 with what it did (possibly nothing).
//	@Tags			scheduler
//	@Produce		json
//	@Param			key	query		string	false	"the cron secret, when no Authorization header can be sent"
//	@Success		200	{object}	TickSummary
//	@Failure		401	{object}	Problem
//	@Router			/api/v1/cron/trigger [post]
func (s *Server) cronTrigger(c echo.Context) error {
	secret := identity.BearerToken(c.Request().Header.Get(echo.HeaderAuthorization))
	if secret == "" {
		secret = c.QueryParam("key")
	}
	want := s.Config.CronSecret
	if want == "" || secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(want)) != 1 {
		return newError(http.StatusUnauthorized, CodeUnauthenticated, "Send the cron secret as a bearer token (or ?key=).")
	}
	sum, err := s.Scheduler.Trigger(c.Request().Context(), cronBudget)
	if err != nil {
		if c.Request().Context().Err() != nil {
			return nil // the caller hung up; the tick goes on without it
		}
		return err
	}
	return c.JSON(http.StatusOK, toTickSummary(sum))
}

// cronTriggerGet godoc
//
//	@Summary		Run one scheduler tick (GET, for schedulers that only GET)
//	@Description	The same as POST /api/v1/cron/trigger.
//	@Tags			scheduler
//	@Produce		json
//	@Param			key	query		string	false	"the cron secret, when no Authorization header can be sent"
//	@Success		200	{object}	TickSummary
//	@Failure		401	{object}	Problem
//	@Router			/api/v1/cron/trigger [get]
func (s *Server) cronTriggerGet(c echo.Context) error { return s.cronTrigger(c) }

func toTickSummary(s scheduler.Summary) TickSummary {
	return TickSummary{StartedAt: s.StartedAt.UTC(), DurationMS: s.DurationMS, OccurrencesCreated: s.OccurrencesCreated,
		MessagesQueued: s.MessagesQueued, MessagesSent: s.MessagesSent, MessagesSkipped: s.MessagesSkipped,
		MessagesFailed: s.MessagesFailed, WorkflowSteps: s.WorkflowSteps, CampaignsStarted: s.CampaignsStarted,
		Retries: s.Retries, Failovers: s.Failovers, Missed: s.Missed, Complete: s.Complete}
}
