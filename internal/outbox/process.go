package outbox

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// result is what happened to one claimed message: decided without a send
// (skip, hold, an expired idempotency key) or the answer of its send.
type result struct {
	msg        Message
	attempt    *Attempt // the attempt row when a send started
	skip       string   // a skip reason
	holdUntil  time.Time
	keyExpired bool            // an unknown outcome whose idempotency key the provider has forgotten
	released   string          // the send did not happen: "shutdown" or "channel_paused"
	parked     bool            // its campaign is paused: queued with no due time until resumed
	account    channel.Account // the tenant's sending account, for the send
	sent       bool
	providerID string
	serr       *SendError
}

// process sends one claimed batch and records every outcome.
func (d *Dispatcher) process(ctx context.Context, batch []Message) (DispatchStats, error) {
	token := *batch[0].ClaimToken
	ids := make([]string, len(batch))
	for i, m := range batch {
		ids[i] = m.ID
	}
	stopHB, held := d.heartbeat(ctx, token, ids)
	defer stopHB()

	now := d.clock.Now().UTC()
	results, toSend, policies, err := d.prepareBatch(ctx, batch, now)
	if err != nil {
		return DispatchStats{}, err
	}
	started, err := d.start(ctx, token, toSend, now)
	if err != nil {
		return DispatchStats{}, err
	}
	for i := range started {
		started[i].account = policies[started[i].msg.TenantID].Account
	}
	results = append(results, d.sendAll(ctx, started, held)...)
	return d.record(ctx, token, results)
}

// prepare applies the safety rules to a claimed batch: the results of the
// messages that are not to be sent now (skipped, held, an idempotency key the
// provider has forgotten), and the messages to send, addressed.
func (d *Dispatcher) prepare(ctx context.Context, batch []Message, now time.Time) ([]result, []Message, error) {
	results, toSend, _, err := d.prepareBatch(ctx, batch, now)
	return results, toSend, err
}

// prepareBatch is prepare that also returns the policies of the batch's
// tenants (read once per tenant), which carry their sending accounts.
func (d *Dispatcher) prepareBatch(ctx context.Context, batch []Message, now time.Time) ([]result, []Message, map[string]TenantPolicy, error) {
	recips, err := d.lookups.Recipients(ctx, patientIDs(batch))
	if err != nil {
		return nil, nil, nil, err
	}
	holds, err := d.campaignHolds(ctx, batch)
	if err != nil {
		return nil, nil, nil, err
	}
	policies := map[string]TenantPolicy{}
	results := make([]result, 0, len(batch))
	var toSend []Message
	for _, m := range batch {
		p, ok := policies[m.TenantID]
		if !ok {
			if p, err = d.lookups.Policy(ctx, m.TenantID); err != nil {
				return nil, nil, nil, err
			}
			policies[m.TenantID] = p
		}
		var r *Recipient
		if m.PatientID != nil {
			if x, ok := recips[*m.PatientID]; ok {
				r = &x
			}
		}
		v := check(m, r, p, now)
		if m.Source == SourceCampaign && m.SourceID != nil {
			switch holds[*m.SourceID] {
			case HoldPark:
				results = append(results, result{msg: m, parked: true})
				continue
			case HoldCancel:
				results = append(results, result{msg: m, skip: SkipCampaignCancelled})
				continue
			}
		}
		switch {
		case v.skip != "":
			results = append(results, result{msg: m, skip: v.skip})
		case !v.holdUntil.IsZero():
			results = append(results, result{msg: m, holdUntil: v.holdUntil})
		case m.ResendKeyAt != nil && !d.keyFresh(m.Channel, *m.ResendKeyAt, now):
			results = append(results, result{msg: m, keyExpired: true})
		default:
			if r != nil {
				m.ToPhone = &r.Phone
			}
			toSend = append(toSend, m)
		}
	}
	return results, toSend, policies, nil
}

