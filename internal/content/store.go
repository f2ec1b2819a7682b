package content

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Store persists articles and videos. Every method but ArticleBySlug and
// SlugInUse (slugs are global) is scoped by tenant.
type Store interface {
	InTx(ctx context.Context, fn func(tx Store) error) error

	GetArticle(ctx context.Context, tenantID, id string) (Article, error)
	// ArticleBySlug reads an article of any tenant by its slug.
	ArticleBySlug(ctx context.Context, slug string) (Article, error)
	ListArticles(ctx context.Context, tenantID string, q ArticleQuery) ([]Article, int64, error)
	CreateArticle(ctx context.Context, a Article) error
	// UpdateArticle writes every mutable column if the stored version is expectVersion.
	UpdateArticle(ctx context.Context, a Article, expectVersion int) error
	DeleteArticle(ctx context.Context, tenantID, id string, expectVersion int) error
	// SlugInUse reports whether an article other than exceptID has this slug.
	SlugInUse(ctx context.Context, slug, exceptID string) (bool, error)
	// LinkingTemplates counts the live templates whose {{link}} is the article.
	LinkingTemplates(ctx context.Context, tenantID, articleID string) (int64, error)
	// Published lists at most limit published articles of the tenant whose
	// title or body contains any of words (all when words is empty), those in
	// language first, then the most recently updated.
	Published(ctx context.Context, tenantID, language string, words []string, limit int) ([]Article, error)

	GetVideo(ctx context.Context, tenantID, id string) (Video, error)
	ListVideos(ctx context.Context, tenantID string, q VideoQuery) ([]Video, int64, error)
	CreateVideo(ctx context.Context, v Video) error
	UpdateVideo(ctx context.Context, v Video, expectVersion int) error
	DeleteVideo(ctx context.Context, tenantID, id string, expectVersion int) error

	// Audit appends an audit event (inside the transaction when the store is one).
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
}

// ArticleQuery narrows a listing of articles; values are validated by the service.
type ArticleQuery struct {
	Search, Language, Category, Sort string
	Published                        *bool
	Page, PerPage                    int
}

// VideoQuery narrows a listing of videos.
type VideoQuery struct {
	Search, Language, Sort string
	Published              *bool
	Page, PerPage          int
}

type gormStore struct{ db *gorm.DB }

var _ Store = (*gormStore)(nil)

// NewStore returns the GORM store.
func NewStore(d *db.DB) Store { return &gormStore{db: d.Gorm} }

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (s *gormStore) InTx(ctx context.Context, fn func(tx Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(&gormStore{db: tx}) })
}

func (s *gormStore) Audit(ctx context.Context, now time.Time, e audit.Entry) error {
	return audit.Write(ctx, s.db, now, e)
}

// sortOrders map sort keys to ORDER BY clauses, each ending in a unique tie-breaker.
var sortOrders = map[string]string{
	"title":         "lower(title) ASC, id ASC",
	"-title":        "lower(title) DESC, id DESC",
	"created_at":    "created_at ASC, id ASC",
	"-created_at":   "created_at DESC, id DESC",
	"updated_at":    "updated_at ASC, id ASC",
	"-updated_at":   "updated_at DESC, id DESC",
	"published_at":  "published_at ASC, id ASC",
	"-published_at": "published_at DESC, id DESC",
}

func contains(s string) string { return "%" + db.EscapeLike(strings.ToLower(s)) + "%" }

// page runs a counted, ordered page of a filtered query: two statements.
func page[T any](base func() *gorm.DB, sort string, pg, per int) ([]T, int64, error) {
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []T{}
	if total == 0 || (pg-1)*per >= int(total) {
		return out, total, nil
	}
	order, ok := sortOrders[sort]
	if !ok {
		order = sortOrders["-created_at"]
	}
	err := base().Order(order).Limit(per).Offset((pg - 1) * per).Find(&out).Error
	return out, total, err
}

// whyNotChanged tells a vanished row (not found) from a stale version (conflict).
func whyNotChanged(ctx context.Context, tx *gorm.DB, model any, what, tenantID, id string, expectVersion int) error {
	var n int64
	if err := tx.WithContext(ctx).Model(model).Where("tenant_id = ? AND id = ?", tenantID, id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return errs.ErrNotFound
	}
	return fmt.Errorf("%s changed since version %d: %w", what, expectVersion, errs.ErrConflict)
}

// Articles.

func (s *gormStore) GetArticle(ctx context.Context, tenantID, id string) (Article, error) {
	var a Article
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&a).Error
	return a, notFound(err)
}

func (s *gormStore) ArticleBySlug(ctx context.Context, slug string) (Article, error) {
	var a Article
	err := s.db.WithContext(ctx).Where("slug = ?", slug).Take(&a).Error
	return a, notFound(err)
}

func (s *gormStore) ListArticles(ctx context.Context, tenantID string, q ArticleQuery) ([]Article, int64, error) {
	base := func() *gorm.DB {
		tx := s.db.WithContext(ctx).Model(&Article{}).Where("tenant_id = ?", tenantID)
		if q.Language != "" {
			tx = tx.Where("language = ?", q.Language)
		}
		if q.Category != "" {
			tx = tx.Where("lower(category) = ?", strings.ToLower(q.Category))
		}
		if q.Published != nil {
			tx = tx.Where("published = ?", *q.Published)
		}
		if q.Search != "" {
			tx = tx.Where(`lower(title) LIKE ? ESCAPE '\'`, contains(q.Search))
		}
		return tx
	}
	return page[Article](base, q.Sort, q.Page, q.PerPage)
}

