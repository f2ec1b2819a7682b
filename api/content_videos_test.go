package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestVideoLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.do("POST", "/api/v1/videos", map[string]any{"title": "Senam", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
			"language": "id", "description": "Latihan ringan"}, a.admin)
		a.ok(r, 201)
		var v Video
		r.decode(&v)
		if v.Provider != "youtube" || v.ThumbnailURL == nil || *v.ThumbnailURL != "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg" ||
			v.EmbedURL != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" || v.Published || v.Version != 1 {
			t.Fatalf("created: %+v", v)
		}
		path := "/api/v1/videos/" + v.ID
		for _, tok := range []string{a.volunteer, a.developer} {
			a.ok(a.do("GET", path, nil, tok), 200)
			a.ok(a.do("POST", "/api/v1/videos", map[string]any{"title": "X", "url": "https://youtu.be/dQw4w9WgXcQ", "language": "id"}, tok), 403)
			a.ok(a.do("PATCH", path, map[string]any{"title": "X"}, tok), 403)
			a.ok(a.do("DELETE", path, nil, tok), 403)
		}
		a.ok(a.do("GET", path, nil, a.otherAdmin), 404)
		a.ok(a.do("PATCH", path, map[string]any{"title": "X"}, a.otherAdmin), 404)

		// A new YouTube link gets its own thumbnail; a Vimeo link has none unless given.
		r = a.do("PATCH", path, map[string]any{"url": "https://youtu.be/aaaaaaaaaaa", "published": true, "version": 1}, a.admin)
		a.ok(r, 200)
		r.decode(&v)
		if *v.ThumbnailURL != "https://i.ytimg.com/vi/aaaaaaaaaaa/hqdefault.jpg" || !v.Published || v.PublishedAt == nil {
			t.Fatalf("relinked: %+v", v)
		}
		r = a.do("PATCH", path, map[string]any{"url": "https://vimeo.com/76979871"}, a.admin)
		a.ok(r, 200)
		r.decode(&v)
		if v.Provider != "vimeo" || v.ThumbnailURL != nil || v.EmbedURL != "https://player.vimeo.com/video/76979871" {
			t.Fatalf("vimeo: %+v", v)
		}
		a.ok(a.do("PATCH", path, map[string]any{"title": "stale", "version": 1}, a.admin), 409)

		// Bad input: 400 naming the fields, nothing written.
		cases := []struct {
			body   any
			fields string
		}{
			{map[string]any{"title": "A", "url": "https://evil.example/watch?v=dQw4w9WgXcQ", "language": "id"}, "url"},
			{map[string]any{"title": "A", "url": "javascript:alert(1)", "language": "id", "thumbnail_url": "data:x"}, "thumbnail_url,url"},
			{map[string]any{"title": "A", "url": "https://youtu.be/dQw4w9WgXcQ", "language": "id", "description": strings.Repeat("d", 2001)}, "description"},
			{`{"title":"A","url":"https://youtu.be/dQw4w9WgXcQ","language":"id","colour":"red"}`, "colour"},
			{`{"title":"A\u0000","url":"https://youtu.be/dQw4w9WgXcQ","language":"id"}`, "title"},
			{`{"title":"A","url":7,"language":"id"}`, "url"},
			{`{}`, "language,title,url"},
		}
		for _, c := range cases {
			r := a.do("POST", "/api/v1/videos", c.body, a.admin)
			a.ok(r, 400)
			got := r.fieldErrors()
			if strings.Join(sortedStrings(got), ",") != c.fields {
				t.Errorf("%v: fields %v, want %s", c.body, got, c.fields)
			}
		}
		var list VideoList
		a.do("GET", "/api/v1/videos?language=id&published=true", nil, a.volunteer).decode(&list)
		if list.Total != 1 || list.Data[0].ID != v.ID {
			t.Fatalf("list: %+v", list)
		}
		a.ok(a.do("GET", "/api/v1/videos?sort=url", nil, a.admin), 400)
		a.ok(a.do("DELETE", path, nil, a.admin), 204)
		a.do("GET", "/api/v1/videos", nil, a.admin).decode(&list)
		if list.Total != 0 {
			t.Fatalf("after delete: %+v", list)
		}
	})
}

func sortedStrings(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
