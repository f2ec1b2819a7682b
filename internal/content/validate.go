package content

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/platform/errs"
)

// ArticleInput is a new article as a client describes it. An empty Slug is
// made from the title.
type ArticleInput struct {
	Title         string
	Slug          string
	BodyMarkdown  string
	Category      string
	CoverImageURL *string
	Language      string
	Published     bool
}

// ArticlePatch changes some fields of an article: nil stays, Clear names (by
// JSON name) the fields sent as null: cover_image_url and category may be
// cleared. Version, when set, must be the stored version.
type ArticlePatch struct {
	Title         *string
	Slug          *string
	BodyMarkdown  *string
	Category      *string
	CoverImageURL *string
	Language      *string
	Published     *bool
	Clear         []string
	Version       *int
}

// VideoInput is a new video.
type VideoInput struct {
	Title        string
	URL          string
	Description  string
	ThumbnailURL *string
	Language     string
	Published    bool
}

// VideoPatch changes some fields of a video; thumbnail_url and description
// may be cleared with null.
type VideoPatch struct {
	Title        *string
	URL          *string
	Description  *string
	ThumbnailURL *string
	Language     *string
	Published    *bool
	Clear        []string
	Version      *int
}

// checker collects field errors and the names of changed fields.
type checker struct {
	fe      errs.Fields
	changed []string
}

func (c *checker) fail(field, msg string) { c.fe.Add(field, msg) }

func (c *checker) mark(field string, changed bool) {
	if changed && !slices.Contains(c.changed, field) {
		c.changed = append(c.changed, field)
	}
}

// clears checks the null fields of a patch.
func (c *checker) clears(clear []string, clearable ...string) {
	for _, f := range clear {
		if !slices.Contains(clearable, f) {
			c.fail(f, "cannot be null")
		}
	}
}

// text checks a one-line text: trimmed, UTF-8, no control characters, at most max characters.
func (c *checker) text(field, s string, max int, required bool) (string, bool) {
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		c.fail(field, "must be UTF-8 text")
	case required && s == "":
		c.fail(field, "is required")
	case utf8.RuneCountInString(s) > max:
		c.fail(field, fmt.Sprintf("must be at most %d characters", max))
	case hasControl(s, false):
		c.fail(field, "must not contain control characters")
	default:
		return s, true
	}
	return "", false
}

// longText checks a multi-line text (line breaks and tabs allowed).
func (c *checker) longText(field, s string, max int) (string, bool) {
	switch {
	case !utf8.ValidString(s):
		c.fail(field, "must be UTF-8 text")
	case utf8.RuneCountInString(s) > max:
		c.fail(field, fmt.Sprintf("must be at most %d characters", max))
	case hasControl(s, true):
		c.fail(field, "must not contain control characters other than line breaks and tabs")
	default:
		return strings.TrimSpace(s), true
	}
	return "", false
}

func (c *checker) language(field, s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		c.fail(field, "is required")
		return "", false
	}
	if !slices.Contains(Languages, s) {
		c.fail(field, "must be one of "+strings.Join(Languages, ", "))
		return "", false
	}
	return s, true
}

// webURL checks an absolute http(s) URL, or a path on this server ("/uploads/…").
func (c *checker) webURL(field, s string) (string, bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxURLLen {
		c.fail(field, fmt.Sprintf("must be at most %d characters", MaxURLLen))
		return "", false
	}
	if !IsWebURL(s) {
		c.fail(field, "must be an http or https URL such as https://example.org/cover.jpg")
		return "", false
	}
	return s, true
}

// IsWebURL reports whether s is an absolute http(s) URL with a host, or a
// path on this server starting with one slash.
func IsWebURL(s string) bool {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '"' || r == '<' || r == '>' || r == '\\' }) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	if u.Scheme == "" && u.Host == "" {
		return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// hasControl reports control characters; multiline allows line breaks and tabs.
func hasControl(s string, multiline bool) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			return false
		}
		return r < 0x20 || r == 0x7f
	})
}

