package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/content"
)

// Article is an article of the caller's tenant. body_html is the markdown
// rendered and sanitised on save; public_url is its public page (readable by
// anyone once published).
type Article struct {
	ID            string     `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f80"`
	Title         string     `json:"title" example:"Cara minum Tamoxifen"`
	Slug          string     `json:"slug" example:"cara-minum-tamoxifen"`
	BodyMarkdown  string     `json:"body_markdown" example:"Minum **setiap hari** pada jam yang sama."`
	BodyHTML      string     `json:"body_html" example:"<p>Minum <strong>setiap hari</strong> pada jam yang sama.</p>"`
	Category      string     `json:"category" example:"obat"`
	CoverImageURL *string    `json:"cover_image_url" example:"https://prima.example.org/uploads/3f2a.png" extensions:"x-nullable"`
	Language      string     `json:"language" enums:"id,ko,en" example:"id"`
	Published     bool       `json:"published" example:"false"`
	PublishedAt   *time.Time `json:"published_at" extensions:"x-nullable"`
	PublicURL     string     `json:"public_url" example:"https://prima.example.org/public/articles/cara-minum-tamoxifen"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version" example:"1"`
}

// ArticleList is a page of articles.
type ArticleList struct {
	Data []Article `json:"data"`
	Page
}

// ArticleInput creates an article. slug is made from the title when absent
// (lowercase ASCII words joined by hyphens); it is unique across PRIMA.
type ArticleInput struct {
	Title         string  `json:"title" example:"Cara minum Tamoxifen"`
	Slug          string  `json:"slug,omitempty" example:"cara-minum-tamoxifen"`
	BodyMarkdown  string  `json:"body_markdown,omitempty" example:"Minum **setiap hari** pada jam yang sama."`
	Category      string  `json:"category,omitempty" example:"obat"`
	CoverImageURL *string `json:"cover_image_url,omitempty" extensions:"x-nullable"`
	Language      string  `json:"language" enums:"id,ko,en" example:"id"`
	Published     bool    `json:"published,omitempty"`
}

// ArticlePatch changes some fields of an article: absent fields stay, null
// clears cover_image_url or category. version (or If-Match) refuses stale writes with 409.
type ArticlePatch struct {
	Title         *string `json:"title,omitempty"`
	Slug          *string `json:"slug,omitempty"`
	BodyMarkdown  *string `json:"body_markdown,omitempty"`
	Category      *string `json:"category,omitempty" extensions:"x-nullable"`
	CoverImageURL *string `json:"cover_image_url,omitempty" extensions:"x-nullable"`
	Language      *string `json:"language,omitempty" enums:"id,ko,en"`
	Published     *bool   `json:"published,omitempty"`
	Version       *int    `json:"version,omitempty" example:"1"`
}

func (s *Server) toArticle(a content.Article) Article {
	return Article{ID: a.ID, Title: a.Title, Slug: a.Slug, BodyMarkdown: a.BodyMarkdown, BodyHTML: a.BodyHTML,
		Category: a.Category, CoverImageURL: a.CoverImageURL, Language: a.Language, Published: a.Published,
		PublishedAt: timePtr(a.PublishedAt), PublicURL: s.Content.PublicURL(a.Slug),
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(), Version: a.Version}
}

func (in ArticlePatch) toPatch(present fieldSet) content.ArticlePatch {
	p := content.ArticlePatch{Title: in.Title, Slug: in.Slug, BodyMarkdown: in.BodyMarkdown, Category: in.Category,
		CoverImageURL: in.CoverImageURL, Language: in.Language, Published: in.Published, Version: in.Version}
	isNull := map[string]bool{"title": in.Title == nil, "slug": in.Slug == nil, "body_markdown": in.BodyMarkdown == nil,
		"category": in.Category == nil, "cover_image_url": in.CoverImageURL == nil, "language": in.Language == nil,
		"published": in.Published == nil}
	for _, k := range sortedKeys(present) {
		if isNull[k] {
			p.Clear = append(p.Clear, k)
		}
	}
	return p
}

