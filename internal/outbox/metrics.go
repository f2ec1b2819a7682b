package outbox

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the outbox's Prometheus figures (SPEC §13). A nil *Metrics
// records nothing.
type Metrics struct {
	sends     *prometheus.CounterVec   // provider calls by channel and outcome
	latency   *prometheus.HistogramVec // provider call duration by channel
	outcomes  *prometheus.CounterVec   // recorded message outcomes by channel
	recovered prometheus.Counter
}

// NewMetrics registers the outbox's metrics on reg, including the outbox depth
// and the age of the oldest due message, read from d at each scrape.
func NewMetrics(reg prometheus.Registerer, d *db.DB) *Metrics {
	m := &Metrics{
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "prima_provider_sends_total",
			Help: "Provider calls by channel and outcome (sent, retryable, permanent, invalid_recipient, throttled, unknown, already_accepted)."},
			[]string{"channel", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "prima_provider_latency_seconds",
			Help: "Duration of provider calls by channel.", Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 15}},
			[]string{"channel"}),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "prima_messages_total",
			Help: "Outbound message outcomes recorded by the outbox, by channel and status (sent, failed, skipped, retry, failover, held)."},
			[]string{"channel", "status"}),
		recovered: prometheus.NewCounter(prometheus.CounterOpts{Name: "prima_outbox_recovered_total",
			Help: "Messages whose claim expired mid-send and were settled by lease recovery."}),
	}
	reg.MustRegister(m.sends, m.latency, m.outcomes, m.recovered, &depthCollector{db: d,
		depth: prometheus.NewDesc("prima_outbox_depth", "Queued outbound messages that are due now.", nil, nil),
		age:   prometheus.NewDesc("prima_outbox_oldest_due_seconds", "How long the oldest due queued message has been waiting.", nil, nil),
		held:  prometheus.NewDesc("prima_outbox_sending", "Messages claimed by a dispatcher right now.", nil, nil)})
	return m
}

func (m *Metrics) observeSend(channel, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.sends.WithLabelValues(channel, outcome).Inc()
	m.latency.WithLabelValues(channel).Observe(took.Seconds())
}

func (m *Metrics) countOutcome(channel string, st DispatchStats) {
	if m == nil {
		return
	}
	for status, n := range map[string]int{"sent": st.Sent, "failed": st.Failed, "skipped": st.Skipped, "retry": st.Retries,
		"failover": st.Failovers, "held": st.Held} {
		if n > 0 {
			m.outcomes.WithLabelValues(channel, status).Add(float64(n))
		}
	}
}

func (m *Metrics) countRecovered(n int) {
	if m != nil {
		m.recovered.Add(float64(n))
	}
}

func sendOutcomeName(e *SendError) string {
	if e == nil {
		return "sent"
	}
	switch e.Outcome {
	case OutcomeRetryable:
		return "retryable"
	case OutcomePermanent:
		return "permanent"
	case OutcomeInvalidRecipient:
		return "invalid_recipient"
	case OutcomeThrottled:
		return "throttled"
	case OutcomeUnknown:
		return "unknown"
	case OutcomeAlreadyAccepted:
		return "already_accepted"
	}
	return "error"
}

// depthCollector reads the outbox's depth at scrape time (indexed, bounded by a timeout).
type depthCollector struct {
	db               *db.DB
	depth, age, held *prometheus.Desc
}

func (c *depthCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.depth
	ch <- c.age
	ch <- c.held
}

func (c *depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	now := time.Now().UTC()
	var depth, sending int64
	var oldest []time.Time
	q := c.db.Gorm.WithContext(ctx)
	if err := q.Raw("SELECT count(*) FROM messages WHERE status = 'queued' AND next_attempt_at <= ?", now).Scan(&depth).Error; err != nil {
		return
	}
	if err := q.Raw("SELECT next_attempt_at FROM messages WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 1", now).
		Scan(&oldest).Error; err != nil {
		return
	}
	if err := q.Raw("SELECT count(*) FROM messages WHERE status = 'sending'").Scan(&sending).Error; err != nil {
		return
	}
	age := 0.0
	if len(oldest) > 0 {
		age = max(now.Sub(oldest[0]).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(depth))
	ch <- prometheus.MustNewConstMetric(c.age, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(c.held, prometheus.GaugeValue, float64(sending))
}
