package events

import "github.com/prometheus/client_golang/prometheus"

// Outcomes of an attempt, as counted.
const (
	outcomeSucceeded = "succeeded"
	outcomeRetry     = "retry"
	outcomeFailed    = "failed"
	outcomeDisabled  = "disabled" // the endpoint answered 410 Gone
)

// Metrics count delivery attempts by outcome and time them.
type Metrics struct {
	attempts *prometheus.CounterVec
	duration prometheus.Histogram
}

// NewMetrics registers the event delivery metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "prima_event_deliveries_total",
			Help: "Outbound event delivery attempts by outcome (succeeded, retry, failed, disabled)."}, []string{"outcome"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "prima_event_delivery_duration_seconds",
			Help: "Duration of outbound event delivery attempts.", Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10}}),
	}
	reg.MustRegister(m.attempts, m.duration)
	return m
}

func (m *Metrics) count(outcome string, seconds float64) {
	if m == nil {
		return
	}
	m.attempts.WithLabelValues(outcome).Inc()
	m.duration.Observe(seconds)
}
