package template

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// Limits on template fields.
const (
	MaxNameLen           = 120
	MaxBodyLen           = 4096 // characters, per language
	MaxKakaoCodeLen      = 64
	MaxKakaoParameters   = 50
	MaxKakaoParamNameLen = 64
	MaxValueLen          = 1000 // a preview value
)

// Input is a new template as a client describes it.
type Input struct {
	Name              string
	Kind              string
	Bodies            Bodies
	KakaoTemplateCode *string
	KakaoParameters   map[string]string // AlimTalk parameter name → variable name
	LinkArticleID     *string           // the article {{link}} points at
}

// BodiesPatch changes some languages of a template: nil leaves a language as it
// is, "" removes its body, text replaces it.
type BodiesPatch struct {
	ID, Ko, En *string
}

func (b BodiesPatch) get(lang string) *string {
	switch lang {
	case patient.LanguageIndonesian:
		return b.ID
	case patient.LanguageKorean:
		return b.Ko
	case patient.LanguageEnglish:
		return b.En
	}
	return nil
}

// Patch changes some fields of a template. A nil field stays as it is; Clear
// names (by their JSON names) the fields to empty: kakao_template_code,
// kakao_parameters. KakaoParameters, when not nil, replaces the whole map.
// Version, when set, must match the stored version.
type Patch struct {
	Name              *string
	Kind              *string
	Bodies            *BodiesPatch
	KakaoTemplateCode *string
	KakaoParameters   map[string]string
	LinkArticleID     *string
	Clear             []string
	Version           *int
}

var (
	clearable   = map[string]bool{"kakao_template_code": true, "kakao_parameters": true, "link_article_id": true}
	notNullable = map[string]bool{"name": true, "kind": true, "bodies": true, "version": true}
)

var kakaoCode = regexp.MustCompile(`^[\x21-\x7e]+$`)

// patchOf turns a create input into a patch over an empty template.
func patchOf(in Input) Patch {
	b := in.Bodies
	return Patch{Name: &in.Name, Kind: &in.Kind, Bodies: &BodiesPatch{ID: &b.ID, Ko: &b.Ko, En: &b.En},
		KakaoTemplateCode: in.KakaoTemplateCode, KakaoParameters: in.KakaoParameters, LinkArticleID: in.LinkArticleID}
}

// applier applies a patch to a template, collecting every field error and the
// names of the fields whose stored value changes.
type applier struct {
	fe      errs.Fields
	changed []string
}

func (ap *applier) fail(field, msg string) { ap.fe.Add(field, msg) }

func (ap *applier) mark(field string, changed bool) {
	if changed && !slices.Contains(ap.changed, field) {
		ap.changed = append(ap.changed, field)
	}
}

// apply changes t in place, then checks the rules that span fields.
func (ap *applier) apply(t *Template, pt Patch) {
	for _, f := range pt.Clear {
		switch {
		case clearable[f]:
		case notNullable[f]:
			ap.fail(f, "cannot be null")
		default:
			ap.fail(f, "is not a known field")
		}
	}
	cleared := func(f string) bool { return slices.Contains(pt.Clear, f) }

	if pt.Name != nil {
		if v, ok := ap.name(*pt.Name); ok {
			ap.mark("name", t.Name != v)
			t.Name = v
		}
	}
	if pt.Kind != nil {
		v := strings.TrimSpace(*pt.Kind)
		if slices.Contains(Kinds, v) {
			ap.mark("kind", t.Kind != v)
			t.Kind = v
		} else {
			ap.fail("kind", "must be one of "+strings.Join(Kinds, ", "))
		}
	}
	if pt.Bodies != nil {
		for _, lang := range Languages {
			if v := pt.Bodies.get(lang); v != nil {
				if body, ok := ap.body(lang, *v); ok {
					ap.mark("bodies."+lang, t.Bodies.Get(lang) != body)
					t.Bodies.set(lang, body)
				}
			}
		}
	}
	switch {
	case pt.KakaoTemplateCode != nil && strings.TrimSpace(*pt.KakaoTemplateCode) != "":
		if v, ok := ap.kakaoCode(*pt.KakaoTemplateCode); ok {
			ap.mark("kakao_template_code", t.KakaoTemplateCode == nil || *t.KakaoTemplateCode != v)
			t.KakaoTemplateCode = &v
		}
	case pt.KakaoTemplateCode != nil || cleared("kakao_template_code"):
		ap.mark("kakao_template_code", t.KakaoTemplateCode != nil)
		t.KakaoTemplateCode = nil
	}
	switch {
	case pt.KakaoParameters != nil:
		if v, ok := ap.kakaoParams(pt.KakaoParameters); ok {
			ap.mark("kakao_parameters", !maps.Equal(t.KakaoParameters, v))
			t.KakaoParameters = v
		}
	case cleared("kakao_parameters"):
		ap.mark("kakao_parameters", len(t.KakaoParameters) > 0)
		t.KakaoParameters = ParamMap{}
	}
	switch {
	case pt.LinkArticleID != nil && strings.TrimSpace(*pt.LinkArticleID) != "":
		v := strings.TrimSpace(*pt.LinkArticleID)
		if ids.Valid(v) {
			ap.mark("link_article_id", t.LinkArticleID == nil || *t.LinkArticleID != v)
			t.LinkArticleID = &v
		} else {
			ap.fail("link_article_id", "must be an article id")
		}
	case pt.LinkArticleID != nil || cleared("link_article_id"):
		ap.mark("link_article_id", t.LinkArticleID != nil)
		t.LinkArticleID = nil
	}
	if t.Bodies.Empty() && !ap.failed("bodies") {
		ap.fail("bodies", "needs a text in at least one language (id, ko or en)")
	}
	if len(t.KakaoParameters) > 0 && t.KakaoTemplateCode == nil && !ap.failed("kakao_") {
		ap.fail("kakao_template_code", "is required when kakao_parameters are set")
	}
}

