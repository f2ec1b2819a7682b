package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// change is the state of a message row once its claim ends.
type change struct {
	id                                       string
	status, channel                          string
	channelIndex, channelAttempts, total     int
	next, sentAt, failedAt, deadline, keyAt  *time.Time
	errorCode, errorMessage, skipReason, pid *string
}

// attemptChange finishes an attempt row.
type attemptChange struct {
	id, messageID, status        string
	errorCode, errorMessage, pid *string
	finishedAt                   time.Time
}

// Error codes the outbox writes itself.
const (
	ErrorUnconfirmed     = "unconfirmed"
	ErrorAlreadyAccepted = "already_accepted"
)

func ptr[T any](v T) *T { return &v }

// decide turns one result into the message's new state, the attempt's end,
// what it counts for, and a channel pause (a provider's 429).
func (d *Dispatcher) decide(r result, now time.Time) (change, *attemptChange, DispatchStats, *time.Time) {
	m := r.msg
	c := change{id: m.ID, status: StatusQueued, channel: m.Channel, channelIndex: m.ChannelIndex, channelAttempts: m.ChannelAttempts,
		total: m.TotalAttempts, next: m.NextAttemptAt, sentAt: m.SentAt, failedAt: m.FailedAt, keyAt: m.ResendKeyAt,
		errorCode: m.ErrorCode, errorMessage: m.ErrorMessage, skipReason: m.SkipReason, pid: m.ProviderMessageID}
	var a *attemptChange
	if r.attempt != nil {
		a = &attemptChange{id: r.attempt.ID, messageID: m.ID, finishedAt: now}
	}
	var st DispatchStats
	var pause *time.Time
	if r.serr != nil {
		c.errorCode, c.errorMessage = ptr(r.serr.Code), ptr(r.serr.Message)
		if a != nil {
			a.errorCode, a.errorMessage = c.errorCode, c.errorMessage
		}
	}
	unconfirmed := func(why string) {
		st.Sent = 1
		c.status, c.sentAt, c.next, c.keyAt, c.deadline = StatusSent, ptr(now), nil, nil, nil
		c.errorCode, c.errorMessage = ptr(ErrorUnconfirmed), ptr(why)
	}
	switch {
	case r.skip != "":
		st.Skipped = 1
		c.status, c.skipReason, c.next = StatusSkipped, ptr(r.skip), nil
	case !r.holdUntil.IsZero():
		st.Held = 1
		c.next = ptr(r.holdUntil)
	case r.parked:
		st.Held = 1
		c.next = nil
	case r.keyExpired:
		unconfirmed("the provider may have accepted an earlier attempt and no longer remembers its key; not sent again")
	case r.released != "":
		st.Held = 1
		c.next = ptr(now)
		a.status, a.errorCode, a.errorMessage = AttemptSkipped, ptr(r.released), ptr("not handed to the provider; released for another try")
	case r.sent:
		st.Sent = 1
		a.status = AttemptSent
		c.status, c.sentAt, c.next, c.keyAt, c.errorCode, c.errorMessage = StatusSent, ptr(now), nil, nil, nil, nil
		if r.providerID != "" {
			c.pid, a.pid = ptr(r.providerID), ptr(r.providerID)
			if d.cfg.ReceiptWait > 0 && m.ChannelIndex+1 < len(m.ChannelOrder) && m.Channel != "log" {
				c.deadline = ptr(now.Add(d.cfg.ReceiptWait))
			}
		}
	default:
		pause = d.decideFailure(r, &c, a, &st, now, unconfirmed)
	}
	return c, a, st, pause
}

