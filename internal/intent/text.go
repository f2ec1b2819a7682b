package intent

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	// maxInputBytes caps the work done on one message: the rest is ignored.
	maxInputBytes = 4096
	// maxTokens caps the tokens kept from one message.
	maxTokens = 1024
)

// text is a message prepared for matching.
type text struct {
	toks    []string // lowercased, squeezed tokens
	clause  []int    // clause index of each token
	qAfter  []bool   // the token ends a clause that ended with '?'
	clauses []clauseInfo

	question     bool // a '?' was seen
	confirmEmoji bool // 👍 ✅ ✔ 👌 …
	greetEmoji   bool // 👋 🙏
	sosEmoji     bool // 🆘
	blank        bool // nothing but white space

	negatedRedFlag bool // set by urgentKind: a red flag was mentioned but negated

	hangul, latin int // letter counts by script
}

// clauseInfo describes one clause: tokens [from, to) and, for Korean
// matching, the clause's tokens concatenated without spaces.
type clauseInfo struct {
	from, to  int
	compact   string
	starts    []int // byte offset in compact where each token starts
	questionQ bool  // the clause ended with '?'
}

type charClass int

const (
	classNone charClass = iota
	classLetter
	classDigit
)

// analyze normalises s and splits it into tokens and clauses.
func analyze(s string) *text {
	if len(s) > maxInputBytes {
		s = s[:maxInputBytes]
	}
	s = strings.ToValidUTF8(s, " ")
	s = norm.NFKC.String(s)
	if len(s) > 2*maxInputBytes { // NFKC can expand a little
		s = s[:2*maxInputBytes]
	}
	t := &text{blank: strings.TrimSpace(s) == ""}
	var (
		cur      []rune
		cl       int
		prev     = classNone
		pendingQ bool
	)
	flush := func() {
		if len(cur) > 0 && len(t.toks) < maxTokens {
			t.toks = append(t.toks, squeeze(cur))
			t.clause = append(t.clause, cl)
			t.qAfter = append(t.qAfter, false)
		}
		cur = cur[:0]
		prev = classNone
	}
	breakClause := func() {
		flush()
		if len(t.toks) > 0 && t.clause[len(t.toks)-1] == cl {
			t.qAfter[len(t.toks)-1] = pendingQ
			cl++
		}
		pendingQ = false
	}
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError:
			flush()
		case isApostrophe(r), r == 0xFE0F, r == 0xFE0E, r == 0x200D, r >= 0x1F3FB && r <= 0x1F3FF:
			// joined or ignored: "don't" → "dont", emoji modifiers
		case unicode.IsLetter(r):
			if prev == classDigit {
				flush()
			}
			if unicode.Is(unicode.Hangul, r) {
				t.hangul++
			} else if unicode.Is(unicode.Latin, r) {
				t.latin++
			}
			cur = append(cur, unicode.ToLower(r))
			prev = classLetter
		case unicode.IsDigit(r):
			if prev == classLetter {
				flush()
			}
			cur = append(cur, r)
			prev = classDigit
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
			if len(cur) > 0 {
				cur = append(cur, r)
			}
		case (r == '.' || r == ',') && prev != classNone && i+1 < len(s) && isAlnumByte(s[i+1]):
			flush() // "38.5", "sdh.minum": a separator, not the end of a clause
		case isClauseBreak(r):
			if r == '?' {
				t.question = true
				pendingQ = true
			}
			breakClause()
		default:
			t.noteEmoji(r)
			flush()
		}
	}
	breakClause()
	t.mergeCompounds()
	t.splitConjunctions()
	t.buildClauses()
	return t
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '´', 0x2018, 0x2019, 0x02BC:
		return true
	}
	return false
}

func isAlnumByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func isClauseBreak(r rune) bool {
	switch r {
	case '.', ',', ';', '!', '?', '\n', '\r', '(', ')', '[', ']', '{', '}', '|',
		'…', '¿', '¡', '。', '、', '·', '•':
		return true
	}
	return false
}

