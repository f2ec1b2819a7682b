// Package content keeps a tenant's articles and videos (SPEC §11): markdown
// rendered to sanitised HTML, a public page per published article (so a
// reminder can link to it), YouTube and Vimeo links, image uploads, and the
// published articles that ground AI answers.
//
// Content belongs to the whole tenant: admins write it; volunteers and
// developers read it. Volunteers may also upload images.
package content

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// Service manages articles and videos.
type Service struct {
	store   Store
	clock   clock.Clock
	baseURL string
}

// NewService builds the content service; baseURL (PRIMA_BASE_URL) makes the
// public URLs of articles.
func NewService(store Store, clk clock.Clock, baseURL string) *Service {
	if clk == nil {
		clk = clock.System{}
	}
	return &Service{store: store, clock: clk, baseURL: strings.TrimRight(baseURL, "/")}
}

// Paging defaults.
const (
	DefaultPerPage = 50
	MaxPerPage     = 100
)

func forbidden(what string) error { return fmt.Errorf("%s: %w", what, errs.ErrForbidden) }

func requireRead(a identity.Actor) error {
	if !identity.ValidRole(a.Role) {
		return forbidden("unknown role")
	}
	return nil
}

// requireWrite lets only admins change content: it is shared by the whole tenant.
func requireWrite(a identity.Actor) error {
	if !a.IsAdmin() {
		return forbidden("only admins change content")
	}
	return nil
}

// now is the clock's time at the precision both databases keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// PublicURL is the public page of an article with this slug.
func (s *Service) PublicURL(slug string) string { return PublicArticleURL(s.baseURL, slug) }

// ArticleFilter narrows a listing of articles.
type ArticleFilter struct {
	Search, Language, Category, Sort string
	Published                        *bool
	Page, PerPage                    int
}

// listQuery validates what article and video lists share.
func listQuery(search, language, sort string, sorts []string, page, perPage int) (string, string, string, int, int, errs.Fields) {
	var fe errs.Fields
	search, language, sort = strings.TrimSpace(search), strings.TrimSpace(language), strings.TrimSpace(sort)
	if len([]rune(search)) > 200 {
		fe.Add("search", "must be at most 200 characters")
	}
	if language != "" && !slices.Contains(Languages, language) {
		fe.Add("language", "must be one of "+strings.Join(Languages, ", "))
	}
	if sort == "" {
		sort = "-created_at"
	}
	if !slices.Contains(sorts, sort) {
		fe.Add("sort", "must be one of "+strings.Join(sorts, ", "))
	}
	if page < 1 {
		page = 1
	}
	switch {
	case perPage <= 0:
		perPage = DefaultPerPage
	case perPage > MaxPerPage:
		perPage = MaxPerPage
	}
	return search, language, sort, page, perPage, fe
}

// ArticleSorts are the orders of the article list.
var ArticleSorts = []string{"-created_at", "created_at", "-updated_at", "updated_at", "title", "-title", "-published_at", "published_at"}

// VideoSorts are the orders of the video list.
var VideoSorts = []string{"-created_at", "created_at", "-updated_at", "updated_at", "title", "-title"}