// listArticles godoc
//
//	@Summary		List articles
//	@Description	Every member of the tenant reads its articles. `search` matches the title (contains, any case).
//	@Tags			content
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			search		query		string	false	"title contains"
//	@Param			language	query		string	false	"written in"						Enums(id,ko,en)
//	@Param			category	query		string	false	"category (any case)"
//	@Param			published	query		bool	false	"only published (true) or drafts (false)"
//	@Param			sort		query		string	false	"order (default -created_at)"		Enums(-created_at,created_at,-updated_at,updated_at,title,-title,-published_at,published_at)
//	@Param			page		query		int		false	"page (from 1)"						minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"							minimum(1)	maximum(100)
//	@Success		200			{object}	ArticleList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/articles [get]
func (s *Server) listArticles(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	published, err := queryBool(c, "published")
	if err != nil {
		return err
	}
	rows, total, err := s.Content.ListArticles(c.Request().Context(), a, content.ArticleFilter{Search: c.QueryParam("search"),
		Language: c.QueryParam("language"), Category: c.QueryParam("category"), Published: published, Sort: lq.Sort,
		Page: lq.Page, PerPage: lq.PerPage})
	if err != nil {
		return err
	}
	out := ArticleList{Data: make([]Article, 0, len(rows)), Page: Page{Page: lq.Page, PerPage: lq.PerPage, Total: total}}
	for _, r := range rows {
		out.Data = append(out.Data, s.toArticle(r))
	}
	return c.JSON(http.StatusOK, out)
}

// createArticle godoc
//
//	@Summary		Create an article (admin)
//	@Description	The markdown (at most 100,000 characters) is rendered to sanitised HTML on save: raw HTML, scripts, event handlers and javascript: links never reach body_html; links open in a new tab with rel="nofollow noopener". A slug another article has (of any organization) is 409 naming `slug`. Send an Idempotency-Key to make retries safe.
//	@Tags			content
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		ArticleInput	true	"the article"
//	@Success		201				{object}	Article
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/articles [post]
func (s *Server) createArticle(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req ArticleInput
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	art, err := s.Content.CreateArticle(c.Request().Context(), a, content.ArticleInput{Title: req.Title, Slug: req.Slug,
		BodyMarkdown: req.BodyMarkdown, Category: req.Category, CoverImageURL: req.CoverImageURL, Language: req.Language,
		Published: req.Published})
	if err != nil {
		return err
	}
	return created(c, s.toArticle(art))
}

// getArticle godoc
//
//	@Summary	One article
//	@Tags		content
//	@Produce	json
//	@Security	BearerAuth
//	@x-required-scope	"read"
//	@Param		id	path		string	true	"article id"
//	@Success	200	{object}	Article
//	@Failure	401	{object}	Problem
//	@Failure	403	{object}	Problem
//	@Failure	404	{object}	Problem
//	@Router		/api/v1/articles/{id} [get]
func (s *Server) getArticle(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	art, err := s.Content.GetArticle(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toArticle(art))
}

// updateArticle godoc
//
//	@Summary		Change an article (admin)
//	@Description	Absent fields stay as they are; null clears `cover_image_url` or `category`. Publishing sets `published_at`; unpublishing clears it and the public page answers 404. Send `version` (or If-Match) to refuse stale writes with 409.
//	@Tags			content
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path		string			true	"article id"
//	@Param			If-Match	header		string			false	"the version the change is based on, e.g. \"3\""
//	@Param			body		body		ArticlePatch	true	"changes"
//	@Success		200			{object}	Article
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Router			/api/v1/articles/{id} [patch]
func (s *Server) updateArticle(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var req ArticlePatch
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	patch := req.toPatch(present)
	if err := applyIfMatch(c, &patch.Version); err != nil {
		return err
	}
	art, err := s.Content.UpdateArticle(c.Request().Context(), a, id, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toArticle(art))
}

// deleteArticle godoc
//
//	@Summary		Delete an article (admin)
//	@Description	Removes the article and frees its slug; the audit trail stays. An article a template's {{link}} points at is 409 until the template links elsewhere.
//	@Tags			content
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id			path	string	true	"article id"
//	@Param			If-Match	header	string	false	"the version the deletion is based on, e.g. \"3\"; a stale one is 409"
//	@Success		204
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Router			/api/v1/articles/{id} [delete]
func (s *Server) deleteArticle(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := s.Content.DeleteArticle(c.Request().Context(), a, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
