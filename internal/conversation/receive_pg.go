package conversation

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/ids"
)

// receiveOneSQL stores a routed message on PostgreSQL in one statement (one
// round trip, atomic on its own): the receipt, and only when the receipt is
// new, the message, its conversation and its job — what store does in a
// transaction elsewhere.
const receiveOneSQL = `WITH r AS (
  INSERT INTO inbound_receipts (channel, provider_message_id, message_id, received_at)
  VALUES (@channel, @provider, @id, @now)
  ON CONFLICT (channel, provider_message_id) DO NOTHING RETURNING message_id
), m AS (
  INSERT INTO messages (id, tenant_id, patient_id, direction, channel, channel_order, status, body, body_hash, source,
    provider_message_id, dedupe_key, replied_to_message_id, created_at, updated_at, version)
  SELECT r.message_id, @tenant, @patient, 'inbound', @channel, @order, 'received', @body, @hash, 'inbound',
    @provider, @key, @replied, @at, @now, 1 FROM r
  RETURNING id
), c AS (
  INSERT INTO conversations AS cv (tenant_id, patient_id, status, unread_count, rank, last_message_at, last_inbound_at,
    last_inbound_message_id, created_at, updated_at, version)
  SELECT @tenant, @patient, 'open', 1, 1, @at, @at, m.id, @now, @now, 1 FROM m
  ON CONFLICT (tenant_id, patient_id) DO UPDATE SET status = 'open', unread_count = cv.unread_count + 1,
    rank = CASE WHEN cv.flag = 'urgent' THEN 0 ELSE 1 END,
    last_message_at = GREATEST(cv.last_message_at, EXCLUDED.last_message_at), last_inbound_at = EXCLUDED.last_inbound_at,
    last_inbound_message_id = EXCLUDED.last_inbound_message_id, updated_at = EXCLUDED.updated_at, version = cv.version + 1
  RETURNING 1
), j AS (
  INSERT INTO inbound_jobs (id, tenant_id, message_id, patient_id, status, auto_replies, run_after, created_at)
  SELECT @job, @tenant, m.id, @patient, 'pending', @auto, @now, @now FROM m
  RETURNING 1
)
SELECT (SELECT count(*) FROM m) AS stored, (SELECT count(*) FROM c) + (SELECT count(*) FROM j) AS rest`

// receiveOne stores a message routed to a patient with receiveOneSQL.
func (s *Service) receiveOne(ctx context.Context, in Incoming, r route, at, now time.Time) (Received, error) {
	sealed, err := s.bodies.Seal(in.Body)
	if err != nil {
		return Received{}, err
	}
	id := ids.New()
	args := map[string]any{"channel": in.Channel, "provider": in.ProviderID, "id": id, "now": now, "tenant": r.TenantID,
		"patient": r.PatientID, "order": outbox.StringList{in.Channel}, "body": sealed, "hash": s.bodies.Digest(in.Body),
		"key": in.Channel + ":" + in.ProviderID, "replied": r.RepliedTo, "at": at, "job": ids.New(), "auto": !in.OverLimit}
	var got struct{ Stored, Rest int }
	if err := s.db.Gorm.WithContext(ctx).Raw(receiveOneSQL, args).Scan(&got).Error; err != nil {
		return Received{}, err
	}
	if got.Stored == 0 {
		return Received{Outcome: Duplicate}, nil
	}
	s.wakeWorkers()
	return Received{Outcome: Stored, TenantID: r.TenantID, PatientID: r.PatientID, MessageID: id}, nil
}
