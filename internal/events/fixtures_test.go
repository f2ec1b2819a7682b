package events

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/user"
	svix "github.com/svix/svix-webhooks/go"
	"gorm.io/gorm"
)

// env is a database with two tenants, users of each role, the recorder, the
// subscription service and a dispatcher, all on one fake clock (set to the
// wall clock's time, so Svix's verifier accepts the timestamps).
type env struct {
	d     *db.DB
	clock *clock.Fake
	keys  *crypto.Keyring
	rec   *Recorder
	svc   *Service
	disp  *Dispatcher

	tenantA, tenantB      string
	admin, dev, volunteer identity.Actor // tenant A
	adminB                identity.Actor
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	e := &env{d: d, clock: clock.NewFake(now), keys: crypto.DevelopmentKeyring()}
	us := user.NewStore(d)
	mkTenant := func(name string) string {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + name + ids.New()[:8], Name: name, DefaultRegion: "ID",
			Timezone: "Asia/Jakarta", CreatedAt: now, UpdatedAt: now, Version: 1}
		if err := us.CreateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		return tn.ID
	}
	mkUser := func(tenantID, name, role string) identity.Actor {
		u := user.User{ID: ids.New(), TenantID: tenantID, ClerkUserID: "user_" + name + ids.New()[:8], Name: name, Role: role,
			Status: user.StatusApproved, IsActive: true, CreatedAt: now, UpdatedAt: now, Version: 1}
		if err := us.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return identity.Actor{UserID: u.ID, TenantID: tenantID, Role: role, Name: name}
	}
	e.tenantA, e.tenantB = mkTenant("a"), mkTenant("b")
	e.admin = mkUser(e.tenantA, "admin", identity.RoleAdmin)
	e.dev = mkUser(e.tenantA, "dev", identity.RoleDeveloper)
	e.volunteer = mkUser(e.tenantA, "vol", identity.RoleVolunteer)
	e.adminB = mkUser(e.tenantB, "adminb", identity.RoleAdmin)
	e.rec = NewRecorder(d, e.clock)
	e.svc = NewService(Deps{DB: d, Recorder: e.rec, Keyring: e.keys, Clock: e.clock, AllowPrivate: true})
	e.disp = e.dispatcher(DispatchConfig{AllowPrivate: true, Timeout: 2 * time.Second})
	return e
}

func (e *env) dispatcher(cfg DispatchConfig) *Dispatcher {
	return NewDispatcher(e.d, e.keys, e.clock, e.rec, cfg, nil)
}

// subscribe makes a subscription of tenant A to types at url.
func (e *env) subscribe(t *testing.T, url string, types ...string) Created {
	t.Helper()
	c, err := e.svc.Create(context.Background(), e.admin, Input{URL: url, Events: types})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// record writes evs in one committed transaction.
func (e *env) record(t *testing.T, evs ...Event) {
	t.Helper()
	err := e.d.Gorm.Transaction(func(tx *gorm.DB) error { return e.rec.Record(tx, evs...) })
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) dispatch(t *testing.T) int {
	t.Helper()
	n, err := e.disp.DispatchDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) deliveries(t *testing.T, subID string) []Delivery {
	t.Helper()
	var out []Delivery
	if err := e.d.Gorm.Where("subscription_id = ?", subID).Order("created_at, id").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func (e *env) subscription(t *testing.T, id string) Subscription {
	t.Helper()
	var s Subscription
	if err := e.d.Gorm.Unscoped().Where("id = ?", id).Take(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

// hit is one request a receiver got.
type hit struct {
	header http.Header
	body   []byte
	at     time.Time
	parsed Body
}

// receiver is a local endpoint that verifies every delivery with Svix's
// Standard Webhooks verifier (an implementation independent of PRIMA's) and
// answers status.
type receiver struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	secrets []string
	hits    []hit
	status  int
	delay   time.Duration
	strict  bool // also check the timestamp against the wall clock
}

func newReceiver(t *testing.T, status int) *receiver {
	r := &receiver{t: t, status: status}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) url() string { return r.srv.URL + "/hooks/prima" }

func (r *receiver) setSecrets(s ...string) { r.mu.Lock(); r.secrets = s; r.mu.Unlock() }

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	raw, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	secrets, status, delay, strict := r.secrets, r.status, r.delay, r.strict
	r.mu.Unlock()
	if len(secrets) == 0 {
		r.t.Errorf("receiver has no secret")
	}
	for _, s := range secrets {
		wh, err := svix.NewWebhook(s)
		if err != nil {
			r.t.Errorf("svix secret: %v", err)
			continue
		}
		verify := wh.VerifyIgnoringTimestamp
		if strict {
			verify = wh.Verify
		}
		if err := verify(raw, req.Header); err != nil {
			r.t.Errorf("delivery %s does not verify with a secret: %v", req.Header.Get("webhook-id"), err)
		}
	}
	h := hit{header: req.Header.Clone(), body: raw, at: time.Now()}
	if err := json.Unmarshal(raw, &h.parsed); err != nil {
		r.t.Errorf("body is not JSON: %v", err)
	}
	r.mu.Lock()
	r.hits = append(r.hits, h)
	r.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	w.WriteHeader(status)
}

func (r *receiver) got() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hit(nil), r.hits...)
}