// decideFailure handles a send the provider did not plainly accept.
func (d *Dispatcher) decideFailure(r result, c *change, a *attemptChange, st *DispatchStats, now time.Time, unconfirmed func(string)) *time.Time {
	m := r.msg
	keyStart := r.attempt.StartedAt
	if m.ResendKeyAt != nil {
		keyStart = *m.ResendKeyAt
	}
	// Send the same attempt again with the same key: the provider drops it if the first arrived.
	resend := func() {
		st.Retries = 1
		c.next, c.keyAt = ptr(now.Add(d.cfg.ResendDelay)), ptr(keyStart)
	}
	switch r.serr.Outcome {
	case OutcomeAlreadyAccepted:
		// Sent, but the provider's id of the first request is unknown: no receipt can
		// match it, so no receipt-wait failover either.
		st.Sent = 1
		a.status = AttemptSent
		c.status, c.sentAt, c.next, c.keyAt, c.deadline = StatusSent, ptr(now), nil, nil, nil
	case OutcomeThrottled:
		st.Held = 1
		a.status = AttemptThrottled
		resume := now.Add(max(r.serr.RetryAfter, time.Second))
		c.next = ptr(resume)
		return &resume
	case OutcomeUnknown:
		a.status = AttemptUnknown
		if d.keyFresh(m.Channel, keyStart, now) {
			resend()
		} else {
			unconfirmed("the provider may have accepted the message; not sent again")
		}
	case OutcomeRetryable:
		a.status = AttemptFailed
		if m.ResendKeyAt != nil {
			// A re-send after an unknown outcome failed: the first request may still have
			// arrived, so only the same key may go again.
			if d.keyFresh(m.Channel, keyStart, now) {
				resend()
			} else {
				unconfirmed("the provider may have accepted an earlier attempt; not sent again")
			}
			return nil
		}
		n := m.ChannelAttempts + 1
		c.channelAttempts = n
		if n < d.cfg.MaxChannelAttempts {
			st.Retries = 1
			c.next = ptr(now.Add(d.backoff(n)))
		} else {
			d.failover(c, m, now, st)
		}
	default: // permanent, invalid recipient
		a.status = AttemptFailed
		d.failover(c, m, now, st)
	}
	return nil
}

// failover moves the message to its next channel, or fails it when none is left.
func (d *Dispatcher) failover(c *change, m Message, now time.Time, st *DispatchStats) {
	c.keyAt = nil
	if next := m.ChannelIndex + 1; next < len(m.ChannelOrder) {
		st.Failovers = 1
		c.channelIndex, c.channel, c.channelAttempts = next, m.ChannelOrder[next], 0
		c.status, c.next = StatusQueued, ptr(now)
		return
	}
	st.Failed = 1
	c.status, c.failedAt, c.next = StatusFailed, ptr(now), nil
}

var (
	idColumn      = db.BulkColumn{Name: "id", PGType: "uuid"}
	changeColumns = []db.BulkColumn{
		{Name: "status", PGType: "text"}, {Name: "channel", PGType: "text"},
		{Name: "channel_index", PGType: "integer"}, {Name: "channel_attempts", PGType: "integer"}, {Name: "total_attempts", PGType: "integer"},
		{Name: "next_attempt_at", PGType: "timestamptz"}, {Name: "sent_at", PGType: "timestamptz"}, {Name: "failed_at", PGType: "timestamptz"},
		{Name: "receipt_deadline", PGType: "timestamptz"}, {Name: "resend_key_at", PGType: "timestamptz"},
		{Name: "error_code", PGType: "text"}, {Name: "error_message", PGType: "text"}, {Name: "skip_reason", PGType: "text"},
		{Name: "provider_message_id", PGType: "text"},
	}
	attemptColumns = []db.BulkColumn{
		{Name: "status", PGType: "text"}, {Name: "error_code", PGType: "text"},
		{Name: "error_message", PGType: "text"}, {Name: "provider_message_id", PGType: "text"}, {Name: "finished_at", PGType: "timestamptz"},
	}
)

