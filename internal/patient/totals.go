package patient

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// TotalTTL is how long a list total counted in this process is reused for the
// same tenant and filter. Writes through this process's patient service drop
// the tenant's totals at once; writes through another replica (or outside the
// service, e.g. an opt-out changing consent) show in totals within TotalTTL.
const TotalTTL = 5 * time.Second

// maxTotals bounds the cached totals (one per tenant, scope and filter).
const maxTotals = 4096

// totals caches list totals, so that paging through a large tenant does not
// count every matching row on every request.
type totals struct {
	mu      sync.Mutex
	entries map[string]totalEntry
	gen     map[string]uint64 // per tenant, bumped by every write
	pages   pages             // list pages, at the same generations
}

type totalEntry struct {
	n   int64
	at  time.Time
	gen uint64
}

func newTotals() *totals {
	return &totals{entries: map[string]totalEntry{}, gen: map[string]uint64{}}
}

// totalKey is the tenant and every part of q that changes the matches (not
// the sort or the page).
func totalKey(tenantID string, q Query) string {
	active := ""
	if q.IsActive != nil {
		active = strconv.FormatBool(*q.IsActive)
	}
	return strings.Join([]string{tenantID, q.VisibleTo, q.AssignedVolunteerID, q.Consent, q.Tag, active, q.Search}, "\x00")
}

// get returns a total counted less than TotalTTL before now and not older
// than the tenant's last write, and the tenant's write generation to store a
// fresh count with.
func (t *totals) get(tenantID, key string, now time.Time) (n int64, ok bool, gen uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	gen = t.gen[tenantID]
	e, found := t.entries[key]
	if !found || e.gen != gen || now.Before(e.at) || now.Sub(e.at) >= TotalTTL {
		return 0, false, gen
	}
	return e.n, true, gen
}

// put stores a total counted at now, unless the tenant was written since gen.
func (t *totals) put(tenantID, key string, n int64, now time.Time, gen uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.gen[tenantID] != gen {
		return
	}
	if len(t.entries) >= maxTotals {
		for k, e := range t.entries {
			if now.Sub(e.at) >= TotalTTL || e.gen != t.gen[strings.SplitN(k, "\x00", 2)[0]] {
				delete(t.entries, k)
			}
		}
		if len(t.entries) >= maxTotals {
			clear(t.entries)
		}
	}
	t.entries[key] = totalEntry{n: n, at: now, gen: gen}
}

// forget drops the tenant's totals: its patients changed.
func (t *totals) forget(tenantID string) {
	t.mu.Lock()
	t.gen[tenantID]++
	t.mu.Unlock()
}

// forgetting is the service's store: every write through it (on its own or in
// a transaction) drops the written tenants' cached totals, once before and
// once after the write is committed, so that a total counted while the write
// was in flight is not kept.
type forgetting struct {
	Store
	totals  *totals
	written *[]string // inside InTx: the tenants written so far
}

func (s forgetting) wrote(tenantID string) {
	s.totals.forget(tenantID)
	if s.written != nil {
		*s.written = append(*s.written, tenantID)
	}
}

func (s forgetting) InTx(ctx context.Context, fn func(tx Store) error) error {
	var written []string
	err := s.Store.InTx(ctx, func(tx Store) error {
		return fn(forgetting{Store: tx, totals: s.totals, written: &written})
	})
	for _, t := range written {
		s.totals.forget(t)
	}
	return err
}

func (s forgetting) With(tx *gorm.DB) Store {
	return forgetting{Store: s.Store.With(tx), totals: s.totals}
}

func (s forgetting) Create(ctx context.Context, p Patient) error {
	s.wrote(p.TenantID)
	return s.Store.Create(ctx, p)
}

func (s forgetting) CreateMany(ctx context.Context, ps []Patient, size int) error {
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.TenantID] {
			seen[p.TenantID] = true
			s.wrote(p.TenantID)
		}
	}
	return s.Store.CreateMany(ctx, ps, size)
}

func (s forgetting) Update(ctx context.Context, p Patient, expectVersion int) error {
	s.wrote(p.TenantID)
	return s.Store.Update(ctx, p, expectVersion)
}

func (s forgetting) SoftDelete(ctx context.Context, tenantID, id string, expectVersion int, now time.Time) error {
	s.wrote(tenantID)
	return s.Store.SoftDelete(ctx, tenantID, id, expectVersion, now)
}