// ListArticles returns one page of the tenant's articles and the number of matches.
func (s *Service) ListArticles(ctx context.Context, a identity.Actor, f ArticleFilter) ([]Article, int64, error) {
	if err := requireRead(a); err != nil {
		return nil, 0, err
	}
	search, lang, sort, pg, per, fe := listQuery(f.Search, f.Language, f.Sort, ArticleSorts, f.Page, f.PerPage)
	category := strings.TrimSpace(f.Category)
	if len([]rune(category)) > MaxCategoryLen {
		fe.Add("category", fmt.Sprintf("must be at most %d characters", MaxCategoryLen))
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	return s.store.ListArticles(ctx, a.TenantID, ArticleQuery{Search: search, Language: lang, Category: category, Sort: sort,
		Published: f.Published, Page: pg, PerPage: per})
}

// GetArticle returns one article of the actor's tenant.
func (s *Service) GetArticle(ctx context.Context, a identity.Actor, id string) (Article, error) {
	if err := requireRead(a); err != nil {
		return Article{}, err
	}
	return s.LookupArticle(ctx, a.TenantID, id)
}

// LookupArticle reads one article of a tenant with no role check (templates
// check the article their {{link}} names). A malformed id or another tenant's
// article is errs.ErrNotFound.
func (s *Service) LookupArticle(ctx context.Context, tenantID, id string) (Article, error) {
	if !ids.Valid(id) {
		return Article{}, errs.ErrNotFound
	}
	return s.store.GetArticle(ctx, tenantID, id)
}

// ArticleURL is the public URL of an article of the tenant, published or not
// (template.Articles).
func (s *Service) ArticleURL(ctx context.Context, tenantID, id string) (string, error) {
	art, err := s.LookupArticle(ctx, tenantID, id)
	if err != nil {
		return "", err
	}
	return s.PublicURL(art.Slug), nil
}

// PublishedArticle is the published article with this slug, of any tenant;
// an unpublished or unknown slug is errs.ErrNotFound.
func (s *Service) PublishedArticle(ctx context.Context, slug string) (Article, error) {
	if !ValidSlug(slug) {
		return Article{}, errs.ErrNotFound
	}
	art, err := s.store.ArticleBySlug(ctx, slug)
	if err != nil {
		return Article{}, err
	}
	if !art.Published {
		return Article{}, errs.ErrNotFound
	}
	return art, nil
}

// prepare renders the body, keeps published_at in step and gives a new
// article without a slug one made from its title.
func (s *Service) prepare(ctx context.Context, art *Article, was Article, now time.Time, changed []string) error {
	if was.ID == "" || slices.Contains(changed, "body_markdown") {
		html, err := RenderMarkdown(art.BodyMarkdown)
		if err != nil {
			return fmt.Errorf("render markdown: %w", err)
		}
		art.BodyHTML = html
	}
	switch {
	case art.Published && !was.Published:
		art.PublishedAt = &now
	case !art.Published:
		art.PublishedAt = nil
	}
	if art.Slug != "" {
		if art.Slug == was.Slug {
			return nil
		}
		taken, err := s.store.SlugInUse(ctx, art.Slug, art.ID)
		if err != nil {
			return err
		}
		if taken {
			return errSlugTaken
		}
		return nil
	}
	slug := SlugFromTitle(art.Title)
	for range 5 {
		taken, err := s.store.SlugInUse(ctx, slug, art.ID)
		if err != nil {
			return err
		}
		if !taken {
			art.Slug = slug
			return nil
		}
		slug = withSuffix(slug)
	}
	return errSlugTaken
}

// CreateArticle saves a new article (admins only).
func (s *Service) CreateArticle(ctx context.Context, a identity.Actor, in ArticleInput) (Article, error) {
	if err := requireWrite(a); err != nil {
		return Article{}, err
	}
	now := s.now()
	art := Article{ID: ids.New(), TenantID: a.TenantID, CreatedAt: now, UpdatedAt: now, Version: 1}
	c := &checker{}
	c.applyArticle(&art, ArticlePatch{Title: &in.Title, Slug: &in.Slug, BodyMarkdown: &in.BodyMarkdown, Category: &in.Category,
		CoverImageURL: in.CoverImageURL, Language: &in.Language, Published: &in.Published})
	if err := c.fe.Err(); err != nil {
		return Article{}, err
	}
	if err := s.prepare(ctx, &art, Article{}, now, c.changed); err != nil {
		return Article{}, err
	}
	err := s.store.InTx(ctx, func(tx Store) error {
		if err := tx.CreateArticle(ctx, art); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionArticleCreate,
			ResourceType: ResourceArticle, ResourceID: art.ID, Changes: c.changed})
	})
	if err != nil {
		return Article{}, err
	}
	return art, nil
}

// UpdateArticle applies a patch with optimistic concurrency (admins only).
func (s *Service) UpdateArticle(ctx context.Context, a identity.Actor, id string, p ArticlePatch) (Article, error) {
	if err := requireWrite(a); err != nil {
		return Article{}, err
	}
	cur, err := s.GetArticle(ctx, a, id)
	if err != nil {
		return Article{}, err
	}
	if err := errs.CheckVersion("article", p.Version, cur.Version); err != nil {
		return Article{}, err
	}
	art := cur
	c := &checker{}
	c.applyArticle(&art, p)
	if err := c.fe.Err(); err != nil {
		return Article{}, err
	}
	if len(c.changed) == 0 {
		return cur, nil
	}
	now := s.now()
	if err := s.prepare(ctx, &art, cur, now, c.changed); err != nil {
		return Article{}, err
	}
	art.Version, art.UpdatedAt = cur.Version+1, now
	err = s.store.InTx(ctx, func(tx Store) error {
		if err := tx.UpdateArticle(ctx, art, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionArticleUpdate,
			ResourceType: ResourceArticle, ResourceID: art.ID, Changes: c.changed})
	})
	if err != nil {
		return Article{}, err
	}
	return art, nil
}

// DeleteArticle removes an article for good (admins only); its slug is free
// again. An article a template's {{link}} names cannot be deleted until the
// template links elsewhere (a conflict), so no reminder loses its link.
func (s *Service) DeleteArticle(ctx context.Context, a identity.Actor, id string, version *int) error {
	if err := requireWrite(a); err != nil {
		return err
	}
	cur, err := s.GetArticle(ctx, a, id)
	if err != nil {
		return err
	}
	if err := errs.CheckVersion("article", version, cur.Version); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Store) error {
		n, err := tx.LinkingTemplates(ctx, a.TenantID, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return errs.Conflict(fmt.Sprintf("%d template(s) link to this article with {{link}}; link them elsewhere first", n))
		}
		if err := tx.DeleteArticle(ctx, a.TenantID, id, cur.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionArticleDelete,
			ResourceType: ResourceArticle, ResourceID: id})
	})
}
