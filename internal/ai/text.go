package ai

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Input limits, in characters (runes).
const (
	maxMessageChars = 1000
	maxSourceChars  = 2000
	maxSources      = 3
	maxBriefChars   = 2000
	maxAnswerChars  = 600
	maxNameChars    = 50
)

// truncate cuts s to at most n runes, preferring the last space in the final
// tenth so words stay whole, and marks the cut with an ellipsis.
func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := len(r)
	for i := len(r) - 1; i >= len(r)-n/10 && i > 0; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace) + "…"
}

// shorten cuts an answer to at most n runes at the end of a sentence when one
// ends in the second half, else at a word, with an ellipsis.
func shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	for i := len(r) - 1; i >= n/2; i-- {
		switch r[i] {
		case '.', '!', '?', '。', '！', '？', '\n':
			return strings.TrimSpace(string(r[:i+1]))
		}
	}
	return truncate(s, n)
}

// firstName keeps one short line of the name; a blank name is "".
func firstName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return truncate(s, maxNameChars)
}

// languageName names a language code for the prompts.
func languageName(code string) string {
	switch strings.ToLower(strings.TrimSpace(code)) {
	case "id":
		return "Indonesian (Bahasa Indonesia)"
	case "ko":
		return "Korean"
	case "en":
		return "English"
	case "":
		return ""
	default:
		return "the language with code " + safeIdent(code)
	}
}

var errNotJSON = errors.New("the message content is not a JSON object")

// decodeContent parses a message content holding one JSON object into v. It
// tolerates surrounding whitespace, a ```json fenced block, a leading
// <think>…</think> block and prose around the object; unknown fields are ignored.
func decodeContent(content string, v any) error {
	s := strings.TrimSpace(content)
	if strings.HasPrefix(s, "<think>") {
		if i := strings.Index(s, "</think>"); i >= 0 {
			s = strings.TrimSpace(s[i+len("</think>"):])
		}
	}
	if i := strings.Index(s, "```"); i >= 0 && !strings.HasPrefix(s, "{") {
		rest := s[i+3:]
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 && !strings.Contains(rest[:nl], "{") {
			rest = rest[nl+1:] // drop the info string ("json")
		}
		if j := strings.Index(rest, "```"); j >= 0 {
			rest = rest[:j]
		}
		s = strings.TrimSpace(rest)
	}
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return errNotJSON
	}
	// A decoder reads the first object and ignores any prose after it.
	if err := json.NewDecoder(strings.NewReader(s[i:])).Decode(v); err != nil {
		return errNotJSON
	}
	return nil
}
