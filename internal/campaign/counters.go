package campaign

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// messageKey is the SQL of a recipient r's message dedupe key.
func messageKey() string { return "'campaign:' || r.campaign_id || ':' || r.patient_id" }

// countsTTL is how long a running campaign's message counts are reused: a
// progress bar polled by many screens reads the messages once a second.
const countsTTL = time.Second

type statusCount struct {
	Status string
	N      int64
}

// messageCounts counts a campaign's messages by status (through the partial
// index messages_campaign_status), reused for countsTTL unless fresh.
func (s *Service) messageCounts(ctx context.Context, q *gorm.DB, id string, fresh bool) ([]statusCount, error) {
	if !fresh {
		if v, ok := s.counts.Load(id); ok && time.Since(v.(cachedCounts).at) < countsTTL {
			return v.(cachedCounts).rows, nil
		}
	}
	var rows []statusCount
	if err := q.WithContext(ctx).Raw("SELECT status, count(*) AS n FROM messages WHERE source = 'campaign' AND source_id = ? GROUP BY status", id).
		Scan(&rows).Error; err != nil {
		return nil, err
	}
	s.counts.Store(id, cachedCounts{rows: rows, at: time.Now()})
	return rows, nil
}

type cachedCounts struct {
	rows []statusCount
	at   time.Time
}

// counters are a campaign's counters: its recipients from the counts kept on
// its row (exact, written with every change of a recipient), and the
// messages of the queued ones by status. A running campaign's message counts
// may be up to countsTTL old.
func (s *Service) counters(ctx context.Context, q *gorm.DB, c Campaign) (Counters, error) {
	out := Counters{Total: int64(c.Total), Skipped: int64(c.RecipientsSkipped)}
	out.Queued = int64(c.Total - c.RecipientsQueued - c.RecipientsSkipped)
	if c.RecipientsQueued == 0 {
		return out, nil
	}
	statuses, err := s.messageCounts(ctx, q, c.ID, c.Status != StatusRunning)
	if err != nil {
		return out, err
	}
	for _, r := range statuses {
		switch r.Status {
		case "queued", "sending":
			out.Queued += r.N
		case "sent":
			out.Sent += r.N
		case "delivered":
			out.Sent += r.N
			out.Delivered += r.N
		case "read":
			out.Sent += r.N
			out.Delivered += r.N
		case "failed":
			out.Failed += r.N
		case "skipped":
			out.Skipped += r.N
		}
	}
	return out, nil
}

// variantResults reads how each variant did (SPEC §3.2 variant_results): a
// reply counts when the patient wrote within ResultWindow after the message
// was sent, and a confirmation when that reply meant "yes".
func (s *Service) variantResults(ctx context.Context, c Campaign) ([]VariantResult, error) {
	upto := "i.created_at <= m.sent_at + interval '72 hours'"
	if s.db.Dialect != db.Postgres {
		upto = "julianday(i.created_at) <= julianday(m.sent_at) + 3.0"
	}
	reply := func(extra string) string {
		return `CASE WHEN m.sent_at IS NOT NULL AND EXISTS (SELECT 1 FROM messages i WHERE i.tenant_id = m.tenant_id
  AND i.patient_id = m.patient_id AND i.direction = 'inbound' AND i.created_at > m.sent_at AND ` + upto + extra + `) THEN 1 ELSE 0 END`
	}
	var rows []struct {
		Variant   string
		Sent      int64
		Delivered int64
		Read      int64
		Replied   int64
		Confirmed int64
	}
	err := s.db.Gorm.WithContext(ctx).Raw(`SELECT r.variant,
  sum(CASE WHEN m.status IN ('sent','delivered','read') THEN 1 ELSE 0 END) AS sent,
  sum(CASE WHEN m.status IN ('delivered','read') THEN 1 ELSE 0 END) AS delivered,
  sum(CASE WHEN m.status = 'read' THEN 1 ELSE 0 END) AS read,
  sum(`+reply("")+`) AS replied,
  sum(`+reply(" AND i.intent = 'confirm'")+`) AS confirmed
FROM campaign_recipients r JOIN messages m ON m.tenant_id = r.tenant_id AND m.dedupe_key = `+messageKey()+`
WHERE r.campaign_id = ? AND r.variant IS NOT NULL
GROUP BY r.variant`, c.ID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	byKey := map[string]VariantResult{}
	for _, r := range rows {
		byKey[r.Variant] = VariantResult{Key: r.Variant, Sent: r.Sent, Delivered: r.Delivered, Read: r.Read, Replied: r.Replied, Confirmed: r.Confirmed}
	}
	out := make([]VariantResult, 0, len(c.Variants.V))
	for _, v := range c.Variants.V {
		res := byKey[v.Key]
		res.Key = v.Key
		out = append(out, res)
	}
	return out, nil
}
