package api

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/prima-health/prima/internal/apikey"
	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/workflow"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/campaign"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/idempotency"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/platform/storage"
	"github.com/prima-health/prima/internal/stats"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/timeline"
	"github.com/prima-health/prima/internal/user"
	"github.com/redis/go-redis/v9"
)

// testApp is a PRIMA HTTP server on a real database, with a fake Clerk whose
// real RS256 tokens sign in a few users of two tenants. Every response to a
// request the OpenAPI document describes is validated against it.
type testApp struct {
	t       *testing.T
	e       *echo.Echo
	db      *db.DB
	cfg     *config.Config
	clerk   *testutil.FakeClerk
	clock   *clock.Fake
	users   *user.Service
	keyring *crypto.Keyring

	// Tokens of tenant A (org_a): an admin, an approved volunteer, a developer, a pending user.
	admin, volunteer, developer, pending         string
	adminID, volunteerID, developerID, pendingID string
	// otherAdmin administers tenant B (org_b).
	otherAdmin, otherAdminID string

	validate bool
	deps     Deps

	// storage keeps uploads: the disk, or S3 when the test configures it.
	storage storage.Storage

	// workflows stands in for the workflow engine inbound webhooks start.
	workflows *testutil.Workflows

	// events delivers outbound events (the recorder and a dispatcher on the test's clock).
	events *eventsHarness
}

type appOption func(*config.Config)

var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
)

func loadSpec() (routers.Router, error) {
	specOnce.Do(func() {
		b, err := os.ReadFile("../openapi.yaml")
		if err != nil {
			specErr = err
			return
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(b)
		if err != nil {
			specErr = err
			return
		}
		if err := doc.Validate(loader.Context); err != nil {
			specErr = err
			return
		}
		doc.Servers = openapi3.Servers{{URL: "http://prima.test"}}
		specRouter, specErr = gorillamux.NewRouter(doc)
	})
	return specRouter, specErr
}

// testConfig is a development configuration with the fake Clerk's secret.
func testConfig(t *testing.T, fc *testutil.FakeClerk, opts ...appOption) *config.Config {
	env := map[string]string{
		"PRIMA_ENV": "development", "CLERK_SECRET_KEY": fc.SecretKey, "CLERK_API_URL": fc.Server.URL,
		"CLERK_WEBHOOK_SECRET": fc.WebhookSecret, "PRIMA_RATE_LIMIT_PER_MIN": "1000", "PRIMA_AUTH_FAILURES_PER_MIN": "100000", "PRIMA_DATA_DIR": t.TempDir(),
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, func() string { return "cron-secret-for-tests" })
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(cfg)
	}
	return cfg
}

func newTestApp(t *testing.T, d *db.DB, opts ...appOption) *testApp {
	t.Helper()
	return newTestAppWithClerk(t, d, testutil.NewFakeClerk(t), opts...)
}