// failed reports whether a field starting with prefix already has an error.
func (ap *applier) failed(prefix string) bool {
	return slices.ContainsFunc(ap.fe, func(f errs.FieldError) bool { return strings.HasPrefix(f.Field, prefix) })
}

func (ap *applier) name(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		ap.fail("name", "must be UTF-8 text")
	case s == "":
		ap.fail("name", "is required")
	case utf8.RuneCountInString(s) > MaxNameLen:
		ap.fail("name", fmt.Sprintf("must be at most %d characters", MaxNameLen))
	case hasControl(s, false):
		ap.fail("name", "must not contain control characters")
	default:
		return s, true
	}
	return "", false
}

// body trims a body and checks its length, encoding and variables.
func (ap *applier) body(lang, s string) (string, bool) {
	field := "bodies." + lang
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		ap.fail(field, "must be UTF-8 text")
		return "", false
	case utf8.RuneCountInString(s) > MaxBodyLen:
		ap.fail(field, fmt.Sprintf("must be at most %d characters", MaxBodyLen))
		return "", false
	case hasControl(s, true):
		ap.fail(field, "must not contain control characters other than line breaks and tabs")
		return "", false
	}
	if _, err := Parse(s); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			ap.fail(field, pe.Reason)
		} else {
			ap.fail(field, "is not a valid template")
		}
		return "", false
	}
	return s, true
}

func (ap *applier) kakaoCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch {
	case len(s) > MaxKakaoCodeLen:
		ap.fail("kakao_template_code", fmt.Sprintf("must be at most %d characters", MaxKakaoCodeLen))
	case !kakaoCode.MatchString(s):
		ap.fail("kakao_template_code", "must be the AlimTalk template code: letters, digits and punctuation, no spaces")
	default:
		return s, true
	}
	return "", false
}

func (ap *applier) kakaoParams(in map[string]string) (ParamMap, bool) {
	if len(in) > MaxKakaoParameters {
		ap.fail("kakao_parameters", fmt.Sprintf("must hold at most %d parameters", MaxKakaoParameters))
		return nil, false
	}
	out := ParamMap{}
	ok := true
	for _, key := range slices.Sorted(maps.Keys(in)) {
		field := "kakao_parameters." + key
		name := strings.TrimSpace(key)
		switch {
		case name == "" || !utf8.ValidString(name) || hasControl(name, false):
			ap.fail(field, "a parameter name must be plain text")
			ok = false
			continue
		case utf8.RuneCountInString(name) > MaxKakaoParamNameLen:
			ap.fail(field, fmt.Sprintf("a parameter name must be at most %d characters", MaxKakaoParamNameLen))
			ok = false
			continue
		}
		if _, dup := out[name]; dup {
			ap.fail(field, "is given twice")
			ok = false
			continue
		}
		v := strings.TrimSpace(in[key])
		if !IsVariable(v) {
			ap.fail(field, "must name a variable: one of "+strings.Join(KnownVariables, ", ")+" or attributes.KEY")
			ok = false
			continue
		}
		out[name] = v
	}
	return out, ok
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