func (s *gormStore) CreateArticle(ctx context.Context, a Article) error {
	return slugConflict(s.db.WithContext(ctx).Create(&a).Error)
}

func (s *gormStore) UpdateArticle(ctx context.Context, a Article, expectVersion int) error {
	res := s.db.WithContext(ctx).Model(&Article{}).
		Where("tenant_id = ? AND id = ? AND version = ?", a.TenantID, a.ID, expectVersion).
		Updates(map[string]any{
			"title": a.Title, "slug": a.Slug, "body_markdown": a.BodyMarkdown, "body_html": a.BodyHTML,
			"category": a.Category, "cover_image_url": a.CoverImageURL, "language": a.Language,
			"published": a.Published, "published_at": a.PublishedAt, "updated_at": a.UpdatedAt, "version": a.Version,
		})
	if err := slugConflict(res.Error); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return whyNotChanged(ctx, s.db, &Article{}, "article", a.TenantID, a.ID, expectVersion)
	}
	return nil
}

func (s *gormStore) DeleteArticle(ctx context.Context, tenantID, id string, expectVersion int) error {
	res := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ? AND version = ?", tenantID, id, expectVersion).Delete(&Article{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return whyNotChanged(ctx, s.db, &Article{}, "article", tenantID, id, expectVersion)
	}
	return nil
}

func (s *gormStore) SlugInUse(ctx context.Context, slug, exceptID string) (bool, error) {
	tx := s.db.WithContext(ctx).Model(&Article{}).Where("slug = ?", slug)
	if exceptID != "" {
		tx = tx.Where("id <> ?", exceptID)
	}
	var n int64
	err := tx.Count(&n).Error
	return n > 0, err
}

func (s *gormStore) LinkingTemplates(ctx context.Context, tenantID, articleID string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("templates").
		Where("tenant_id = ? AND link_article_id = ? AND deleted_at IS NULL", tenantID, articleID).Count(&n).Error
	return n, err
}

func (s *gormStore) Published(ctx context.Context, tenantID, language string, words []string, limit int) ([]Article, error) {
	tx := s.db.WithContext(ctx).Model(&Article{}).Where("tenant_id = ? AND published = ?", tenantID, true)
	if len(words) > 0 {
		var conds []string
		var args []any
		for _, w := range words {
			conds = append(conds, `lower(title) LIKE ? ESCAPE '\'`, `lower(body_markdown) LIKE ? ESCAPE '\'`)
			args = append(args, contains(w), contains(w))
		}
		tx = tx.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	var out []Article
	err := tx.Order(clause.OrderBy{Expression: clause.Expr{SQL: "CASE WHEN language = ? THEN 0 ELSE 1 END, updated_at DESC, id DESC",
		Vars: []any{language}, WithoutParentheses: true}}).Limit(limit).Find(&out).Error
	return out, err
}

// errSlugTaken is the conflict of a slug another article has.
var errSlugTaken = &errs.ConflictError{Message: "an article with this slug already exists",
	Fields: []errs.FieldError{{Field: "slug", Code: errs.CodeDuplicate, Message: "an article with this slug already exists"}}}

// slugConflict turns the unique violation of articles.slug into a client-safe conflict.
func slugConflict(err error) error {
	if db.IsUniqueViolation(err) {
		return errSlugTaken
	}
	return err
}

// Videos.

func (s *gormStore) GetVideo(ctx context.Context, tenantID, id string) (Video, error) {
	var v Video
	err := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Take(&v).Error
	return v, notFound(err)
}

func (s *gormStore) ListVideos(ctx context.Context, tenantID string, q VideoQuery) ([]Video, int64, error) {
	base := func() *gorm.DB {
		tx := s.db.WithContext(ctx).Model(&Video{}).Where("tenant_id = ?", tenantID)
		if q.Language != "" {
			tx = tx.Where("language = ?", q.Language)
		}
		if q.Published != nil {
			tx = tx.Where("published = ?", *q.Published)
		}
		if q.Search != "" {
			tx = tx.Where(`lower(title) LIKE ? ESCAPE '\'`, contains(q.Search))
		}
		return tx
	}
	return page[Video](base, q.Sort, q.Page, q.PerPage)
}

func (s *gormStore) CreateVideo(ctx context.Context, v Video) error {
	return s.db.WithContext(ctx).Create(&v).Error
}

func (s *gormStore) UpdateVideo(ctx context.Context, v Video, expectVersion int) error {
	res := s.db.WithContext(ctx).Model(&Video{}).
		Where("tenant_id = ? AND id = ? AND version = ?", v.TenantID, v.ID, expectVersion).
		Updates(map[string]any{
			"title": v.Title, "url": v.URL, "description": v.Description, "thumbnail_url": v.ThumbnailURL,
			"language": v.Language, "published": v.Published, "published_at": v.PublishedAt,
			"updated_at": v.UpdatedAt, "version": v.Version,
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return whyNotChanged(ctx, s.db, &Video{}, "video", v.TenantID, v.ID, expectVersion)
	}
	return nil
}

func (s *gormStore) DeleteVideo(ctx context.Context, tenantID, id string, expectVersion int) error {
	res := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ? AND version = ?", tenantID, id, expectVersion).Delete(&Video{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return whyNotChanged(ctx, s.db, &Video{}, "video", tenantID, id, expectVersion)
	}
	return nil
}