// start marks the attempt of each message as started, and writes its attempt
// row, before any provider call: only messages whose claim and lease still
// hold are returned, and only those may be sent. A message being re-sent after
// an unknown outcome keeps its attempt number (the idempotency key).
func (d *Dispatcher) start(ctx context.Context, token string, ms []Message, now time.Time) ([]result, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	byID := make(map[string]Message, len(ms))
	idList := make([]string, len(ms))
	for i, m := range ms {
		byID[m.ID] = m
		idList[i] = m.ID
	}
	var out []result
	err := d.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []struct {
			ID            string
			TotalAttempts int
		}
		err := tx.Raw(`UPDATE messages SET total_attempts = CASE WHEN resend_key_at IS NULL THEN total_attempts + 1 ELSE total_attempts END,
attempt_started_at = ?, updated_at = ?, version = version + 1
WHERE id IN ? AND claim_token = ? AND claim_expires_at > ?
RETURNING id, total_attempts`, now, now, idList, token, now).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("start attempts: %w", err)
		}
		atts := make([]Attempt, 0, len(rows))
		out = make([]result, 0, len(rows))
		for _, r := range rows {
			m := byID[r.ID]
			m.TotalAttempts = r.TotalAttempts
			a := Attempt{ID: ids.New(), MessageID: m.ID, TenantID: m.TenantID, AttemptNo: r.TotalAttempts, Channel: m.Channel,
				Status: AttemptStarted, StartedAt: now}
			atts = append(atts, a)
			out = append(out, result{msg: m, attempt: &a})
		}
		if len(atts) == 0 {
			return nil
		}
		vals := make([][]any, len(atts))
		for i, a := range atts {
			vals[i] = []any{a.ID, a.MessageID, a.TenantID, a.AttemptNo, a.Channel, a.Status, a.StartedAt}
		}
		_, err = d.db.BulkInsert(tx, "message_attempts", []string{"id", "message_id", "tenant_id", "attempt_no", "channel", "status", "started_at"}, vals)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sendAll hands the started messages to their channel, at most Concurrency at
// once in this process. Sends run on a context no caller can cancel, bounded by
// the provider timeout. After a provider asks to slow down, once the process
// is stopping, or when the lease may be lost (held false), the messages not yet
// handed over are released instead.
func (d *Dispatcher) sendAll(ctx context.Context, started []result, held func() bool) []result {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		paused  bool
		outcome = make([]result, len(started))
	)
	for i, r := range started {
		d.sem <- struct{}{}
		mu.Lock()
		stop := paused
		mu.Unlock()
		switch {
		case d.stopping.Load():
			r.released = "shutdown"
			outcome[i] = r
			<-d.sem
			continue
		case !held():
			r.released = "lease_lost"
			outcome[i] = r
			<-d.sem
			continue
		case stop:
			r.released = "channel_paused"
			outcome[i] = r
			<-d.sem
			continue
		}
		wg.Add(1)
		go func(i int, r result) {
			defer func() { <-d.sem; wg.Done() }()
			r = d.sendOne(ctx, r)
			if r.serr != nil && r.serr.Outcome == OutcomeThrottled {
				mu.Lock()
				paused = true
				mu.Unlock()
			}
			outcome[i] = r
		}(i, r)
	}
	wg.Wait()
	return outcome
}

func (d *Dispatcher) sendOne(ctx context.Context, r result) result {
	m := r.msg
	body, err := d.bodies.Open(m.Body)
	if err != nil {
		// Sealed with a key this server does not hold: nothing can be sent.
		r.serr = &SendError{Outcome: OutcomePermanent, Code: "undecryptable",
			Message: "the message body was encrypted with a key this server does not hold"}
		return r
	}
	out := Outgoing{MessageID: m.ID, Attempt: m.TotalAttempts, Body: body, KakaoParameters: m.KakaoParameters, Account: r.account}
	if m.ToPhone != nil {
		out.To = *m.ToPhone
	}
	if m.KakaoTemplateCode != nil {
		out.KakaoTemplateCode = *m.KakaoTemplateCode
	}
	sctx, cancel := context.WithTimeout(ctx, d.cfg.ProviderTimeout)
	defer cancel()
	began := time.Now()
	r.providerID, r.serr = d.channels.Send(sctx, m.Channel, out)
	r.sent = r.serr == nil
	d.metrics.observeSend(m.Channel, sendOutcomeName(r.serr), time.Since(began))
	return r
}

func patientIDs(ms []Message) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if m.PatientID != nil && !seen[*m.PatientID] {
			seen[*m.PatientID] = true
			out = append(out, *m.PatientID)
		}
	}
	return out
}
