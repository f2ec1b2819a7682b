// Package patient keeps a tenant's patients: validation and normalisation
// (phone numbers to E.164), role rules (admins see everyone, volunteers only the
// patients assigned to them, developers only read), encryption of the sensitive
// fields at rest, the audit trail, and CSV import and export.
package patient

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"golang.org/x/sync/singleflight"
)

// Directory answers what the patient service needs to know about tenants and users.
type Directory interface {
	// TenantDefaults returns the tenant's default phone region and time zone.
	TenantDefaults(ctx context.Context, tenantID string) (region, tz string, err error)
	// IsAssignable reports whether a patient of the tenant may be assigned to userID.
	IsAssignable(ctx context.Context, tenantID, userID string) (bool, error)
}

// Service manages patients.
type Service struct {
	store  Store
	keys   *crypto.Keyring
	dir    Directory
	clock  clock.Clock
	totals *totals
	reads  singleflight.Group // page reads in flight, by page key and generation
	events Events             // nil: no outbound events
}

// NewService builds the patient service.
func NewService(store Store, keyring *crypto.Keyring, dir Directory, clk clock.Clock) *Service {
	if clk == nil {
		clk = clock.System{}
	}
	t := newTotals()
	return &Service{store: forgetting{Store: store, totals: t}, keys: keyring, dir: dir, clock: clk, totals: t}
}

// Consent sources recorded when consent changes and the client named none.
const (
	SourceStaff  = "staff"
	SourceImport = "import"
)

// Filter narrows a listing or an export.
type Filter struct {
	Search              string // name contains (case-insensitive), phone digits contain, or external_id equals
	Tag                 string
	Consent             string
	AssignedVolunteerID string
	IsActive            *bool
	Sort                string // name, -name, created_at, -created_at (default), updated_at, -updated_at
	Page, PerPage       int    // from 1; 1…100, default 50
	// ExactTotal counts the matches now instead of reusing a total counted
	// in the last TotalTTL (List).
	ExactTotal bool
}

// Paging defaults.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

func forbidden(what string) error { return fmt.Errorf("%s: %w", what, errs.ErrForbidden) }

// visibleTo is the scope of the actor: "" for every patient of the tenant, or the
// user id a volunteer's patients are assigned to.
func visibleTo(a identity.Actor) (string, error) {
	switch a.Role {
	case identity.RoleAdmin, identity.RoleDeveloper:
		return "", nil
	case identity.RoleVolunteer:
		return a.UserID, nil
	}
	return "", forbidden("unknown role")
}

func requireWrite(a identity.Actor) error {
	if !a.CanWrite() {
		return forbidden("this role only reads patients")
	}
	return nil
}

// load reads one patient the actor may see; everything else is not found.
func (s *Service) load(ctx context.Context, a identity.Actor, id string) (Patient, error) {
	scope, err := visibleTo(a)
	if err != nil {
		return Patient{}, err
	}
	if !ids.Valid(id) {
		return Patient{}, errs.ErrNotFound
	}
	p, err := s.store.Get(ctx, a.TenantID, id)
	if err != nil {
		return Patient{}, err
	}
	if scope != "" && (p.AssignedVolunteerID == nil || *p.AssignedVolunteerID != scope) {
		return Patient{}, errs.ErrNotFound
	}
	return p, nil
}

// newPatient is an empty patient of the actor's tenant with the column defaults.
func newPatient(a identity.Actor, now time.Time) Patient {
	return Patient{ID: ids.New(), TenantID: a.TenantID, Consent: ConsentPending, IsActive: true, Tags: Tags{},
		Attributes: Attributes("{}"), CreatedAt: now, UpdatedAt: now, Version: 1}
}

// fillDefaults sets language and time zone when the client gave none.
func fillDefaults(p *Patient, region, tz string) {
	if p.Language == "" {
		r := PhoneRegion(p.Phone)
		if r == "" {
			r = region
		}
		p.Language = DefaultLanguage(r)
	}
	if p.Timezone == "" {
		p.Timezone = tz
		if !ValidTimezone(tz) {
			p.Timezone = "UTC"
		}
	}
}

