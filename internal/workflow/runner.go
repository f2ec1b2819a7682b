package workflow

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/workflow/flow"
	"github.com/prima-health/prima/pkg/stdwebhooks"
	"gorm.io/gorm"
)

// Runner settings.
const (
	claimBatch   = 500
	applyChunk   = 100              // executions applied per transaction
	applyWorkers = 4                // transactions at once (one on SQLite)
	claimLease   = 2 * time.Minute  // a claim older than this is taken over
	pollInterval = 5 * time.Second  // timers due, other replicas' work
	callTimeout  = 10 * time.Second // a call_webhook request
	maxResponse  = 1000             // characters of a webhook's answer kept in the step log
)

// Run advances due executions until ctx ends: at once when this process
// makes one due, and every few seconds for timers.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		for {
			n, err := s.ProcessDue(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Error("advancing workflow executions", "error", err)
			}
			if n < claimBatch || err != nil || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.due:
		case <-t.C:
		}
	}
}

// poke tells this process's runner that an execution is due now.
func (s *Service) poke() {
	select {
	case s.due <- struct{}{}:
	default:
	}
}

// ProcessAll advances due executions until none is left due (a tick's share).
func (s *Service) ProcessAll(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.ProcessDue(ctx)
		total += n
		if err != nil || n < claimBatch || ctx.Err() != nil {
			return total, err
		}
	}
}

