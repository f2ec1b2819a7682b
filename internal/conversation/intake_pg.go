package conversation

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/ids"
)

// Intake batching on PostgreSQL (group commit). Each webhook request hands
// its message to intake and waits; whoever is free takes every message
// waiting (up to maxIntakeBatch) and stores them together: one statement
// routes them, one stores them with their conversations and jobs. Nothing
// waits for a batch to fill: a lone message is stored at once, and batches
// grow only while earlier ones are in flight. A message that needs more
// routing (a reply to look up, several patients or tenants to choose from,
// an unknown sender) is stored on its own, as before, with every rule.
const (
	maxIntakeBatch    = 64
	maxIntakeFlushers = 4
)

// intake is the queue of messages waiting to be stored.
type intake struct {
	mu      sync.Mutex
	queue   []*intakeItem
	running int
}

type intakeItem struct {
	ctx     context.Context
	in      Incoming
	at, now time.Time
	res     Received
	err     error
	done    chan struct{}
}

// submit queues one message and waits until it is stored (or refused).
func (b *intake) submit(s *Service, ctx context.Context, in Incoming, at, now time.Time) (Received, error) {
	it := &intakeItem{ctx: ctx, in: in, at: at, now: now, done: make(chan struct{})}
	b.mu.Lock()
	b.queue = append(b.queue, it)
	if b.running < maxIntakeFlushers {
		b.running++
		go b.flush(s)
	}
	b.mu.Unlock()
	<-it.done
	return it.res, it.err
}

// busy reports whether messages are arriving faster than one flusher
// stores them: several flushers at work, or messages waiting.
func (b *intake) busy() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.running > 1 || len(b.queue) > 0
}

// flush stores waiting messages, batch after batch, until none waits.
func (b *intake) flush(s *Service) {
	for {
		b.mu.Lock()
		n := min(len(b.queue), maxIntakeBatch)
		if n == 0 {
			b.running--
			b.mu.Unlock()
			return
		}
		batch := make([]*intakeItem, n)
		copy(batch, b.queue)
		rest := copy(b.queue, b.queue[n:])
		clear(b.queue[rest:])
		b.queue = b.queue[:rest]
		b.mu.Unlock()
		s.storeBatch(batch)
	}
}

// storeBatch stores a batch and answers each of its messages.
func (s *Service) storeBatch(batch []*intakeItem) {
	defer func() {
		// A panic here would take the process down from a goroutine no
		// request recovers: answer every message of the batch with an error
		// instead (the provider delivers again; a stored one is a Duplicate).
		if r := recover(); r != nil {
			s.log.Error("storing inbound messages failed", "panic", fmt.Sprint(r))
			for _, it := range batch {
				it.res, it.err = Received{}, fmt.Errorf("conversation: storing inbound messages: %v", r)
			}
		}
		for _, it := range batch {
			close(it.done)
		}
	}()
	// The batch outlives a caller that hangs up: the others wait for it.
	ctx := context.WithoutCancel(batch[0].ctx)
	plain, alone, err := s.routeBatch(ctx, batch)
	if err != nil {
		plain, alone = nil, batch
	}
	if len(plain) > 0 {
		if err := s.insertBatch(ctx, plain); err != nil {
			// One bad message must not refuse the others: each on its own.
			alone = append(alone, plain...)
		} else {
			s.wakeWorkers()
		}
	}
	for _, it := range alone {
		it.res, it.err = s.receiveAlone(context.WithoutCancel(it.ctx), it.in, it.at, it.now)
	}
}

// routeBatch reads the patients of every sender in the batch at once and
// routes the messages that need nothing more (plainRoute); the others are
// left to be stored alone.
func (s *Service) routeBatch(ctx context.Context, batch []*intakeItem) (plain, alone []*intakeItem, err error) {
	phones := make([]string, 0, len(batch))
	seen := map[string]bool{}
	for _, it := range batch {
		if !seen[it.in.From] {
			seen[it.in.From] = true
			phones = append(phones, it.in.From)
		}
	}
	var all []phoneMatch
	err = s.db.Gorm.WithContext(ctx).Raw(`SELECT p.id, p.tenant_id, p.phone, t.gowa_device_id FROM patients p JOIN tenants t ON t.id = p.tenant_id
WHERE p.phone IN ? AND p.deleted_at IS NULL ORDER BY p.created_at DESC, p.id DESC`, phones).Find(&all).Error
	if err != nil {
		return nil, nil, err
	}
	byPhone := map[string][]phoneMatch{}
	for _, m := range all {
		if len(byPhone[m.Phone]) < 50 {
			byPhone[m.Phone] = append(byPhone[m.Phone], m)
		}
	}
	for _, it := range batch {
		r, ok := plainRoute(it.in, byPhone[it.in.From])
		if !ok {
			alone = append(alone, it)
			continue
		}
		it.res = Received{Outcome: Stored, TenantID: r.TenantID, PatientID: r.PatientID, MessageID: ids.New()}
		plain = append(plain, it)
	}
	return plain, alone, nil
}

