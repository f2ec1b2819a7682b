package api

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func init() {
	// The public article page and uploaded images are documented too; the
	// response validator reads them as text and as files.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	for _, ct := range []string{"image/png", "image/jpeg", "image/gif", "image/webp"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

func (a *testApp) createArticleAs(token string, body map[string]any) Article {
	a.t.Helper()
	r := a.do("POST", "/api/v1/articles", body, token)
	a.ok(r, 201)
	var art Article
	r.decode(&art)
	return art
}

// articleCount is how many articles the tenant of token has.
func (a *testApp) articleCount(token string) int64 {
	a.t.Helper()
	var list ArticleList
	a.do("GET", "/api/v1/articles", nil, token).decode(&list)
	return list.Total
}

func TestArticleLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.do("POST", "/api/v1/articles", map[string]any{"title": "Cara Minum Tamoxifen", "language": "id",
			"body_markdown": "Minum **setiap pagi**.", "category": "obat"}, a.admin)
		a.ok(r, 201)
		var raw map[string]json.RawMessage
		r.decode(&raw)
		for _, k := range []string{"id", "title", "slug", "body_markdown", "body_html", "category", "cover_image_url", "language",
			"published", "published_at", "version", "public_url"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("key %s missing", k)
			}
		}
		var art Article
		r.decode(&art)
		if art.Slug != "cara-minum-tamoxifen" || art.BodyHTML != "<p>Minum <strong>setiap pagi</strong>.</p>\n" || art.Published ||
			art.PublishedAt != nil || art.Version != 1 || art.PublicURL != testBaseURL+"/public/articles/cara-minum-tamoxifen" {
			t.Fatalf("created: %+v", art)
		}
		path := "/api/v1/articles/" + art.ID

		// Every member reads; only admins write.
		for _, tok := range []string{a.admin, a.volunteer, a.developer} {
			a.ok(a.do("GET", path, nil, tok), 200)
		}
		for _, tok := range []string{a.volunteer, a.developer} {
			a.ok(a.do("POST", "/api/v1/articles", map[string]any{"title": "X", "language": "id"}, tok), 403)
			a.ok(a.do("PATCH", path, map[string]any{"title": "X"}, tok), 403)
			a.ok(a.do("DELETE", path, nil, tok), 403)
		}
		// Another tenant's admin: 404 on every id route, and its list is empty.
		a.ok(a.do("GET", path, nil, a.otherAdmin), 404)
		a.ok(a.do("PATCH", path, map[string]any{"title": "X"}, a.otherAdmin), 404)
		a.ok(a.do("DELETE", path, nil, a.otherAdmin), 404)
		if a.articleCount(a.otherAdmin) != 0 {
			t.Fatal("the other tenant sees tenant A's article")
		}

		// Publish with the version; published_at is set, the body re-rendered.
		r = a.do("PATCH", path, map[string]any{"published": true, "body_markdown": "# Judul\n\nTeks", "cover_image_url": "https://cdn.example.org/c.png", "version": 1}, a.admin)
		a.ok(r, 200)
		r.decode(&art)
		if !art.Published || art.PublishedAt == nil || art.Version != 2 || !strings.Contains(art.BodyHTML, "<h1") || *art.CoverImageURL != "https://cdn.example.org/c.png" {
			t.Fatalf("published: %+v", art)
		}
		// Stale versions: 409 by body and by If-Match.
		a.ok(a.do("PATCH", path, map[string]any{"title": "Y", "version": 1}, a.admin), 409)
		a.ok(a.do("PATCH", path, map[string]any{"title": "Y"}, a.admin, "If-Match", `"1"`), 409)
		a.ok(a.do("DELETE", path, nil, a.admin, "If-Match", `"1"`), 409)
		// null clears the cover and the category; the slug cannot be null.
		r = a.do("PATCH", path, `{"cover_image_url":null,"category":null}`, a.admin)
		a.ok(r, 200)
		r.decode(&raw)
		if string(raw["cover_image_url"]) != "null" || string(raw["category"]) != `""` {
			t.Fatalf("cleared: %s %s", raw["cover_image_url"], raw["category"])
		}
		if f := a.do("PATCH", path, `{"slug":null}`, a.admin); f.code != 400 || f.fieldErrors()[0] != "slug" {
			t.Fatalf("null slug: %d %s", f.code, f.body)
		}

		// Lists: filters, search, sort; an unknown sort is 400 naming it.
		a.createArticleAs(a.admin, map[string]any{"title": "Senam pagi", "language": "en", "category": "Latihan"})
		var list ArticleList
		a.do("GET", "/api/v1/articles?published=true", nil, a.volunteer).decode(&list)
		if list.Total != 1 || list.Data[0].ID != art.ID {
			t.Fatalf("published filter: %+v", list)
		}
		a.do("GET", "/api/v1/articles?language=en&category=latihan", nil, a.admin).decode(&list)
		if list.Total != 1 || list.Data[0].Title != "Senam pagi" {
			t.Fatalf("language+category: %+v", list)
		}
		a.do("GET", "/api/v1/articles?search=TAMOX&sort=title", nil, a.admin).decode(&list)
		if list.Total != 1 || list.Data[0].ID != art.ID {
			t.Fatalf("search: %+v", list)
		}
		a.do("GET", "/api/v1/articles?sort=title&per_page=1&page=2", nil, a.admin).decode(&list)
		if list.Total != 2 || len(list.Data) != 1 || list.Data[0].Title != "Senam pagi" || list.PerPage != 1 {
			t.Fatalf("paging: %+v", list)
		}
		r = a.do("GET", "/api/v1/articles?sort=body&language=fr&published=maybe", nil, a.admin)
		a.ok(r, 400)
		if got := strings.Join(r.fieldErrors(), ","); got != "published" {
			t.Fatalf("bad published: %s", got)
		}
		r = a.do("GET", "/api/v1/articles?sort=body&language=fr", nil, a.admin)
		a.ok(r, 400)
		if got := strings.Join(r.fieldErrors(), ","); got != "language,sort" {
			t.Fatalf("bad filters: %s", got)
		}

		// Delete: 204, gone, slug free again; the audit log names ids and fields, not content.
		a.ok(a.do("DELETE", path, nil, a.admin), 204)
		a.ok(a.do("GET", path, nil, a.admin), 404)
		again := a.createArticleAs(a.admin, map[string]any{"title": "Cara minum tamoxifen", "language": "id"})
		if again.Slug != "cara-minum-tamoxifen" {
			t.Fatalf("slug not freed: %s", again.Slug)
		}
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?resource_type=article&resource_id="+art.ID, nil, a.admin).decode(&events)
		actions := map[string]bool{}
		for _, e := range events.Data {
			actions[e.Action] = true
			js, _ := json.Marshal(e)
			if strings.Contains(string(js), "Judul") || strings.Contains(string(js), "setiap pagi") {
				t.Fatalf("content in the audit log: %s", js)
			}
		}
		if !actions["article.create"] || !actions["article.update"] || !actions["article.delete"] {
			t.Fatalf("audit: %+v", events.Data)
		}
	})
}

