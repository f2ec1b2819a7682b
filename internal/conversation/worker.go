package conversation

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// Worker settings.
const (
	jobBatch       = 50
	jobConcurrency = 8 // jobs of a batch done at once (one at a time on SQLite)
	// busyJobConcurrency is jobConcurrency while this process is storing a
	// burst of incoming messages: the provider's webhook calls are answered
	// first, and the work that can wait takes fewer connections until the
	// burst is over.
	busyJobConcurrency = 2
	jobLease           = 2 * time.Minute // a claim older than this is taken over (its worker died)
	jobAttempts        = 5               // then the job is failed and its conversation flagged for staff
	pollInterval       = 5 * time.Second // other replicas' messages, retries, expired claims
)

// Run processes queued inbound work until ctx ends: at once when this
// process stores a message, and every few seconds for the rest.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		for {
			n, err := s.ProcessDue(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Error("processing inbound messages", "error", err)
			}
			if n < jobBatch || err != nil || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.jobs:
		case <-t.C:
		}
	}
}

// ProcessDue claims due jobs and does each one's work; it returns how many
// it claimed. Each job's effects (intent, consent, confirmation, flags,
// notifications, queued answers) commit in one transaction with the job's
// completion, under the claim: a job is done exactly once, whatever crashes
// or concurrent workers.
func (s *Service) ProcessDue(ctx context.Context) (int, error) {
	token := ids.New()
	jobs, err := s.claim(ctx, token)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	var queued atomic.Bool
	conc := jobConcurrency
	if s.intake.busy() {
		conc = busyJobConcurrency
	}
	sem := make(chan struct{}, s.db.Writers(conc))
	var wg sync.WaitGroup
	for _, group := range byConversation(jobs) {
		if ctx.Err() != nil {
			break // unclaimed work is taken over when the lease ends
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			for _, j := range group { // one conversation's messages in the order they came
				if ctx.Err() != nil {
					return
				}
				q, err := s.process(ctx, j)
				switch {
				case errors.Is(err, errLostClaim): // the worker that took it over does the work
				case err != nil:
					s.failed(ctx, j, err)
				case q:
					queued.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	if queued.Load() {
		s.wakeOutbox()
	}
	return len(jobs), nil
}

// byConversation groups jobs by conversation, each group in arrival order,
// the groups in the order of their first job.
func byConversation(jobs []Job) [][]Job {
	sort.SliceStable(jobs, func(a, b int) bool {
		if !jobs[a].CreatedAt.Equal(jobs[b].CreatedAt) {
			return jobs[a].CreatedAt.Before(jobs[b].CreatedAt)
		}
		return jobs[a].ID < jobs[b].ID
	})
	index := map[[2]string]int{}
	var groups [][]Job
	for _, j := range jobs {
		k := [2]string{j.TenantID, j.PatientID}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], j)
	}
	return groups
}

// claim leases up to jobBatch due jobs under token.
func (s *Service) claim(ctx context.Context, token string) ([]Job, error) {
	now := s.clock.Now().UTC()
	inner := "SELECT id FROM inbound_jobs WHERE status = 'pending' AND run_after <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY run_after LIMIT ?"
	target := "id IN (" + inner + ")"
	if s.db.Dialect == "postgres" {
		target = "id = ANY(ARRAY(" + inner + s.db.SkipLocked() + "))"
	}
	var out []Job
	err := s.db.Gorm.WithContext(ctx).Raw(`UPDATE inbound_jobs SET claim_token = ?, claimed_until = ?, attempts = attempts + 1
WHERE `+target+` RETURNING *`, token, now.Add(jobLease), now, now, jobBatch).Scan(&out).Error
	return out, err
}

// failed records a failed attempt: retried with back-off, and after
// jobAttempts given up, with the conversation flagged so staff read the
// message themselves.
func (s *Service) failed(ctx context.Context, j Job, cause error) {
	now := s.clock.Now().UTC()
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	s.log.Warn("inbound message work failed", "job", j.ID, "message_id", j.MessageID, "attempt", j.Attempts, "error", msg)
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if j.Attempts >= jobAttempts {
			res := tx.Exec(`UPDATE inbound_jobs SET status = 'failed', last_error = ?, finished_at = ?, claim_token = NULL, claimed_until = NULL
WHERE id = ? AND claim_token = ? AND status = 'pending'`, msg, now, j.ID, *j.ClaimToken)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			var before []struct{ Flag *string }
			if err := tx.Raw("SELECT flag FROM conversations WHERE tenant_id = ? AND patient_id = ?"+s.db.ForUpdate(),
				j.TenantID, j.PatientID).Scan(&before).Error; err != nil {
				return err
			}
			if len(before) == 1 && before[0].Flag == nil {
				if err := s.record(tx, events.ConversationFlagged(j.TenantID, j.PatientID, FlagNeedsReply, j.MessageID)); err != nil {
					return err
				}
			}
			return s.flag(ctx, tx, j.TenantID, j.PatientID, FlagNeedsReply, now)
		}
		backoff := time.Duration(1<<min(j.Attempts, 6)) * 10 * time.Second
		return tx.Exec(`UPDATE inbound_jobs SET last_error = ?, run_after = ?, claim_token = NULL, claimed_until = NULL
WHERE id = ? AND claim_token = ? AND status = 'pending'`, msg, now.Add(backoff), j.ID, *j.ClaimToken).Error
	})
	if err != nil && ctx.Err() == nil {
		s.log.Error("recording a failed inbound job", "job", j.ID, "error", err)
	}
}

// errLostClaim: another worker took the job over (this one outlived its lease).
var errLostClaim = errors.New("conversation: the job's claim was taken over")

// complete marks j done under its claim, in tx; errLostClaim when the claim
// is no longer this worker's or the job is done already.
func complete(tx *gorm.DB, j Job, now time.Time) error {
	if j.ClaimToken == nil {
		return fmt.Errorf("conversation: job %s is not claimed", j.ID)
	}
	res := tx.Exec(`UPDATE inbound_jobs SET status = 'done', finished_at = ?, claim_token = NULL, claimed_until = NULL, last_error = NULL
WHERE id = ? AND claim_token = ? AND status = 'pending'`, now, j.ID, *j.ClaimToken)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errLostClaim
	}
	return nil
}