// insertBatch stores routed messages in one statement: for each message
// whose provider id is new, the receipt, the message, its job, and its
// conversation (one upsert per patient, however many of their messages the
// batch holds); a provider id seen before (or twice in the batch) is a
// Duplicate.
func (s *Service) insertBatch(ctx context.Context, items []*intakeItem) error {
	var sb strings.Builder
	args := make([]any, 0, len(items)*13)
	for i, it := range items {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString("(CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS text), CAST(? AS text), " +
			"CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS boolean), CAST(? AS jsonb))")
		sealed, err := s.bodies.Seal(it.in.Body)
		if err != nil {
			return err
		}
		order, err := outbox.StringList{it.in.Channel}.Value()
		if err != nil {
			return err
		}
		args = append(args, it.res.MessageID, ids.New(), it.res.TenantID, it.res.PatientID, it.in.Channel, it.in.ProviderID,
			sealed, s.bodies.Digest(it.in.Body), it.in.Channel+":"+it.in.ProviderID, it.at, it.now, !it.in.OverLimit, order)
	}
	sql := fmt.Sprintf(intakeBatchSQL, sb.String())
	var stored []string
	if err := s.db.Gorm.WithContext(ctx).Raw(sql, args...).Find(&stored).Error; err != nil {
		return err
	}
	ok := make(map[string]bool, len(stored))
	for _, id := range stored {
		ok[id] = true
	}
	for _, it := range items {
		if !ok[it.res.MessageID] {
			it.res = Received{Outcome: Duplicate}
		}
	}
	return nil
}

// intakeBatchSQL is insertBatch's statement; %s is the VALUES rows.
const intakeBatchSQL = `WITH v (id, job, tenant_id, patient_id, channel, provider, body, hash, dedupe, at, now, auto, ord) AS (VALUES
%s
), r AS (
  INSERT INTO inbound_receipts (channel, provider_message_id, message_id, received_at)
  SELECT channel, provider, id, now FROM v
  ON CONFLICT (channel, provider_message_id) DO NOTHING RETURNING message_id
), m AS (
  INSERT INTO messages (id, tenant_id, patient_id, direction, channel, channel_order, status, body, body_hash, source,
    provider_message_id, dedupe_key, created_at, updated_at, version)
  SELECT v.id, v.tenant_id, v.patient_id, 'inbound', v.channel, v.ord, 'received', v.body, v.hash, 'inbound',
    v.provider, v.dedupe, v.at, v.now, 1 FROM v JOIN r ON r.message_id = v.id
  RETURNING id, tenant_id, patient_id, created_at, updated_at
), c AS (
  INSERT INTO conversations AS cv (tenant_id, patient_id, status, unread_count, rank, last_message_at, last_inbound_at,
    last_inbound_message_id, created_at, updated_at, version)
  SELECT tenant_id, patient_id, 'open', count(*), 1, max(created_at), max(created_at),
    (array_agg(id ORDER BY created_at DESC, id DESC))[1], max(updated_at), max(updated_at), 1
  FROM m GROUP BY tenant_id, patient_id
  ON CONFLICT (tenant_id, patient_id) DO UPDATE SET status = 'open', unread_count = cv.unread_count + EXCLUDED.unread_count,
    rank = CASE WHEN cv.flag = 'urgent' THEN 0 ELSE 1 END,
    last_message_at = GREATEST(cv.last_message_at, EXCLUDED.last_message_at), last_inbound_at = EXCLUDED.last_inbound_at,
    last_inbound_message_id = EXCLUDED.last_inbound_message_id, updated_at = EXCLUDED.updated_at, version = cv.version + 1
), j AS (
  INSERT INTO inbound_jobs (id, tenant_id, message_id, patient_id, status, auto_replies, run_after, created_at)
  SELECT v.job, v.tenant_id, v.id, v.patient_id, 'pending', v.auto, v.now, v.now FROM v JOIN m ON m.id = v.id
)
SELECT id FROM m`
