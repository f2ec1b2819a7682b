package content

import (
	"crypto/rand"
	"regexp"
	"strings"
	"unicode"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidSlug reports whether s is lowercase ASCII words joined by single hyphens.
func ValidSlug(s string) bool { return len(s) <= MaxSlugLen && slugPattern.MatchString(s) }

// latin folds the accented letters Indonesian and English titles use.
var latin = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae", 'ç': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i",
	'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ù': "u",
	'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
}

// slugBase is max-length lowercase ASCII slug of title and whether letters
// or digits of other scripts were left out (a Korean title leaves out all).
func slugBase(title string, max int) (string, bool) {
	var b strings.Builder
	dropped := false
	sep := false
	for _, r := range strings.ToLower(title) {
		var s string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s = string(r)
		case latin[r] != "":
			s = latin[r]
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			dropped = true
			sep = b.Len() > 0
			continue
		default:
			sep = b.Len() > 0
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		b.WriteString(s)
	}
	out := b.String()
	for len(out) > max {
		i := strings.LastIndexByte(out[:max], '-')
		if i <= 0 {
			out = out[:max]
			break
		}
		out = out[:i]
	}
	return strings.Trim(out, "-"), dropped
}

const suffixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// randomSuffix is n characters of lowercase letters and digits.
func randomSuffix(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	for i, c := range buf {
		buf[i] = suffixAlphabet[int(c)%len(suffixAlphabet)]
	}
	return string(buf)
}

// SlugFromTitle makes a slug of a title: its ASCII words (accents folded),
// joined by hyphens. A title with words of another script (Korean) gets a
// short random suffix so that two such titles do not collide; a title with no
// ASCII word at all becomes "article-" and the suffix.
func SlugFromTitle(title string) string {
	base, dropped := slugBase(title, MaxSlugLen-7)
	switch {
	case base == "":
		return "article-" + randomSuffix(6)
	case dropped:
		return base + "-" + randomSuffix(6)
	}
	return base
}

// withSuffix makes another candidate when a generated slug is taken.
func withSuffix(slug string) string {
	if len(slug) > MaxSlugLen-7 {
		slug = strings.TrimRight(slug[:MaxSlugLen-7], "-")
	}
	return slug + "-" + randomSuffix(6)
}