// Create registers a patient. Volunteers' patients are assigned to themselves.
// The patient comes back with a duplicate_phone warning when other active
// patients of the tenant have its phone (allowed: families share phones).
func (s *Service) Create(ctx context.Context, a identity.Actor, in Input) (Patient, error) {
	if err := requireWrite(a); err != nil {
		return Patient{}, err
	}
	if a.Role == identity.RoleVolunteer {
		if in.AssignedVolunteerID != nil && strings.TrimSpace(*in.AssignedVolunteerID) != "" &&
			strings.TrimSpace(*in.AssignedVolunteerID) != a.UserID {
			return Patient{}, forbidden("volunteers assign patients only to themselves")
		}
		self := a.UserID
		in.AssignedVolunteerID = &self
	}
	region, tz, err := s.dir.TenantDefaults(ctx, a.TenantID)
	if err != nil {
		return Patient{}, err
	}
	now := s.now()
	p := newPatient(a, now)
	ap := &applier{region: region, now: now, consentSource: SourceStaff}
	ap.apply(&p, patchOf(in))
	fillDefaults(&p, region, tz)
	if a.Role != identity.RoleVolunteer {
		if err := s.checkAssignable(ctx, a, ap, p); err != nil {
			return Patient{}, err
		}
	}
	if err := ap.fe.Err(); err != nil {
		return Patient{}, err
	}
	if err := s.checkExternalID(ctx, a, p, ""); err != nil {
		return Patient{}, err
	}
	sealed, err := s.seal(p)
	if err != nil {
		return Patient{}, err
	}
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Create(ctx, sealed); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientCreate,
			ResourceType: ResourceType, ResourceID: p.ID, Changes: ap.changed})
	})
	if err != nil {
		return Patient{}, err
	}
	if err := s.withPhoneWarning(ctx, a, &p); err != nil {
		return Patient{}, err
	}
	return p, nil
}

// checkAssignable adds a field error when the patient's volunteer may not hold patients.
func (s *Service) checkAssignable(ctx context.Context, a identity.Actor, ap *applier, p Patient) error {
	if p.AssignedVolunteerID == nil || !slices.Contains(ap.changed, "assigned_volunteer_id") {
		return nil
	}
	ok, err := s.dir.IsAssignable(ctx, a.TenantID, *p.AssignedVolunteerID)
	if err != nil {
		return err
	}
	if !ok {
		ap.fail("assigned_volunteer_id", "must be an approved, active volunteer or admin of your organization")
	}
	return nil
}

func (s *Service) checkExternalID(ctx context.Context, a identity.Actor, p Patient, exceptID string) error {
	if p.ExternalID == nil {
		return nil
	}
	inUse, err := s.store.ExternalIDsInUse(ctx, a.TenantID, []string{*p.ExternalID}, exceptID)
	if err != nil {
		return err
	}
	if len(inUse) > 0 {
		return errs.Conflict("a patient with this external_id already exists")
	}
	return nil
}

// Get returns one patient and records the read in the audit log.
func (s *Service) Get(ctx context.Context, a identity.Actor, id string) (Patient, error) {
	p, err := s.load(ctx, a, id)
	if err != nil {
		return Patient{}, err
	}
	p, err = s.open(p)
	if err != nil {
		return Patient{}, err
	}
	one := []Patient{p}
	if err := s.withAdherence(ctx, a.TenantID, one); err != nil {
		return Patient{}, err
	}
	p = one[0]
	err = s.store.Audit(ctx, s.now(), audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID,
		Action: audit.ActionPatientRead, ResourceType: ResourceType, ResourceID: p.ID})
	if err != nil {
		return Patient{}, err
	}
	return p, nil
}

// withAdherence fills in the adherence of rows with one statement.
func (s *Service) withAdherence(ctx context.Context, tenantID string, rows []Patient) error {
	if len(rows) == 0 {
		return nil
	}
	idList := make([]string, len(rows))
	for i, p := range rows {
		idList[i] = p.ID
	}
	adh, err := s.store.Adherence(ctx, tenantID, idList, s.now())
	if err != nil {
		return err
	}
	for i := range rows {
		a := adh[rows[i].ID]
		rows[i].Adherence7d, rows[i].Adherence30d = a.Days7, a.Days30
	}
	return nil
}