func newTestAppWithClerk(t *testing.T, d *db.DB, fc *testutil.FakeClerk, opts ...appOption) *testApp {
	t.Helper()
	cfg := testConfig(t, fc, opts...)
	a := &testApp{t: t, db: d, cfg: cfg, clerk: fc, clock: clock.NewFake(time.Now()), validate: true}
	key, _ := cfg.EncryptionKeyBytes()
	a.keyring, _ = crypto.NewKeyring(key)
	auditSvc := audit.NewService(d.Gorm, a.clock)
	a.users = user.NewService(user.NewStore(d), auditSvc, a.clock, user.Defaults{Region: "ID", Timezone: "Asia/Jakarta"})
	verifier, err := identity.NewClerkVerifier(identity.ClerkOptions{JWTKey: cfg.Clerk.JWTKey, APIURL: cfg.Clerk.APIURL,
		SecretKey: cfg.Clerk.SecretKey, AuthorizedParties: cfg.Clerk.AuthorizedParties, Issuer: cfg.Clerk.Issuer(), Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	var limiter ratelimit.Limiter = ratelimit.NewMemory(nil)
	// Inbound webhooks count calls per minute on the test's clock, so a count
	// never straddles a minute boundary of the wall clock.
	var hookLimiter ratelimit.Limiter = ratelimit.NewMemory(a.clock.Now)
	if url := testutil.RedisURL(); url != "" {
		opt, err := redis.ParseURL(url)
		if err != nil {
			t.Fatal(err)
		}
		rc := redis.NewClient(opt)
		t.Cleanup(func() { _ = rc.Close() })
		limiter = testLimiter{ratelimit.NewRedis(rc, nil), "t" + ids.New() + ":"} // tests share the Redis
		hookLimiter = testLimiter{ratelimit.NewRedis(rc, a.clock.Now), "t" + ids.New() + ":"}
	}
	deps := Deps{
		Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: a.clock, Database: d,
		Verifier: verifier, Users: a.users, Audit: auditSvc, ReadLog: audit.NewReadLog(d, nil), Limiter: limiter, Idempotency: idempotency.NewStore(d, nil),
		Deliveries:  idempotency.NewDeliveries(d),
		OpenAPISpec: []byte("openapi: 3.0.3\n"), Version: "test",
	}
	deps.Patients = testPatientService(t, d, a.keyring, a.clock, auditSvc)
	deps.Messages, deps.Settings = testMessagingServices(d, a.clock)
	deps.Settings.OnChange(a.users.ForgetTenant)
	contentStore := content.NewStore(d)
	deps.Content = content.NewService(contentStore, a.clock, cfg.BaseURL)
	// Uploads go where the configuration says, as in cmd/prima: the disk, or S3 when a test sets cfg.S3.
	if a.storage, err = storage.Open(context.Background(), storage.Config{DataDir: cfg.DataDir, BaseURL: cfg.BaseURL,
		S3: storage.S3Options{Endpoint: cfg.S3.Endpoint, Region: cfg.S3.Region, Bucket: cfg.S3.Bucket,
			AccessKey: cfg.S3.AccessKey, SecretKey: cfg.S3.SecretKey, PublicURL: cfg.S3.PublicURL}}); err != nil {
		t.Fatal(err)
	}
	deps.Files, _ = a.storage.(*storage.Disk)
	deps.Uploads = content.NewUploads(a.storage, contentStore, a.clock)
	deps.Templates = template.NewService(template.NewStore(d), deps.Patients, a.clock).WithArticles(deps.Content)
	deps.Appointments, deps.Reminders = testReminderServices(d, a.clock)
	deps.Workflows = workflow.New(workflow.Deps{DB: d, Clock: a.clock, Keyring: a.keyring,
		Outbox: outbox.NewOutbox(d, a.clock, testChannels, outbox.NewDBLookups(d)), Log: testLogger()})
	deps.Appointments = appointment.NewService(appointment.NewStore(d), a.clock, appointment.LinkedAll{deps.Reminders, deps.Workflows})
	deps.Scheduler = testScheduler(t, d, a.clock, deps.Reminders)
	deps.Scheduler.SetWorkflows(deps.Workflows)
	deps.Receipts = outbox.NewReceipts(d, a.clock)
	deps.AI = testModel(cfg)
	deps.Conversations = testConversations(d, a.clock, deps.Reminders, deps.AI, deps.Content)
	deps.Conversations.SetWorkflows(deps.Workflows)
	deps.Stats = stats.NewService(d, a.clock)
	deps.Timeline = timeline.NewService(timeline.NewStore(d))
	a.workflows = &testutil.Workflows{T: t, DB: d, Create: func(tenantID string) (string, error) {
		return deps.Workflows.CreateWebhookWorkflow(context.Background(), tenantID)
	}}
	deps.Webhooks = testWebhooks(d, a, deps.Patients, deps.Workflows, hookLimiter)
	deps.Events, a.events = testEvents(d, a)
	deps.Campaigns = campaign.New(campaign.Deps{DB: d, Clock: a.clock, Outbox: outbox.NewOutbox(d, a.clock, testChannels, outbox.NewDBLookups(d)),
		Templates: deps.Templates, Log: testLogger()})
	deps.Campaigns.HoldWait = time.Second
	deps.Keys = apikey.NewService(d, a.clock)
	deps.Scheduler.SetCampaigns(deps.Campaigns)
	if cfg.DevAuth {
		dev, err := identity.NewDevIssuer(nil)
		if err != nil {
			t.Fatal(err)
		}
		dev.Register(verifier)
		deps.DevIssuer = dev
	}
	a.deps = deps
	a.e = New(deps)
	a.signInUsers()
	return a
}

// tokenFor signs a v2 session token for a Clerk user in an organization.
func (a *testApp) tokenFor(userID, orgID, orgRole string) string {
	return a.clerk.Token(a.t, testutil.TokenOptions{UserID: userID, OrgID: orgID, OrgRole: orgRole})
}

func (a *testApp) signInUsers() {
	t := a.t
	a.admin = a.tokenFor("user_admin_a", "org_a", "admin")
	a.adminID = a.meID(a.admin)
	a.volunteer = a.tokenFor("user_volunteer_a", "org_a", "member")
	a.volunteerID = a.meID(a.volunteer)
	a.developer = a.tokenFor("user_developer_a", "org_a", "member")
	a.developerID = a.meID(a.developer)
	a.pending = a.tokenFor("user_pending_a", "org_a", "member")
	a.pendingID = a.meID(a.pending)
	a.ok(a.do("POST", "/api/v1/users/"+a.volunteerID+"/approve", map[string]any{"role": "volunteer"}, a.admin), 200)
	a.ok(a.do("POST", "/api/v1/users/"+a.developerID+"/approve", map[string]any{"role": "developer"}, a.admin), 200)
	a.otherAdmin = a.tokenFor("user_admin_b", "org_b", "admin")
	a.otherAdminID = a.meID(a.otherAdmin)
	t.Helper()
}

func (a *testApp) meID(token string) string {
	r := a.do("GET", "/api/v1/me", nil, token)
	a.ok(r, 200)
	var me Me
	r.decode(&me)
	return me.User.ID
}

// response is a finished request.
type response struct {
	t    *testing.T
	code int
	hdr  http.Header
	body []byte
}

func (r *response) decode(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		r.t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (r *response) problem() Problem {
	r.t.Helper()
	if ct := r.hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		r.t.Fatalf("want problem+json, got %q: %s", ct, r.body)
	}
	var p Problem
	r.decode(&p)
	return p
}

// fieldErrors lists the field names a problem names.
func (r *response) fieldErrors() []string {
	p := r.problem()
	out := make([]string, 0, len(p.Errors))
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

func (a *testApp) ok(r *response, want int) {
	a.t.Helper()
	if r.code != want {
		a.t.Fatalf("status %d, want %d: %s", r.code, want, r.body)
	}
}

// do sends a JSON request; body may be nil, a string (sent as is) or a value (JSON-encoded).
func (a *testApp) do(method, path string, body any, token string, headers ...string) *response {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		case []byte:
			rd = bytes.NewReader(b)
		default:
			js, _ := json.Marshal(b)
			rd = bytes.NewReader(js)
		}
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.send(req)
}

// send runs a prepared request through the server and validates the response against the spec.
func (a *testApp) send(req *http.Request) *response {
	a.t.Helper()
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	r := &response{t: a.t, code: rec.Code, hdr: rec.Header(), body: rec.Body.Bytes()}
	if a.validate {
		a.validateResponse(req, reqBody, r)
	}
	return r
}

func (a *testApp) validateResponse(req *http.Request, reqBody []byte, r *response) {
	a.t.Helper()
	router, err := loadSpec()
	if err != nil {
		a.t.Fatalf("openapi.yaml: %v", err)
	}
	vreq := req.Clone(context.Background())
	vreq.URL.Scheme, vreq.URL.Host, vreq.Host = "http", "prima.test", "prima.test"
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		return // not an API route (dashboard, docs) or a path the spec does not have: the route test covers those
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.code, Header: r.hdr,
		Body: io.NopCloser(bytes.NewReader(r.body)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		a.t.Fatalf("%s %s → %d does not match openapi.yaml: %v\nbody: %s", req.Method, req.URL.Path, r.code, err, r.body)
	}
}

// as returns the app bound to a subtest's t, so failures stop that subtest.
func (a *testApp) as(t *testing.T) *testApp {
	c := *a
	c.t = t
	return &c
}

func testLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