// ProcessDue claims executions whose timer is due (a delay ended, a wait
// timed out, a webhook call to make) and advances each from the state its
// timer was set for; it returns how many it claimed.
func (s *Service) ProcessDue(ctx context.Context) (int, error) {
	now := s.now()
	token := ids.New()
	inner := "SELECT id FROM workflow_executions WHERE status = 'waiting' AND next_run_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_run_at LIMIT ?"
	target := "id IN (" + inner + ")"
	if s.db.Dialect == "postgres" {
		target = "id = ANY(ARRAY(" + inner + s.db.SkipLocked() + "))"
	}
	var claimed []Execution
	err := s.db.Gorm.WithContext(ctx).Raw(`UPDATE workflow_executions SET claim_token = ?, claimed_until = ?
WHERE `+target+` RETURNING *`, token, now.Add(claimLease), now, now, claimBatch).Scan(&claimed).Error
	if err != nil {
		return 0, err
	}
	settled, err := s.claimSettled(ctx, token, now)
	if err != nil {
		return 0, err
	}
	if len(claimed)+len(settled) == 0 {
		return 0, nil
	}
	var calls []Execution
	for _, e := range claimed {
		if e.Waiting == waitWebhook {
			calls = append(calls, e)
		}
	}
	results := s.callAll(ctx, calls)
	for _, e := range settled {
		results[e.ID] = flow.Event{Kind: flow.EventMessageStatus, At: now}
	}
	claimed = append(claimed, settled...)
	// Chunks in parallel transactions (one at a time on SQLite); a chunk
	// that fails leaves its executions claimed until the lease ends.
	sem := make(chan struct{}, s.db.Writers(applyWorkers))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for start := 0; start < len(claimed); start += applyChunk {
		chunk := claimed[start:min(start+applyChunk, len(claimed))]
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := s.advance(ctx, chunk, results, now); err != nil {
				mu.Lock()
				firstErr = cmp.Or(firstErr, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return len(claimed), firstErr
}

// claimSettled leases executions waiting at a condition on message status
// whose last message has settled (delivered, read, sent, failed, skipped):
// they go on at once instead of at the end of their wait.
func (s *Service) claimSettled(ctx context.Context, token string, now time.Time) ([]Execution, error) {
	// The executions waiting on a message status are read first (a partial
	// index holds only them; OFFSET 0 keeps the planner from looking up the
	// messages of every waiting execution), then their messages.
	inner := `SELECT e.id FROM (SELECT id, tenant_id FROM workflow_executions WHERE status = 'waiting' AND waiting = ?
  AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ? OFFSET 0) e
WHERE (SELECT m.status FROM messages m WHERE m.tenant_id = e.tenant_id AND m.source = 'workflow' AND m.source_id = CAST(e.id AS text)
     ORDER BY m.created_at DESC LIMIT 1) NOT IN ('queued', 'sending')`
	var out []Execution
	err := s.db.Gorm.WithContext(ctx).Raw(`UPDATE workflow_executions SET claim_token = ?, claimed_until = ?
WHERE id IN (`+inner+`) AND status = 'waiting' AND waiting = ? AND (claimed_until IS NULL OR claimed_until < ?) RETURNING *`,
		token, now.Add(claimLease), flow.WaitStatus, now, claimBatch, flow.WaitStatus, now).Scan(&out).Error
	return out, err
}

// advance computes and applies the transitions of claimed executions in one transaction.
func (s *Service) advance(ctx context.Context, execs []Execution, results map[string]flow.Event, now time.Time) error {
	return s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ts, err := s.transitions(ctx, tx, execs, func(e Execution) flow.Event {
			if ev, ok := results[e.ID]; ok {
				return ev
			}
			return flow.Event{Kind: flow.EventTimer, At: now}
		})
		if err != nil {
			return err
		}
		_, _, err = s.applyAll(ctx, tx, ts, now)
		return err
	})
}

// transitions computes each execution's move on its event; executions of
// deleted patients are cancelled.
func (s *Service) transitions(ctx context.Context, tx *gorm.DB, execs []Execution, event func(Execution) flow.Event) ([]transition, error) {
	pids := make([]string, 0, len(execs))
	var statusOf []string
	for _, e := range execs {
		pids = append(pids, e.PatientID)
		statusOf = append(statusOf, e.ID)
	}
	people, err := s.patients(ctx, tx, pids)
	if err != nil {
		return nil, err
	}
	var statuses map[string]string
	out := make([]transition, 0, len(execs))
	for _, e := range execs {
		v, err := s.version(ctx, tx, e.WorkflowID, e.WorkflowVersion)
		if err != nil {
			return nil, err
		}
		w, ok := people[e.PatientID]
		if !ok {
			st := e.State()
			st.Status, st.Waiting, st.NextRunAt = StatusCancelled, "", nil
			out = append(out, transition{exec: e, next: st, steps: []flow.StepRecord{{NodeID: e.CurrentNodeID, Type: "cancel",
				Status: "skipped", At: s.now(), Detail: "the patient was deleted"}}})
			continue
		}
		if statuses == nil && usesStatus(v.Graph.V) {
			if statuses, err = s.lastStatuses(ctx, tx, statusOf); err != nil {
				return nil, err
			}
		}
		ev := event(e)
		next, effects, steps := flow.Advance(v.Graph.V, e.State(), ev, env(e, w, statuses[e.ID]))
		t := transition{exec: e, resumed: len(steps) > 0 && steps[0].NodeID == e.CurrentNodeID && e.Waiting != "",
			next: next, effects: effects, steps: steps, who: w}
		if !t.changed() {
			// Nothing to do (a timer earlier than its time): release the claim.
			if err := tx.WithContext(ctx).Exec("UPDATE workflow_executions SET claim_token = NULL, claimed_until = NULL WHERE id = ? AND state_version = ?",
				e.ID, e.StateVersion).Error; err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// callAll makes the call_webhook requests of executions waiting on one,
// concurrently, and returns each one's result event.
func (s *Service) callAll(ctx context.Context, execs []Execution) map[string]flow.Event {
	out := map[string]flow.Event{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for _, e := range execs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ev := s.call(ctx, e)
			mu.Lock()
			out[e.ID] = ev
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// call makes one execution's call_webhook request, signed with the
// workflow's secret (Standard Webhooks; the webhook-id is the same on every
// retry of this step, so a receiver can drop repeats).
func (s *Service) call(ctx context.Context, e Execution) flow.Event {
	fail := func(msg string) flow.Event {
		return flow.Event{Kind: flow.EventWebhookResult, At: s.now(), Error: msg}
	}
	v, err := s.version(ctx, s.db.Gorm, e.WorkflowID, e.WorkflowVersion)
	if err != nil {
		return fail("the workflow version could not be read")
	}
	node, ok := findNode(v.Graph.V, e.CurrentNodeID)
	if !ok {
		return fail("the step is not in the workflow")
	}
	cw, err := node.CallWebhook()
	if err != nil {
		return fail("the step's settings are invalid")
	}
	var secret string
	if err := s.db.Gorm.WithContext(ctx).Raw("SELECT signing_secret FROM workflows WHERE id = ?", e.WorkflowID).Scan(&secret).Error; err != nil {
		return fail("the workflow could not be read")
	}
	if secret, err = s.keys.Open(secret); err != nil {
		return fail("the signing secret could not be read")
	}
	body, err := json.Marshal(map[string]any{"type": "workflow.call", "execution_id": e.ID, "workflow_id": e.WorkflowID,
		"workflow_version": e.WorkflowVersion, "patient_id": e.PatientID, "node_id": e.CurrentNodeID, "data": cw.Body, "context": e.Context.V})
	if err != nil {
		return fail("the body could not be written")
	}
	// The receiver checks the timestamp against its own clock: sign with the wall clock.
	h, err := stdwebhooks.Headers(stdwebhooks.Standard, secret, fmt.Sprintf("%s.%s.%d", e.ID, e.CurrentNodeID, e.StateVersion), time.Now(), body)
	if err != nil {
		return fail("the request could not be signed")
	}
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(cctx, http.MethodPost, cw.URL, bytes.NewReader(body))
	if err != nil {
		return fail("the URL is invalid")
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "PRIMA-Workflows/1")
	res, err := s.http.Do(req)
	if err != nil {
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return fail("the request timed out")
		}
		return fail("the request failed: " + trimErr(err))
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, maxResponse))
	return flow.Event{Kind: flow.EventWebhookResult, At: s.now(), StatusCode: res.StatusCode, Response: string(answer)}
}

// trimErr is an error's text without the URL's query (which may hold secrets), at most 300 characters.
func trimErr(err error) string {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			err = inner
		}
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}

func findNode(g flow.Graph, id string) (flow.Node, bool) {
	for _, n := range g.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return flow.Node{}, false
}