// record writes every outcome of a batch in one transaction, a few statements
// for the whole batch. Each message row changes only while it still carries
// this claim's token (a token is set only with status 'sending' and cleared on
// every other change, so it implies the status; leaving the status out keeps
// SQLite from planning the update over every message in flight): a message whose claim was recovered by another process
// keeps what that process decided.
func (d *Dispatcher) record(ctx context.Context, token string, results []result) (DispatchStats, error) {
	now := d.clock.Now().UTC()
	var total DispatchStats
	if len(results) == 0 {
		return total, nil
	}
	changes := make([][]any, 0, len(results))
	perMsg := make(map[string]DispatchStats, len(results))
	attempts := map[string]attemptChange{}
	var sentPIDs []string
	var settled []campaignOutcome
	var kept map[string]bool
	channelOf := map[string]string{}
	var evs []events.Event
	var evIDs []string
	for _, r := range results {
		c, a, st, pause := d.decide(r, now)
		if ev, ok := messageEvent(r.msg, c); ok && d.events != nil {
			evs, evIDs = append(evs, ev), append(evIDs, c.id)
		}
		if pause != nil {
			if err := d.tokens.Pause(ctx, channelKey(r.msg.Channel), *pause); err != nil {
				d.log.Warn("could not share the channel pause", slog.String("channel", r.msg.Channel), slog.String("error", err.Error()))
			}
		}
		changes = append(changes, []any{c.id, c.status, c.channel, c.channelIndex, c.channelAttempts, c.total, c.next, c.sentAt,
			c.failedAt, c.deadline, c.keyAt, c.errorCode, c.errorMessage, c.skipReason, c.pid})
		perMsg[c.id] = st
		if a != nil {
			attempts[c.id] = *a
		}
		if r.msg.Source == SourceCampaign && r.msg.SourceID != nil && (c.status == StatusSent || c.status == StatusFailed) {
			code := ""
			if c.errorCode != nil {
				code = *c.errorCode
			}
			settled = append(settled, campaignOutcome{id: c.id, campaign: *r.msg.SourceID, failed: c.status == StatusFailed, code: code})
		}
		if c.status == StatusSent && c.pid != nil && r.sent {
			sentPIDs = append(sentPIDs, *c.pid)
			channelOf[*c.pid] = c.channel
		}
	}
	err := d.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		got, err := d.db.BulkUpdateWhere(tx, "messages", idColumn, changeColumns, changes, db.BulkWhere{
			Set:     "claim_token = NULL, claimed_by = NULL, claim_expires_at = NULL, attempt_started_at = NULL, updated_at = ?, version = version + 1",
			SetArgs: []any{now}, Where: "messages.claim_token = ?", WhereArgs: []any{token}})
		if err != nil {
			return fmt.Errorf("record outcomes: %w", err)
		}
		kept = make(map[string]bool, len(got))
		for _, id := range got {
			kept[id] = true
		}
		var rows [][]any
		for id, a := range attempts {
			if kept[id] {
				rows = append(rows, []any{a.id, a.status, a.errorCode, a.errorMessage, a.pid, a.finishedAt})
			}
		}
		if _, err := d.db.BulkUpdate(tx, "message_attempts", idColumn, attemptColumns, rows); err != nil {
			return fmt.Errorf("record attempts: %w", err)
		}
		for id := range kept {
			total.add(perMsg[id])
		}
		if err := d.recordEvents(tx, evs, evIDs, kept); err != nil {
			return fmt.Errorf("record message events: %w", err)
		}
		return applyPending(d.db, d.events, tx, now, sentPIDs, channelOf)
	})
	if err != nil {
		return DispatchStats{}, err
	}
	for _, r := range results {
		if st, ok := perMsg[r.msg.ID]; ok {
			d.metrics.countOutcome(r.msg.Channel, st)
		}
	}
	if d.holds != nil {
		for _, o := range settled {
			if kept[o.id] {
				d.holds.Settled(o.campaign, o.failed, o.code)
			}
		}
	}
	return total, nil
}
