package api

import (
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// Markdown that tries to run script in several ways.
const hostileMarkdown = "# Aman\n\nTeks biasa <script>alert('x')</script>\n\n" +
	"<img src=x onerror=\"alert('y')\">\n\n[klik](javascript:alert('z'))\n\n" +
	"<a href=\"https://example.org\" onmouseover=\"alert('w')\">raw link</a>\n\n[situs](https://example.org/info)"

func TestPublicArticlePagesShowOnlyPublishedSanitisedArticles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		art := a.createArticleAs(a.admin, map[string]any{"title": "Perawatan <luka>", "language": "id", "body_markdown": hostileMarkdown,
			"cover_image_url": "https://cdn.example.org/cover.png", "category": "Luka"})
		for _, bad := range []string{"<script", "onerror", "javascript:", "onmouseover"} {
			if strings.Contains(art.BodyHTML, bad) {
				t.Fatalf("%s in body_html: %s", bad, art.BodyHTML)
			}
		}
		if !strings.Contains(art.BodyHTML, `rel="nofollow noopener" target="_blank"`) {
			t.Fatalf("external links: %s", art.BodyHTML)
		}
		jsonPath, pagePath := "/api/v1/public/articles/"+art.Slug, "/public/articles/"+art.Slug

		// A draft is not public.
		a.ok(a.do("GET", jsonPath, nil, ""), 404)
		r := a.do("GET", pagePath, nil, "")
		a.ok(r, 404)
		if !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "not found") ||
			strings.Contains(string(r.body), "Perawatan") {
			t.Fatalf("draft page: %s", r.body)
		}

		a.ok(a.do("PATCH", "/api/v1/articles/"+art.ID, map[string]any{"published": true}, a.admin), 200)
		// JSON, with no credentials.
		r = a.do("GET", jsonPath, nil, "")
		a.ok(r, 200)
		var pub PublicArticle
		r.decode(&pub)
		if pub.Title != "Perawatan <luka>" || pub.Language != "id" || *pub.CoverImageURL != "https://cdn.example.org/cover.png" ||
			pub.PublishedAt.IsZero() || pub.BodyHTML == "" || pub.URL != testBaseURL+pagePath {
			t.Fatalf("public json: %+v", pub)
		}
		// The page: its language, title escaped, cover, body, and nothing that runs.
		r = a.do("GET", pagePath, nil, "")
		a.ok(r, 200)
		page := string(r.body)
		for _, want := range []string{`<html lang="id">`, "<title>Perawatan &lt;luka&gt;</title>", `<img class="cover" src="https://cdn.example.org/cover.png"`,
			"<h1>Perawatan &lt;luka&gt;</h1>", "Teks biasa", `name="viewport"`, `href="https://example.org/info"`} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		for _, bad := range []string{"<script", "onerror", "javascript:", "onmouseover", "<luka>"} {
			if strings.Contains(page, bad) {
				t.Errorf("page contains %s", bad)
			}
		}
		// The server's CSP holds for the page: no script source at all, no inline script allowed.
		csp := cspDirectives(r.hdr.Get("Content-Security-Policy"))
		if strings.Join(csp["script-src"], " ") != "'self'" || !hasAll(csp["style-src"], "'unsafe-inline'") || !hasAll(csp["img-src"], "https:") {
			t.Fatalf("csp: %v", csp)
		}
		if r.hdr.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatal("nosniff")
		}
		// Unknown and malformed slugs.
		a.ok(a.do("GET", "/public/articles/nope", nil, ""), 404)
		a.ok(a.do("GET", "/api/v1/public/articles/Bad_Slug", nil, ""), 404)

		// Unpublishing takes it down again.
		a.ok(a.do("PATCH", "/api/v1/articles/"+art.ID, map[string]any{"published": false}, a.admin), 200)
		a.ok(a.do("GET", jsonPath, nil, ""), 404)
		a.ok(a.do("GET", pagePath, nil, ""), 404)
	})
}

func TestPublicArticlesAreRateLimited(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite)) // PRIMA_RATE_LIMIT_PER_MIN is 1000 in tests
	// A client address of its own, so that a limiter shared through Redis does not slow other tests.
	addr := fmt.Sprintf("198.18.%d.%d:4000", rand.IntN(250)+1, rand.IntN(250)+1)
	limited := false
	for i := 0; i < 1100 && !limited; i++ {
		req := httptest.NewRequest("GET", "/public/articles/nope", nil)
		req.RemoteAddr = addr
		limited = a.send(req).code == 429
	}
	if !limited {
		t.Fatal("the public page is not rate-limited")
	}
}