// applyArticle applies a patch to a, collecting field errors and changes.
// A slug left empty on a new article is made later from the title.
func (c *checker) applyArticle(a *Article, p ArticlePatch) {
	c.clears(p.Clear, "cover_image_url", "category")
	cleared := func(f string) bool { return slices.Contains(p.Clear, f) }
	if p.Title != nil {
		if v, ok := c.text("title", *p.Title, MaxTitleLen, true); ok {
			c.mark("title", a.Title != v)
			a.Title = v
		}
	}
	if p.Slug != nil {
		v := strings.TrimSpace(*p.Slug)
		switch {
		case v == "" && a.ID != "" && a.Slug != "":
			c.fail("slug", "is required")
		case v == "":
		case len(v) > MaxSlugLen:
			c.fail("slug", fmt.Sprintf("must be at most %d characters", MaxSlugLen))
		case !ValidSlug(v):
			c.fail("slug", "must be lowercase letters and digits joined by single hyphens such as cara-minum-tamoxifen")
		default:
			c.mark("slug", a.Slug != v)
			a.Slug = v
		}
	}
	if p.BodyMarkdown != nil {
		if v, ok := c.longText("body_markdown", *p.BodyMarkdown, MaxBodyLen); ok {
			c.mark("body_markdown", a.BodyMarkdown != v)
			a.BodyMarkdown = v
		}
	}
	switch {
	case p.Category != nil:
		if v, ok := c.text("category", *p.Category, MaxCategoryLen, false); ok {
			c.mark("category", a.Category != v)
			a.Category = v
		}
	case cleared("category"):
		c.mark("category", a.Category != "")
		a.Category = ""
	}
	switch {
	case p.CoverImageURL != nil && strings.TrimSpace(*p.CoverImageURL) != "":
		if v, ok := c.webURL("cover_image_url", *p.CoverImageURL); ok {
			c.mark("cover_image_url", a.CoverImageURL == nil || *a.CoverImageURL != v)
			a.CoverImageURL = &v
		}
	case p.CoverImageURL != nil || cleared("cover_image_url"):
		c.mark("cover_image_url", a.CoverImageURL != nil)
		a.CoverImageURL = nil
	}
	if p.Language != nil {
		if v, ok := c.language("language", *p.Language); ok {
			c.mark("language", a.Language != v)
			a.Language = v
		}
	}
	if p.Published != nil {
		c.mark("published", a.Published != *p.Published)
		a.Published = *p.Published
	}
}

// applyVideo applies a patch to v; the URL must be YouTube's or Vimeo's.
func (c *checker) applyVideo(v *Video, p VideoPatch) {
	c.clears(p.Clear, "thumbnail_url", "description")
	cleared := func(f string) bool { return slices.Contains(p.Clear, f) }
	if p.Title != nil {
		if s, ok := c.text("title", *p.Title, MaxTitleLen, true); ok {
			c.mark("title", v.Title != s)
			v.Title = s
		}
	}
	if p.URL != nil {
		s := strings.TrimSpace(*p.URL)
		switch {
		case s == "":
			c.fail("url", "is required")
		case utf8.RuneCountInString(s) > MaxURLLen:
			c.fail("url", fmt.Sprintf("must be at most %d characters", MaxURLLen))
		default:
			if _, ok := ParseVideoURL(s); !ok {
				c.fail("url", "must be a YouTube or Vimeo link such as https://youtu.be/dQw4w9WgXcQ")
				break
			}
			c.mark("url", v.URL != s)
			v.URL = s
		}
	}
	switch {
	case p.Description != nil:
		if s, ok := c.longText("description", *p.Description, MaxDescriptionLen); ok {
			c.mark("description", v.Description != s)
			v.Description = s
		}
	case cleared("description"):
		c.mark("description", v.Description != "")
		v.Description = ""
	}
	switch {
	case p.ThumbnailURL != nil && strings.TrimSpace(*p.ThumbnailURL) != "":
		if s, ok := c.webURL("thumbnail_url", *p.ThumbnailURL); ok {
			c.mark("thumbnail_url", v.ThumbnailURL == nil || *v.ThumbnailURL != s)
			v.ThumbnailURL = &s
		}
	case p.ThumbnailURL != nil || cleared("thumbnail_url"):
		c.mark("thumbnail_url", v.ThumbnailURL != nil)
		v.ThumbnailURL = nil
	}
	if p.Language != nil {
		if s, ok := c.language("language", *p.Language); ok {
			c.mark("language", v.Language != s)
			v.Language = s
		}
	}
	if p.Published != nil {
		c.mark("published", v.Published != *p.Published)
		v.Published = *p.Published
	}
}
