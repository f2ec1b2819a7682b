package content

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GroundingArticle is a published article as the conversation pipeline hands
// it to the LLM: its title, its public URL and its plain text.
type GroundingArticle struct {
	Title, URL, Text string
}

// Bounds of grounding.
const (
	maxGroundingWords      = 8
	maxGroundingCandidates = 50
	maxGroundingLimit      = 10
	// MaxGroundingText caps the text of one article handed to the LLM (characters).
	MaxGroundingText = 4000
)

// stopWords are frequent words that say nothing about the topic.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "what": true, "how": true, "can": true, "you": true, "are": true, "with": true,
	"yang": true, "dan": true, "apa": true, "saya": true, "untuk": true, "ini": true, "itu": true, "bisa": true, "tidak": true,
	"ada": true, "dengan": true, "bagaimana": true, "kapan": true, "boleh": true,
}

// queryWords are the distinct lowercase words of a question worth matching:
// at least three characters (two for Hangul), no stop words, at most eight.
func queryWords(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		n := utf8.RuneCountInString(w)
		hangul := strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
		if (n < 3 && !(hangul && n >= 2)) || stopWords[w] || slices.Contains(out, w) || n > 40 {
			continue
		}
		out = append(out, w)
		if len(out) == maxGroundingWords {
			break
		}
	}
	return out
}

// overlap scores an article against the words: a word in the title counts
// twice, one in the body once.
func overlap(a Article, words []string) int {
	title, body := strings.ToLower(a.Title), strings.ToLower(a.BodyMarkdown)
	score := 0
	for _, w := range words {
		if strings.Contains(title, w) {
			score += 2
		}
		if strings.Contains(body, w) {
			score++
		}
	}
	return score
}

// PublishedForGrounding chooses up to limit (1–10, default 3) published
// articles of the tenant to ground an AI answer to query: those sharing the
// most words with the query, in language first and any language after. A
// query with no usable word gets the tenant's latest articles in language.
// Text is the plain text of each article (no markup), at most
// MaxGroundingText characters; URL is its public page.
func (s *Service) PublishedForGrounding(ctx context.Context, tenantID, language, query string, limit int) ([]GroundingArticle, error) {
	if limit <= 0 {
		limit = 3
	}
	limit = min(limit, maxGroundingLimit)
	words := queryWords(query)
	candidates, err := s.store.Published(ctx, tenantID, language, words, maxGroundingCandidates)
	if err != nil {
		return nil, err
	}
	type ranked struct {
		a           Article
		score, lang int
	}
	rs := make([]ranked, 0, len(candidates))
	for _, a := range candidates {
		r := ranked{a: a, score: overlap(a, words)}
		if a.Language == language {
			r.lang = 1
		}
		if len(words) > 0 && r.score == 0 {
			continue // matched a word only in a case SQL's lower() folds differently
		}
		rs = append(rs, r)
	}
	// The store's order (language, then newest) breaks ties: a stable sort keeps it.
	slices.SortStableFunc(rs, func(x, y ranked) int {
		if x.lang != y.lang {
			return y.lang - x.lang
		}
		return y.score - x.score
	})
	out := make([]GroundingArticle, 0, min(limit, len(rs)))
	for _, r := range rs {
		if len(out) == limit {
			break
		}
		text := PlainText(r.a.BodyMarkdown)
		if utf8.RuneCountInString(text) > MaxGroundingText {
			text = string([]rune(text)[:MaxGroundingText])
		}
		out = append(out, GroundingArticle{Title: r.a.Title, URL: s.PublicURL(r.a.Slug), Text: text})
	}
	return out, nil
}
