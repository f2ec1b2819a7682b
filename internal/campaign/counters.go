package campaign

import (
	"context"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// counters reads a campaign's counters exactly: its recipient rows by state,
// and the messages of the queued ones by status (both through partial
// indexes, so the read costs the same whatever else the tables hold).
func (s *Service) counters(ctx context.Context, q *gorm.DB, c Campaign) (Counters, error) {
	var out Counters
	var states []struct {
		State string
		N     int64
	}
	if err := q.WithContext(ctx).Raw("SELECT state, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY state", c.ID).
		Scan(&states).Error; err != nil {
		return out, err
	}
	for _, r := range states {
		out.Total += r.N
		switch r.State {
		case StatePending:
			out.Queued += r.N
		case StateSkipped:
			out.Skipped += r.N
		}
	}
	var statuses []struct {
		Status string
		N      int64
	}
	if err := q.WithContext(ctx).Raw("SELECT status, count(*) AS n FROM messages WHERE source = 'campaign' AND source_id = ? GROUP BY status", c.ID).
		Scan(&statuses).Error; err != nil {
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
FROM campaign_recipients r JOIN messages m ON m.id = r.message_id
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
