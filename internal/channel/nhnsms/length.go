package nhnsms

import "unicode/utf8"

// Length limits in EUC-KR bytes (NHN's "standard" sizes).
const (
	SMSMaxBytes   = 90   // one SMS; longer bodies go as LMS to Korean numbers
	LMSMaxBytes   = 2000 // LMS body
	TitleMaxBytes = 40   // LMS title
)

// EUCKRLen is the length of s in EUC-KR bytes, the unit NHN measures SMS in.
// EUC-KR writes ASCII in one byte and every other character it knows
// (Hangul, Hanja, symbols) in two; characters it cannot encode (emoji,
// accented Latin) are counted as two as well. So the count is one per ASCII
// byte and two per other character — the same figure
// golang.org/x/text/encoding/korean gives, without encoding the text.
func EUCKRLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		n += 2
		i += size
	}
	return n
}

// cutEUCKR cuts s to at most max EUC-KR bytes, on a character boundary.
func cutEUCKR(s string, max int) string {
	n := 0
	for i, r := range s {
		w := 2
		if r < utf8.RuneSelf {
			w = 1
		}
		if n+w > max {
			return s[:i]
		}
		n += w
	}
	return s
}
