package reminder_test

import (
	"context"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/utils"
)

// TestMaterializeVolume times one tick that makes PRIMA_PERF_REMINDERS
// reminders due at once on PostgreSQL, then an empty tick and MarkMissed. It is
// a measurement, skipped unless asked for:
//
//	PRIMA_PERF_REMINDERS=100000 PRIMA_TEST_POSTGRES_URL=… go test ./internal/reminder -run Volume -v
//
// PRIMA_PERF_STATEMENTS=1 adds time and count per statement site;
// PRIMA_PERF_BATCH=1 queues messages through a batch outbox (see batchOutbox).
func TestMaterializeVolume(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PRIMA_PERF_REMINDERS"))
	if n <= 0 || testutil.PostgresURL() == "" {
		t.Skip("set PRIMA_PERF_REMINDERS and PRIMA_TEST_POSTGRES_URL to measure")
	}
	d := testutil.NewDB(t, db.Postgres)
	e := newEnv(t, d, time.Date(2026, 11, 22, 1, 0, 30, 0, time.UTC)) // 08:00:30 in Jakarta
	now := e.clock.Now()
	must(t, d.Gorm.Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, is_active, created_at, updated_at, version)
	  SELECT gen_random_uuid(), ?, 'Pasien ' || g, '+62812' || g, 'id', 'Asia/Jakarta', 'granted', true, ?, ?, 1 FROM generate_series(1, ?) g`,
		e.tenantA, now, now, n).Error)
	must(t, d.Gorm.Exec(`INSERT INTO reminders (id, tenant_id, patient_id, type, message, medication, dose, schedule,
	  confirmation_window_minutes, ttl_minutes, is_active, next_due_at, materialized_until, created_at, updated_at, version)
	  SELECT gen_random_uuid(), tenant_id, id, 'medication', 'Halo {{first_name}}, minum {{medication}} {{dose}} jam {{time}}',
	  'Tamoxifen', '20 mg', '{"frequency":"daily","times":["08:00"],"start_date":"2026-11-01"}', 120, 180, true, ?, ?, ?, ?, 1
	  FROM patients`, time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC), now.Add(-time.Hour), now, now).Error)
	// A message history, so that the planner sees a realistic message log.
	must(t, d.Gorm.Exec(`INSERT INTO messages (id, tenant_id, patient_id, direction, channel, status, body, source, created_at, updated_at)
	  SELECT gen_random_uuid(), tenant_id, id, 'outbound', 'whatsapp', 'sent', 'old ' || g, 'reminder', ?, ?
	  FROM patients, generate_series(1, 3) g`, now.Add(-48*time.Hour), now.Add(-48*time.Hour)).Error)
	must(t, d.Gorm.Exec("ANALYZE").Error)

	if os.Getenv("PRIMA_PERF_STATEMENTS") != "" {
		sites := &statementSites{took: map[string]time.Duration{}, count: map[string]int{}}
		d = &db.DB{Gorm: d.Gorm.Session(&gorm.Session{Logger: sites}), Dialect: d.Dialect}
		defer sites.report(t)
	}
	var outbox reminder.Outbox = e.outbox
	if os.Getenv("PRIMA_PERF_BATCH") != "" {
		outbox = batchOutbox{e.outbox, e.clock}
	}
	svc := reminder.NewService(reminder.NewStore(d), outbox, e.clock, reminder.Options{})
	ctx := context.Background()
	timed := func(what string, fn func() (int, error)) {
		start := time.Now()
		got, err := fn()
		must(t, err)
		t.Logf("%-28s %7d in %v", what, got, time.Since(start))
	}
	timed("materialise (occurrences)", func() (int, error) { occ, _, err := svc.Materialize(ctx, now); return occ, err })
	timed("empty tick", func() (int, error) { occ, _, err := svc.Materialize(ctx, now.Add(time.Minute)); return occ, err })
	timed("mark missed, none due", func() (int, error) { return svc.MarkMissed(ctx, now.Add(time.Minute)) })
	timed("mark missed, all due", func() (int, error) { return svc.MarkMissed(ctx, now.Add(3*time.Hour)) })
}

// statementSites adds up the time GORM statements take, by calling line.
type statementSites struct {
	mu    sync.Mutex
	took  map[string]time.Duration
	count map[string]int
}

func (s *statementSites) LogMode(logger.LogLevel) logger.Interface { return s }
func (s *statementSites) Info(context.Context, string, ...any)     {}
func (s *statementSites) Warn(context.Context, string, ...any)     {}
func (s *statementSites) Error(context.Context, string, ...any)    {}
func (s *statementSites) Trace(_ context.Context, begin time.Time, _ func() (string, int64), _ error) {
	site := utils.FileWithLineNum()
	s.mu.Lock()
	s.took[site] += time.Since(begin)
	s.count[site]++
	s.mu.Unlock()
}

func (s *statementSites) report(t *testing.T) {
	sites := make([]string, 0, len(s.took))
	for k := range s.took {
		sites = append(sites, k)
	}
	sort.Slice(sites, func(i, j int) bool { return s.took[sites[i]] > s.took[sites[j]] })
	for _, k := range sites {
		t.Logf("%-70s %6d statements %v", k, s.count[k], s.took[k])
	}
}

// batchOutbox approximates what a batch enqueue in the outbox would cost: one
// duplicate-check query and multi-row inserts per batch. It is a measuring
// aid, not the outbox's semantics in full.
type batchOutbox struct {
	*messaging.Outbox
	clock *clock.Fake
}

func (b batchOutbox) EnqueueMany(ctx context.Context, tx *gorm.DB, ns []messaging.NewMessage) ([]messaging.Message, error) {
	now := b.clock.Now().UTC()
	out := make([]messaging.Message, 0, len(ns))
	patients := make([]string, 0, len(ns))
	for _, n := range ns {
		order := b.EffectiveOrder(n.ChannelOrder)
		due := now
		if n.NotBefore.After(now) {
			due = n.NotBefore
		}
		pid, sid, key := n.PatientID, n.SourceID, n.DedupeKey
		out = append(out, messaging.Message{ID: ids.New(), TenantID: n.TenantID, PatientID: &pid, Direction: messaging.Outbound,
			Channel: order[0], ChannelOrder: order, Status: messaging.StatusQueued, Body: n.Body, Source: n.Source, SourceID: &sid,
			Automated: n.Automated, Priority: n.Priority, NextAttemptAt: &due, SendBefore: n.SendBefore, DedupeKey: &key,
			KakaoParameters: messaging.StringMap{}, CreatedAt: now, UpdatedAt: now, Version: 1})
		patients = append(patients, pid)
	}
	var recent []string
	err := tx.WithContext(ctx).Model(&messaging.Message{}).Where("patient_id IN ? AND created_at > ? AND status NOT IN ?",
		patients, now.Add(-messaging.DuplicateWindow), []string{messaging.StatusFailed, messaging.StatusSkipped}).
		Pluck("patient_id", &recent).Error
	if err != nil {
		return nil, err
	}
	err = tx.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&out, 500).Error
	return out, err
}

var _ reminder.BatchOutbox = batchOutbox{}
