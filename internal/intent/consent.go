package intent

import (
	"strings"
	"unicode"
)

// consentOf returns the consent answer when the whole message is one: a
// consent word, possibly repeated or with courtesy words ("ya dok", "YES
// thanks", "네 감사합니다"). Anything else in the message ("ya sudah") makes it
// an ordinary message.
func consentOf(t *text) string {
	if len(t.toks) > 6 {
		return ""
	}
	var rest []string
	for _, w := range t.toks {
		if _, ok := consentFillers[w]; !ok {
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 || len(rest) > 3 {
		return ""
	}
	if kind, ok := consentWords[strings.Join(rest, " ")]; ok {
		return kind
	}
	if len(rest) > 1 && isHangul(rest[0]) {
		// "수신 거부합니다": Korean spacing varies, so also try the words joined.
		if kind := consentWord(strings.Join(rest, "")); kind != "" {
			return kind
		}
	}
	kind := ""
	for _, w := range rest {
		k := consentWord(w)
		if k == "" || kind != "" && k != kind {
			return ""
		}
		kind = k
	}
	return kind
}

// koPoliteEndings are stripped from a Korean consent token: "동의합니다" →
// "동의", "아니요" → "아니", "중지해주세요" → "중지".
var koPoliteEndings = []string{"해주세요", "합니다", "할게요", "입니다", "해요", "이요", "요"}

func consentWord(w string) string {
	if k, ok := consentWords[w]; ok {
		return k
	}
	if !isHangul(w) {
		return ""
	}
	for _, end := range koPoliteEndings {
		if stem, ok := strings.CutSuffix(w, end); ok && stem != "" {
			if k, ok := consentWords[stem]; ok {
				return k
			}
		}
	}
	return ""
}

func isHangul(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) >= 0
}