func (t *text) noteEmoji(r rune) {
	switch r {
	case 0x1F44D, 0x1F44C, 0x2705, 0x2714, 0x2713, 0x2611, 0x1F197, 0x1F4AF:
		t.confirmEmoji = true // 👍 👌 ✅ ✔ ✓ ☑ 🆗 💯
	case 0x1F44B, 0x1F64F:
		t.greetEmoji = true // 👋 🙏
	case 0x1F198:
		t.sosEmoji = true // 🆘
	}
}

// squeeze collapses runs of the same letter so that "sudahhh" and "sudah"
// compare equal (keywords are squeezed the same way). Digits are kept.
func squeeze(rs []rune) string {
	var b strings.Builder
	b.Grow(len(rs))
	prev := rune(-1)
	for _, r := range rs {
		if r == prev && unicode.IsLetter(r) {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// mergeCompounds joins word pairs whose parts would otherwise match a
// keyword on their own ("rumah sakit" is a hospital, not pain).
func (t *text) mergeCompounds() {
	n := 0
	for i := 0; i < len(t.toks); i++ {
		tok, q := t.toks[i], t.qAfter[i]
		if i+1 < len(t.toks) && t.clause[i] == t.clause[i+1] {
			if m, ok := compounds[tok+" "+t.toks[i+1]]; ok {
				tok, q = m, t.qAfter[i+1]
				i++
			}
		}
		t.toks[n], t.clause[n], t.qAfter[n] = tok, t.clause[i], q
		n++
	}
	t.toks, t.clause, t.qAfter = t.toks[:n], t.clause[:n], t.qAfter[:n]
}

// splitConjunctions starts a new clause at "tapi", "but", "그런데", … and
// after Korean tokens ending in "-는데"/"-지만", so that negation and phrases
// stay inside one clause.
func (t *text) splitConjunctions() {
	shift := 0
	prevOrig := -1
	for i := range t.toks {
		orig := t.clause[i]
		if i > 0 && prevOrig == orig {
			_, conj := conjunctions[t.toks[i]]
			if conj || koClauseEnd(t.toks[i-1]) {
				shift++
			}
		}
		prevOrig = orig
		t.clause[i] = orig + shift
	}
}

func koClauseEnd(tok string) bool {
	return strings.HasSuffix(tok, "는데") || strings.HasSuffix(tok, "은데") ||
		strings.HasSuffix(tok, "지만") || strings.HasSuffix(tok, "ㄴ데")
}

func (t *text) buildClauses() {
	for i := 0; i < len(t.toks); {
		j := i
		for j < len(t.toks) && t.clause[j] == t.clause[i] {
			j++
		}
		c := clauseInfo{from: i, to: j, questionQ: t.qAfter[j-1]}
		var b strings.Builder
		for k := i; k < j; k++ {
			c.starts = append(c.starts, b.Len())
			b.WriteString(t.toks[k])
		}
		c.compact = b.String()
		t.clauses = append(t.clauses, c)
		i = j
	}
	// Renumber clauses 0..n-1 so t.clause indexes t.clauses.
	for ci, c := range t.clauses {
		for k := c.from; k < c.to; k++ {
			t.clause[k] = ci
		}
	}
}

// language guesses the language of the message from its script and words.
func (t *text) language() string {
	if t.hangul > 0 && 2*t.hangul >= t.latin {
		return "ko"
	}
	if t.latin == 0 {
		return ""
	}
	id, en := 0, 0
	for _, w := range t.toks {
		if _, ok := lexID[w]; ok {
			id++
		} else if _, ok := lexID[strings.TrimSuffix(w, "nya")]; ok && len(w) > 5 {
			id++
		}
		if _, ok := lexEN[w]; ok {
			en++
		}
	}
	switch {
	case id > en:
		return "id"
	case en > id:
		return "en"
	}
	return ""
}