// query validates a filter and scopes it to what the actor may see.
func (s *Service) query(a identity.Actor, f Filter) (Query, error) {
	scope, err := visibleTo(a)
	if err != nil {
		return Query{}, err
	}
	var fe errs.Fields
	q := Query{Search: strings.TrimSpace(f.Search), Tag: strings.TrimSpace(f.Tag), Consent: strings.TrimSpace(f.Consent),
		AssignedVolunteerID: strings.TrimSpace(f.AssignedVolunteerID), VisibleTo: scope, IsActive: f.IsActive,
		Sort: strings.TrimSpace(f.Sort), Page: f.Page, PerPage: f.PerPage}
	if len(q.Search) > 200 {
		fe.Add("search", "must be at most 200 characters")
	}
	if q.Consent != "" && !slices.Contains([]string{ConsentPending, ConsentGranted, ConsentDeclined, ConsentRevoked}, q.Consent) {
		fe.Add("consent", "must be one of pending, granted, declined, revoked")
	}
	if q.AssignedVolunteerID != "" && !ids.Valid(q.AssignedVolunteerID) {
		fe.Add("assigned_volunteer_id", "must be a user id")
	}
	if q.Sort == "" {
		q.Sort = "-created_at"
	}
	if _, ok := sortOrders[q.Sort]; !ok {
		fe.Add("sort", "must be one of name, -name, created_at, -created_at, updated_at, -updated_at")
	}
	if q.Page < 1 {
		q.Page = 1
	}
	switch {
	case q.PerPage <= 0:
		q.PerPage = DefaultPerPage
	case q.PerPage > MaxPerPage:
		q.PerPage = MaxPerPage
	}
	return q, fe.Err()
}

// List returns one page of the patients the actor may see, with their
// adherence, and the number of matches. The number is counted at most once
// per TotalTTL for the same tenant, scope and filter (writes through this
// service count afresh; f.ExactTotal always counts); a page that ends the
// list gives it exactly. Two SQL statements when it counts, one when not,
// whatever the page size (count, then the page with its adherence); none
// when the same page was read less than PageTTL ago (see ListPage).
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]Patient, int64, error) {
	pg, err := s.ListPage(ctx, a, f)
	return pg.Rows, pg.Total, err
}

// ListPage is List with the page's Memo. A page read less than PageTTL ago
// for the same tenant, scope, filter, sort and page, with no write through
// this service since, is served again without a statement; concurrent
// requests for a page that is not cached wait for one read of it.
// f.ExactTotal always reads afresh.
func (s *Service) ListPage(ctx context.Context, a identity.Actor, f Filter) (ListedPage, error) {
	q, err := s.query(a, f)
	if err != nil {
		return ListedPage{}, err
	}
	now := s.clock.Now()
	key := totalKey(a.TenantID, q)
	total, cached, gen := s.totals.get(a.TenantID, key, now)
	if f.ExactTotal {
		rows, total, err := s.readPage(ctx, a.TenantID, q, key, total, cached, true, now, gen)
		return ListedPage{Rows: rows, Total: total, Memo: &Memo{}}, err
	}
	pkey := pageKey(key, q)
	if pg, ok := s.totals.pages.page(pkey, now, gen); ok {
		return pg, nil
	}
	v, err, _ := s.reads.Do(pkey+"\x00"+strconv.FormatUint(gen, 10), func() (any, error) {
		// The read outlives a caller that hangs up: others may be waiting for it.
		rows, total, err := s.readPage(context.WithoutCancel(ctx), a.TenantID, q, key, total, cached, false, now, gen)
		if err != nil {
			return nil, err
		}
		return s.totals.putPage(a.TenantID, pkey, rows, total, now, gen), nil
	})
	if err != nil {
		return ListedPage{}, err
	}
	pg := v.(ListedPage)
	pg.Rows = slices.Clone(pg.Rows)
	return pg, nil
}

// readPage counts (unless a total is cached and exact is false) and reads one
// page with its adherence, its protected fields opened.
func (s *Service) readPage(ctx context.Context, tenantID string, q Query, key string, total int64, cached, exact bool, now time.Time, gen uint64) ([]Patient, int64, error) {
	if !cached || exact {
		var err error
		if total, err = s.store.Count(ctx, tenantID, q); err != nil {
			return nil, 0, err
		}
		s.totals.put(tenantID, key, total, now, gen)
		cached = false
	}
	offset := int64(q.Page-1) * int64(q.PerPage)
	if !cached && offset >= total {
		return []Patient{}, total, nil
	}
	rows, err := s.store.Page(ctx, tenantID, q, s.now())
	if err != nil {
		return nil, 0, err
	}
	if n := offset + int64(len(rows)); (len(rows) > 0 || offset == 0) && (n > total || len(rows) < q.PerPage) {
		total = n // the page ends the list (or outgrew a reused total): the number is known
	}
	for i := range rows {
		if rows[i], err = s.open(rows[i]); err != nil {
			return nil, 0, err
		}
	}
	return rows, total, nil
}

