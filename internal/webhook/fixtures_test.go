package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/workflow"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/user"
	"github.com/prima-health/prima/internal/webhook"
	"github.com/prima-health/prima/pkg/stdwebhooks"
	"github.com/redis/go-redis/v9"
)

var t0 = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

// env is a database with two tenants, users of each role, the real patient
// service, the real limiter (Redis when PRIMA_TEST_REDIS_URL is set) and the
// real workflow engine.
type env struct {
	d         *db.DB
	svc       *webhook.Service
	patients  *patient.Service
	workflows *testutil.Workflows
	clock     *clock.Fake

	tenantA, tenantB      string
	admin, dev, volunteer identity.Actor // tenant A
	adminB                identity.Actor
}

func limiter(t *testing.T, now func() time.Time) ratelimit.Limiter {
	t.Helper()
	url := testutil.RedisURL()
	if url == "" {
		return ratelimit.NewMemory(now)
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rc := redis.NewClient(opt)
	t.Cleanup(func() { _ = rc.Close() })
	return ratelimit.NewRedis(rc, now) // keys name webhook ids, unique to each test
}

func newEnv(t *testing.T, d *db.DB, withWorkflows bool) *env {
	t.Helper()
	ctx := context.Background()
	us := user.NewStore(d)
	e := &env{d: d, clock: clock.NewFake(t0)}
	mkTenant := func(name, region string) string {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + name, Name: name, DefaultRegion: region, Timezone: "Asia/Jakarta",
			CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		return tn.ID
	}
	mkUser := func(tenantID, name, role string) identity.Actor {
		u := user.User{ID: ids.New(), TenantID: tenantID, ClerkUserID: "user_" + name, Name: name, Role: role,
			Status: user.StatusApproved, IsActive: true, CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return identity.Actor{UserID: u.ID, TenantID: tenantID, Role: role, Name: name}
	}
	e.tenantA, e.tenantB = mkTenant("a", "ID"), mkTenant("b", "KR")
	e.admin = mkUser(e.tenantA, "admin", identity.RoleAdmin)
	e.dev = mkUser(e.tenantA, "dev", identity.RoleDeveloper)
	e.volunteer = mkUser(e.tenantA, "vol", identity.RoleVolunteer)
	e.adminB = mkUser(e.tenantB, "adminb", identity.RoleAdmin)
	keys := crypto.DevelopmentKeyring()
	e.patients = patient.NewService(patient.NewStore(d), keys, user.NewDirectory(d), e.clock)
	deps := webhook.Deps{Store: webhook.NewStore(d), Patients: e.patients, Keyring: keys, Limiter: limiter(t, e.clock.Now),
		Clock: e.clock, BaseURL: "https://prima.example.org"}
	if withWorkflows {
		engine := workflow.New(workflow.Deps{DB: d, Clock: e.clock, Keyring: keys,
			Outbox: outbox.NewOutbox(d, e.clock, []string{"log"}, outbox.NewDBLookups(d))})
		e.workflows = &testutil.Workflows{T: t, DB: d, Create: func(tenantID string) (string, error) {
			return engine.CreateWebhookWorkflow(context.Background(), tenantID)
		}}
		deps.Workflows = engine
	}
	e.svc = webhook.NewService(deps)
	return e
}

func ptr[T any](v T) *T { return &v }

// create makes a webhook of tenant A, bound to workflowID when not "".
func (e *env) create(t *testing.T, workflowID string) webhook.Created {
	t.Helper()
	in := webhook.Input{Name: "EMR bookings"}
	if workflowID != "" {
		in.WorkflowID = &workflowID
	}
	c, err := e.svc.Create(context.Background(), e.admin, in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// signed are Standard Webhooks headers for body.
func (e *env) signed(t *testing.T, secret, id string, body []byte) http.Header {
	t.Helper()
	h, err := stdwebhooks.Headers(stdwebhooks.Standard, secret, id, e.clock.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (e *env) receive(t *testing.T, id string, h http.Header, body []byte) webhook.Result {
	t.Helper()
	res, err := e.svc.Receive(context.Background(), id, h, body)
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	return res
}

func answer(t *testing.T, res webhook.Result) webhook.Answer {
	t.Helper()
	a, ok := res.Body.(webhook.Answer)
	if !ok {
		t.Fatalf("want an answer, got %d %+v", res.StatusCode, res.Body)
	}
	return a
}

func failure(t *testing.T, res webhook.Result, status int) webhook.Failure {
	t.Helper()
	f, ok := res.Body.(webhook.Failure)
	if !ok || res.StatusCode != status {
		t.Fatalf("want a %d failure, got %d %+v", status, res.StatusCode, res.Body)
	}
	return f
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// executions lists every recorded call of a webhook, newest first.
func (e *env) executions(t *testing.T, id string) []webhook.Execution {
	t.Helper()
	rows, _, err := e.svc.ListExecutions(context.Background(), e.admin, id, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func outcomes(rows []webhook.Execution) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.Outcome+":"+strconv.Itoa(r.StatusCode))
	}
	slices.Reverse(out) // oldest first reads better in failures
	return out
}

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field)
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("validation error lacks %q (got %v)", w, got)
		}
	}
}
