package api

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/platform/errs"
)

// PublicArticle is a published article as anyone may read it.
type PublicArticle struct {
	Title         string    `json:"title" example:"Cara minum Tamoxifen"`
	Slug          string    `json:"slug" example:"cara-minum-tamoxifen"`
	BodyHTML      string    `json:"body_html" example:"<p>Minum <strong>setiap hari</strong> pada jam yang sama.</p>"`
	CoverImageURL *string   `json:"cover_image_url" extensions:"x-nullable"`
	Category      string    `json:"category" example:"obat"`
	Language      string    `json:"language" enums:"id,ko,en" example:"id"`
	PublishedAt   time.Time `json:"published_at"`
	URL           string    `json:"url" example:"https://prima.example.org/public/articles/cara-minum-tamoxifen"`
}

func (s *Server) toPublicArticle(a content.Article) PublicArticle {
	out := PublicArticle{Title: a.Title, Slug: a.Slug, BodyHTML: content.SanitizeHTML(a.BodyHTML), CoverImageURL: a.CoverImageURL,
		Category: a.Category, Language: a.Language, URL: s.Content.PublicURL(a.Slug)}
	if a.PublishedAt != nil {
		out.PublishedAt = a.PublishedAt.UTC()
	} else {
		out.PublishedAt = a.UpdatedAt.UTC()
	}
	return out
}

// publicArticle godoc
//
//	@Summary		A published article (public)
//	@Description	Anyone may read a published article by its slug; no credentials. A draft or an unknown slug is 404. Rate-limited per client address.
//	@Tags			content
//	@Produce		json
//	@Param			slug	path		string	true	"the article's slug"
//	@Success		200		{object}	PublicArticle
//	@Failure		404		{object}	Problem
//	@Failure		429		{object}	Problem
//	@Router			/api/v1/public/articles/{slug} [get]
func (s *Server) publicArticle(c echo.Context) error {
	art, err := s.Content.PublishedArticle(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.JSON(http.StatusOK, s.toPublicArticle(art))
}

// publicArticlePage godoc
//
//	@Summary		A published article's web page (public)
//	@Description	A small self-contained HTML page (no scripts) for patients who follow a reminder's link: title, cover image and the sanitised body, in the article's language. A draft or an unknown slug is a 404 page.
//	@Tags			content
//	@Produce		html
//	@Param			slug	path		string	true	"the article's slug"
//	@Success		200		{string}	string	"HTML page"
//	@Failure		404		{string}	string	"HTML page"
//	@Failure		429		{object}	Problem
//	@Router			/public/articles/{slug} [get]
func (s *Server) publicArticlePage(c echo.Context) error {
	art, err := s.Content.PublishedArticle(c.Request().Context(), c.Param("slug"))
	if errors.Is(err, errs.ErrNotFound) {
		return renderPage(c, http.StatusNotFound, pageData{Lang: "en", NotFound: true, Title: "Article not found"})
	}
	if err != nil {
		return err
	}
	pa := s.toPublicArticle(art)
	d := pageData{Lang: pa.Language, Title: pa.Title, Category: pa.Category, Body: template.HTML(pa.BodyHTML), //nolint:gosec // sanitised by content.SanitizeHTML
		Description: excerpt(content.PlainText(art.BodyMarkdown), 200), URL: pa.URL, Published: pa.PublishedAt.Format("2006-01-02")}
	if pa.CoverImageURL != nil && content.IsWebURL(*pa.CoverImageURL) {
		d.Cover = *pa.CoverImageURL
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return renderPage(c, http.StatusOK, d)
}

type pageData struct {
	Lang, Title, Category, Description, URL, Cover, Published string
	Body                                                      template.HTML
	NotFound                                                  bool
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func renderPage(c echo.Context, status int, d pageData) error {
	var buf bytes.Buffer
	if err := articlePage.Execute(&buf, d); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// articlePage works under the server's CSP: no scripts, styles inline in one
// <style> element (style-src 'unsafe-inline'), images from this server or https.
var articlePage = template.Must(template.New("article").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
{{- if not .NotFound}}
<meta name="description" content="{{.Description}}">
<meta property="og:type" content="article">
<meta property="og:title" content="{{.Title}}">
<meta property="og:description" content="{{.Description}}">
<meta property="og:url" content="{{.URL}}">
{{- if .Cover}}
<meta property="og:image" content="{{.Cover}}">
{{- end}}
<link rel="canonical" href="{{.URL}}">
{{- else}}
<meta name="robots" content="noindex">
{{- end}}
<style>
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f8fafc; color: #0f172a; font: 17px/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif; -webkit-text-size-adjust: 100%; }
main { max-width: 42rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; background: #fff; min-height: 100vh; }
.cover { display: block; width: 100%; max-height: 22rem; object-fit: cover; border-radius: .75rem; margin: 0 0 1.25rem; background: #e2e8f0; }
.meta { margin: 0 0 .25rem; color: #0f766e; font-size: .8rem; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .5rem; overflow-wrap: anywhere; }
time { display: block; color: #64748b; font-size: .85rem; margin-bottom: 1.5rem; }
article { overflow-wrap: anywhere; }
article img, article video { max-width: 100%; height: auto; border-radius: .5rem; }
article a { color: #0f766e; }
article h2 { font-size: 1.3rem; margin: 1.75rem 0 .5rem; }
article h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
article blockquote { margin: 1rem 0; padding: .25rem 1rem; border-left: 4px solid #99f6e4; color: #334155; background: #f0fdfa; }
article pre { overflow-x: auto; padding: .75rem; background: #f1f5f9; border-radius: .5rem; font-size: .9rem; }
article table { display: block; overflow-x: auto; border-collapse: collapse; }
article th, article td { border: 1px solid #cbd5e1; padding: .35rem .6rem; }
footer { margin-top: 2.5rem; color: #94a3b8; font-size: .8rem; }
</style>
</head>
<body>
<main>
{{- if .NotFound}}
<h1>Article not found · Artikel tidak ditemukan · 글을 찾을 수 없습니다</h1>
<p>This article does not exist or is no longer published.</p>
{{- else}}
{{- if .Cover}}
<img class="cover" src="{{.Cover}}" alt="">
{{- end}}
{{- if .Category}}
<p class="meta">{{.Category}}</p>
{{- end}}
<h1>{{.Title}}</h1>
<time datetime="{{.Published}}">{{.Published}}</time>
<article>
{{.Body}}
</article>
{{- end}}
<footer>PRIMA</footer>
</main>
</body>
</html>
`))