func TestArticleInputIsValidatedAndNothingIsWritten(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		cases := []struct {
			name   string
			body   any
			status int
			fields string
		}{
			{"missing fields", `{}`, 400, "language,title"},
			{"wrong types", `{"title":5,"language":"id"}`, 400, "title"},
			{"published not a bool", `{"title":"A","language":"id","published":"yes"}`, 400, "published"},
			{"unknown field", `{"title":"A","language":"id","author":"me"}`, 400, "author"},
			{"NUL byte", `{"title":"A\u0000B","language":"id"}`, 400, "title"},
			{"control character", `{"title":"A\u0007B","language":"id"}`, 400, "title"},
			{"too long", map[string]any{"title": strings.Repeat("t", 201), "language": "id", "body_markdown": strings.Repeat("b", 100_001),
				"category": strings.Repeat("c", 101)}, 400, "body_markdown,category,title"},
			{"bad values", map[string]any{"title": "A", "language": "fr", "slug": "Not A Slug", "cover_image_url": "javascript:alert(1)"},
				400, "cover_image_url,language,slug"},
			{"oversize body", `{"title":"` + strings.Repeat("x", 1<<20) + `","language":"id"}`, 413, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do("POST", "/api/v1/articles", c.body, a.admin)
				a.ok(r, c.status)
				if c.fields != "" {
					got := r.fieldErrors()
					slices.Sort(got)
					if strings.Join(got, ",") != c.fields {
						t.Fatalf("fields %v, want %s: %s", got, c.fields, r.body)
					}
				}
			})
		}
		if n := a.articleCount(a.admin); n != 0 {
			t.Fatalf("%d articles written by rejected requests", n)
		}
		// The same rules on PATCH, and nothing changes.
		art := a.createArticleAs(a.admin, map[string]any{"title": "Asli", "language": "id"})
		a.ok(a.do("PATCH", "/api/v1/articles/"+art.ID, map[string]any{"title": "", "language": "xx"}, a.admin), 400)
		a.ok(a.do("PATCH", "/api/v1/articles/"+art.ID, `{"title":"Baru","version":"1"}`, a.admin), 400)
		var got Article
		a.do("GET", "/api/v1/articles/"+art.ID, nil, a.admin).decode(&got)
		if got.Title != "Asli" || got.Version != 1 {
			t.Fatalf("a rejected patch changed the article: %+v", got)
		}
	})
}

func TestArticleSlugsAreUniqueAcrossTenants(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		first := a.createArticleAs(a.admin, map[string]any{"title": "Perawatan luka", "slug": "perawatan-luka", "language": "id"})
		// Another organization cannot take the slug: the public URL has no tenant in it.
		r := a.do("POST", "/api/v1/articles", map[string]any{"title": "Wound care", "slug": "perawatan-luka", "language": "en"}, a.otherAdmin)
		a.ok(r, 409)
		if p := r.problem(); p.Code != CodeConflict || len(p.Errors) != 1 || p.Errors[0].Field != "slug" || p.Errors[0].Code != "duplicate" {
			t.Fatalf("taken slug: %s", r.body)
		}
		// A slug made from a title that is taken gets a suffix instead.
		other := a.createArticleAs(a.otherAdmin, map[string]any{"title": "Perawatan Luka", "language": "id"})
		if other.Slug == first.Slug || !strings.HasPrefix(other.Slug, "perawatan-luka-") {
			t.Fatalf("generated slug %q", other.Slug)
		}
		// Renaming onto a taken slug is refused too; keeping one's own is fine.
		second := a.createArticleAs(a.admin, map[string]any{"title": "Kedua", "language": "id"})
		a.ok(a.do("PATCH", "/api/v1/articles/"+second.ID, map[string]any{"slug": other.Slug}, a.admin), 409)
		a.ok(a.do("PATCH", "/api/v1/articles/"+first.ID, map[string]any{"slug": "perawatan-luka", "title": "Perawatan luka 2"}, a.admin), 200)
		// Korean titles get a slug too.
		ko := a.createArticleAs(a.admin, map[string]any{"title": "수술 후 관리", "language": "ko"})
		if !strings.HasPrefix(ko.Slug, "article-") {
			t.Fatalf("korean slug %q", ko.Slug)
		}
	})
}
