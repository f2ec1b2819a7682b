package patient

import (
	"slices"
	"strconv"
	"sync"
	"time"
)

// PageTTL is how long a list page read in this process is served again to
// the same tenant, scope, filter, sort and page. Writes through this
// process's patient service (and erasures) drop the tenant's pages at once,
// so staff see their own changes on the next read; changes made elsewhere
// (another replica, a patient's reply changing consent, a confirmed dose
// changing adherence) show within PageTTL. A busy clinic with many staff on
// the same first page then costs the database one read a second instead of
// one per request.
const PageTTL = time.Second

// maxPages bounds the cached pages (each at most one page of patients).
const maxPages = 256

// pageLinger is how long after it was read a page's rows (their opened
// health fields included) stay in memory at most, served or not.
var pageLinger = 10 * time.Second

type pageEntry struct {
	page ListedPage
	at   time.Time
	gen  uint64
}

// ListedPage is one page of a patient list. Its rows are the caller's own
// copy; their tags and attributes are shared with other readers of the same
// cached page and must not be changed.
type ListedPage struct {
	Rows  []Patient
	Total int64
	// Memo keeps one value derived from the page (the API's encoded answer)
	// for every request the same cached page serves.
	Memo *Memo
}

// Memo computes a value derived from a page once for all its readers.
type Memo struct {
	mu  sync.Mutex
	val []byte
}

// Bytes returns the page's derived bytes, building them on the first call.
// A build that fails is not kept.
func (m *Memo) Bytes(build func() ([]byte, error)) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.val != nil {
		return m.val, nil
	}
	b, err := build()
	if err != nil {
		return nil, err
	}
	m.val = b
	return b, nil
}

// pages is the page cache beside the totals; it shares their per-tenant
// write generation, so one forget drops both.
type pages struct {
	mu      sync.Mutex
	entries map[string]pageEntry
}

// pageKey is the total's key plus what picks the page.
func pageKey(totalKey string, q Query) string {
	return totalKey + "\x00" + q.Sort + "\x00" + strconv.Itoa(q.Page) + "\x00" + strconv.Itoa(q.PerPage)
}

// page returns a page read less than PageTTL before now at the tenant's
// current write generation gen, with its own copy of the rows.
func (p *pages) page(key string, now time.Time, gen uint64) (ListedPage, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.entries[key]
	if !ok || e.gen != gen || now.Before(e.at) || now.Sub(e.at) >= PageTTL {
		return ListedPage{}, false
	}
	pg := e.page
	pg.Rows = slices.Clone(pg.Rows)
	return pg, true
}

// putPage keeps a page read at now, unless the tenant was written since gen
// (the generation read before the page was), and returns it with its memo.
func (t *totals) putPage(tenantID, key string, rows []Patient, total int64, now time.Time, gen uint64) ListedPage {
	pg := ListedPage{Rows: rows, Total: total, Memo: &Memo{}}
	t.mu.Lock()
	current := t.gen[tenantID] == gen
	t.mu.Unlock()
	if !current {
		return pg
	}
	p := &t.pages
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.entries == nil {
		p.entries = map[string]pageEntry{}
	}
	if len(p.entries) >= maxPages {
		for k, e := range p.entries {
			if now.Sub(e.at) >= PageTTL || now.Before(e.at) {
				delete(p.entries, k)
			}
		}
		if len(p.entries) >= maxPages {
			clear(p.entries)
		}
	}
	p.entries[key] = pageEntry{page: pg, at: now, gen: gen}
	time.AfterFunc(pageLinger, func() { p.drop(key, now) })
	return pg
}

// drop forgets the page kept under key at at, unless a newer one replaced it.
func (p *pages) drop(key string, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.entries[key]; ok && e.at.Equal(at) {
		delete(p.entries, key)
	}
}