// Update applies a patch with optimistic concurrency: a stale Version is a
// conflict. A new phone that other active patients have comes back with a
// duplicate_phone warning.
func (s *Service) Update(ctx context.Context, a identity.Actor, id string, pt Patch) (Patient, error) {
	if err := requireWrite(a); err != nil {
		return Patient{}, err
	}
	cur, err := s.load(ctx, a, id)
	if err != nil {
		return Patient{}, err
	}
	if pt.Version != nil && *pt.Version != cur.Version {
		return Patient{}, fmt.Errorf("patient changed since version %d: %w", *pt.Version, errs.ErrConflict)
	}
	p, err := s.open(cur)
	if err != nil {
		return Patient{}, err
	}
	region, _, err := s.dir.TenantDefaults(ctx, a.TenantID)
	if err != nil {
		return Patient{}, err
	}
	now := s.now()
	ap := &applier{region: region, now: now, consentSource: SourceStaff}
	ap.apply(&p, pt)
	if slices.Contains(ap.changed, "assigned_volunteer_id") {
		if a.Role == identity.RoleVolunteer {
			return Patient{}, forbidden("volunteers cannot reassign patients")
		}
		if err := s.checkAssignable(ctx, a, ap, p); err != nil {
			return Patient{}, err
		}
	}
	if err := ap.fe.Err(); err != nil {
		return Patient{}, err
	}
	if len(ap.changed) == 0 {
		return p, nil
	}
	if slices.Contains(ap.changed, "external_id") {
		if err := s.checkExternalID(ctx, a, p, p.ID); err != nil {
			return Patient{}, err
		}
	}
	p.Version = cur.Version + 1
	p.UpdatedAt = now
	sealed, err := s.seal(p)
	if err != nil {
		return Patient{}, err
	}
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.Update(ctx, sealed, cur.Version); err != nil {
			return err
		}
		if err := s.recordOptOut(tx, p, cur.Consent); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientUpdate,
			ResourceType: ResourceType, ResourceID: p.ID, Changes: ap.changed})
	})
	if err != nil {
		return Patient{}, err
	}
	if slices.Contains(ap.changed, "phone") {
		if err := s.withPhoneWarning(ctx, a, &p); err != nil {
			return Patient{}, err
		}
	}
	return p, nil
}

// Delete soft-deletes a patient (admins only). A non-nil version that is not
// the stored one is a conflict.
func (s *Service) Delete(ctx context.Context, a identity.Actor, id string, version *int) error {
	if err := requireWrite(a); err != nil {
		return err
	}
	cur, err := s.load(ctx, a, id) // a volunteer learns nothing about patients not theirs
	if err != nil {
		return err
	}
	if !a.IsAdmin() {
		return forbidden("only admins delete patients")
	}
	if err := errs.CheckVersion("patient", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Store) error {
		if err := tx.SoftDelete(ctx, a.TenantID, id, cur.Version, now); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientDelete,
			ResourceType: ResourceType, ResourceID: id})
	})
}

// seal encrypts the sensitive fields of a copy of p.
func (s *Service) seal(p Patient) (Patient, error) {
	for _, f := range []*string{&p.Diagnosis, &p.CancerStage, &p.Notes} {
		v, err := s.keys.Seal(*f)
		if err != nil {
			return Patient{}, fmt.Errorf("seal patient field: %w", err)
		}
		*f = v
	}
	return p, nil
}

// open decrypts the sensitive fields of a copy of p.
func (s *Service) open(p Patient) (Patient, error) {
	for _, f := range []*string{&p.Diagnosis, &p.CancerStage, &p.Notes} {
		v, err := s.keys.Open(*f)
		if err != nil {
			return Patient{}, fmt.Errorf("open patient %s: %w", p.ID, err)
		}
		*f = v
	}
	if p.Tags == nil {
		p.Tags = Tags{}
	}
	return p, nil
}

// now is the clock's time at the precision both databases keep (microseconds),
// so what Create returns equals what a later Get reads.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
