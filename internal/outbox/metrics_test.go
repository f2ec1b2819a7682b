package outbox

import (
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prometheus/client_golang/prometheus"
	promtest "github.com/prometheus/client_golang/prometheus/testutil"
)

func TestMetricsReportDepthAgeSendsAndLatency(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		reg := prometheus.NewRegistry()
		f.disp.SetMetrics(NewMetrics(reg, d))
		// The depth collector reads the real clock: queue two messages due a minute ago.
		f.clock.Set(time.Now().UTC().Add(-time.Minute))
		testutil.NoQuietHours(t, d) // sent on the real clock's time of day
		p := f.patient("granted")
		f.enqueue(p, "satu", "whatsapp")
		f.enqueue(p, "dua", "sms")
		want := `
# HELP prima_outbox_depth Queued outbound messages that are due now.
# TYPE prima_outbox_depth gauge
prima_outbox_depth 2
`
		if err := promtest.GatherAndCompare(reg, strings.NewReader(want), "prima_outbox_depth"); err != nil {
			t.Fatal(err)
		}
		age := gauge(t, reg, "prima_outbox_oldest_due_seconds")
		if age < 55 || age > 120 {
			t.Fatalf("oldest due age %.1f s, want about 60", age)
		}
		f.ch.script["sms"] = []*SendError{{Outcome: OutcomePermanent, Code: "rejected"}}
		f.drain()
		if got := promtest.ToFloat64(f.disp.metrics.sends.WithLabelValues("whatsapp", "sent")); got != 1 {
			t.Fatalf("whatsapp sent = %v", got)
		}
		if got := promtest.ToFloat64(f.disp.metrics.sends.WithLabelValues("sms", "permanent")); got != 1 {
			t.Fatalf("sms permanent = %v", got)
		}
		if got := promtest.ToFloat64(f.disp.metrics.outcomes.WithLabelValues("sms", "failed")); got != 1 {
			t.Fatalf("sms failed outcomes = %v", got)
		}
		if n := promtest.CollectAndCount(f.disp.metrics.latency); n != 2 {
			t.Fatalf("latency series: %d", n)
		}
		if depth := gauge(t, reg, "prima_outbox_depth"); depth != 0 {
			t.Fatalf("depth after sending: %v", depth)
		}
	})
}

func gauge(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("metric %s missing", name)
	return 0
}
