package patient_test

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/user"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

var t0 = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

// env is a database with two tenants and users of every kind.
type env struct {
	d     *db.DB
	svc   *patient.Service
	clock *clock.Fake
	keys  *crypto.Keyring

	tenantA, tenantB string
	admin            identity.Actor // tenant A
	vol1, vol2       identity.Actor // tenant A volunteers
	dev              identity.Actor // tenant A developer
	pendingID        string         // tenant A user awaiting approval
	adminB           identity.Actor // tenant B (Korea)
}

func testKeyring(t testing.TB) *crypto.Keyring {
	t.Helper()
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i + 1)
	}
	k, err := crypto.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	us := user.NewStore(d)
	e := &env{d: d, clock: clock.NewFake(t0), keys: testKeyring(t)}
	mkTenant := func(name, region, tz string) string {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + name, Name: name, DefaultRegion: region, Timezone: tz,
			CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		return tn.ID
	}
	mkUser := func(tenantID, name, role, status string) identity.Actor {
		u := user.User{ID: ids.New(), TenantID: tenantID, ClerkUserID: "user_" + name, Name: name, Role: role, Status: status,
			IsActive: true, CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return identity.Actor{UserID: u.ID, TenantID: tenantID, Role: role, Name: name}
	}
	e.tenantA = mkTenant("a", "ID", "Asia/Jakarta")
	e.tenantB = mkTenant("b", "KR", "Asia/Seoul")
	e.admin = mkUser(e.tenantA, "admin", identity.RoleAdmin, user.StatusApproved)
	e.vol1 = mkUser(e.tenantA, "vol1", identity.RoleVolunteer, user.StatusApproved)
	e.vol2 = mkUser(e.tenantA, "vol2", identity.RoleVolunteer, user.StatusApproved)
	e.dev = mkUser(e.tenantA, "dev", identity.RoleDeveloper, user.StatusApproved)
	e.pendingID = mkUser(e.tenantA, "pending", identity.RoleVolunteer, user.StatusPending).UserID
	e.adminB = mkUser(e.tenantB, "adminb", identity.RoleAdmin, user.StatusApproved)
	e.svc = patient.NewService(patient.NewStore(d), e.keys, user.NewDirectory(d), e.clock)
	return e
}

func ptr[T any](v T) *T { return &v }

func (e *env) create(t *testing.T, a identity.Actor, in patient.Input) patient.Patient {
	t.Helper()
	p, err := e.svc.Create(context.Background(), a, in)
	if err != nil {
		t.Fatalf("create %q: %v", in.Name, err)
	}
	return p
}

// events returns the tenant's audit events, oldest first.
func (e *env) events(t *testing.T, tenantID string) []audit.Event {
	t.Helper()
	var out []audit.Event
	if err := e.d.Gorm.Table("audit_events").Where("tenant_id = ?", tenantID).Order("created_at, id").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func (e *env) countPatients(t *testing.T, tenantID string) int64 {
	t.Helper()
	var n int64
	if err := e.d.Gorm.Table("patients").Where("tenant_id = ?", tenantID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// fieldNames lists the fields of a validation error, or fails the test.
func fieldNames(t *testing.T, err error) []string {
	t.Helper()
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	got := fieldNames(t, err)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("validation error lacks field %q (got %v)", w, got)
		}
	}
}

func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want %v", err, target)
	}
}

// stmtCounter is a GORM logger that counts SQL statements.
type stmtCounter struct{ n atomic.Int64 }

func (c *stmtCounter) LogMode(logger.LogLevel) logger.Interface                        { return c }
func (c *stmtCounter) Info(context.Context, string, ...any)                            {}
func (c *stmtCounter) Warn(context.Context, string, ...any)                            {}
func (c *stmtCounter) Error(context.Context, string, ...any)                           {}
func (c *stmtCounter) Trace(context.Context, time.Time, func() (string, int64), error) { c.n.Add(1) }

// countingDB shares d's connections but counts the statements run through it.
func countingDB(d *db.DB) (*db.DB, *stmtCounter) {
	c := &stmtCounter{}
	return &db.DB{Gorm: d.Gorm.Session(&gorm.Session{Logger: c}), Dialect: d.Dialect}, c
}
