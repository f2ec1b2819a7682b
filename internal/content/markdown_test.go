package content

import (
	"strings"
	"testing"
)

func TestMarkdownIsRenderedAndSanitised(t *testing.T) {
	src := strings.Join([]string{
		"# Minum obat",
		"",
		"Minum **setiap hari**. <script>alert(1)</script>",
		"",
		`<img src="x" onerror="alert(1)">`,
		"",
		"[klik](javascript:alert(1)) dan [situs](https://example.org/info) dan [lokal](/public/articles/lain)",
		"",
		`<a href="https://evil.example" onclick="steal()">raw</a>`,
		"",
		"![foto](https://example.org/a.png)",
		"",
		`![x](javascript:alert(2))`,
		"",
		"| a | b |\n|---|---|\n| 1 | 2 |",
	}, "\n")
	html, err := RenderMarkdown(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "onerror", "onclick", "javascript:", "steal()", "<iframe", "style="} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("%q reached the HTML:\n%s", bad, html)
		}
	}
	for _, want := range []string{"<h1", "<strong>setiap hari</strong>", `href="https://example.org/info"`,
		`rel="nofollow noopener"`, `target="_blank"`, `<img src="https://example.org/a.png"`, "<table>", `href="/public/articles/lain"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in:\n%s", want, html)
		}
	}
	// Sanitising what is stored again changes nothing (the public page does it once more).
	if SanitizeHTML(html) != html {
		t.Errorf("sanitising twice changed the HTML")
	}
}

func TestPlainTextHasNoMarkup(t *testing.T) {
	got := PlainText("# Judul\n\nMinum **obat** _pagi_ lihat [situs](https://example.org).\n\n<b>raw</b>\n\n- satu\n- dua\n\n```\nkode\n```\n\n![alt teks](https://x/y.png)")
	want := "Judul\nMinum obat pagi lihat situs.\nraw\nsatu\ndua\nkode"
	if got != want {
		t.Fatalf("plain text:\n%q\nwant\n%q", got, want)
	}
}

func TestSlugs(t *testing.T) {
	cases := map[string]string{
		"Cara Minum Tamoxifen":             "cara-minum-tamoxifen",
		"  Perawatan  luka -- operasi!! ":  "perawatan-luka-operasi",
		"Café crème & Über":                "cafe-creme-uber",
		"Hari ke-3 setelah kemoterapi (2)": "hari-ke-3-setelah-kemoterapi-2",
	}
	for title, want := range cases {
		if got := SlugFromTitle(title); got != want || !ValidSlug(got) {
			t.Errorf("%q: %q, want %q", title, got, want)
		}
	}
	// Korean titles get a random suffix (alone, or after the ASCII words).
	ko := SlugFromTitle("수술 후 관리")
	if !strings.HasPrefix(ko, "article-") || !ValidSlug(ko) || ko == SlugFromTitle("수술 후 관리") {
		t.Errorf("korean slug %q", ko)
	}
	mixed := SlugFromTitle("Tamoxifen 복용 안내")
	if !strings.HasPrefix(mixed, "tamoxifen-") || len(mixed) != len("tamoxifen-")+6 || !ValidSlug(mixed) {
		t.Errorf("mixed slug %q", mixed)
	}
	long := SlugFromTitle(strings.Repeat("panjang ", 40))
	if len(long) > MaxSlugLen || !ValidSlug(long) || strings.HasSuffix(long, "-") {
		t.Errorf("long slug %q", long)
	}
	for _, bad := range []string{"", "A-b", "a--b", "-a", "a-", "a_b", "a b", "á", strings.Repeat("a", 101)} {
		if ValidSlug(bad) {
			t.Errorf("%q is valid", bad)
		}
	}
	if w := withSuffix(strings.Repeat("a", 100)); len(w) > MaxSlugLen || !ValidSlug(w) {
		t.Errorf("suffixed %q", w)
	}
}

func TestVideoURLs(t *testing.T) {
	ok := map[string]VideoRef{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10": {ProviderYouTube, "dQw4w9WgXcQ"},
		"https://youtu.be/dQw4w9WgXcQ":                     {ProviderYouTube, "dQw4w9WgXcQ"},
		"https://youtube.com/shorts/dQw4w9WgXcQ":           {ProviderYouTube, "dQw4w9WgXcQ"},
		"https://www.youtube.com/embed/dQw4w9WgXcQ":        {ProviderYouTube, "dQw4w9WgXcQ"},
		"http://m.youtube.com/watch?v=dQw4w9WgXcQ":         {ProviderYouTube, "dQw4w9WgXcQ"},
		"https://vimeo.com/76979871":                       {ProviderVimeo, "76979871"},
		"https://player.vimeo.com/video/76979871":          {ProviderVimeo, "76979871"},
	}
	for raw, want := range ok {
		got, valid := ParseVideoURL(raw)
		if !valid || got != want {
			t.Errorf("%s: %+v %v", raw, got, valid)
		}
	}
	for _, raw := range []string{"https://evil.example/watch?v=dQw4w9WgXcQ", "javascript:alert(1)", "https://youtube.com/watch?v=short",
		"https://vimeo.com/channels/staff", "youtu.be/dQw4w9WgXcQ", "https://user@youtu.be/dQw4w9WgXcQ", "ftp://vimeo.com/1",
		"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"} {
		if _, valid := ParseVideoURL(raw); valid {
			t.Errorf("%s accepted", raw)
		}
	}
	if th := (VideoRef{ProviderYouTube, "dQw4w9WgXcQ"}).Thumbnail(); th != "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg" {
		t.Errorf("thumbnail %s", th)
	}
	if (VideoRef{ProviderVimeo, "1"}).Thumbnail() != "" {
		t.Error("vimeo thumbnails need an API call")
	}
}

func TestSniffImage(t *testing.T) {
	cases := map[string]string{
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR":                     "png",
		"GIF89a\x01\x00\x01\x00":                                  "gif",
		"\xff\xd8\xff\xe0\x00\x10JFIF\x00":                        "jpg",
		"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00":            "webp",
		"<!doctype html><script>alert(1)</script>":                "",
		`<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>`: "",
		"%PDF-1.7":   "",
		"BM\x00\x00": "",
	}
	for data, want := range cases {
		_, ext, ok := SniffImage([]byte(data))
		if ext != want || ok != (want != "") {
			t.Errorf("%.12q: %q %v, want %q", data, ext, ok, want)
		}
	}
}
