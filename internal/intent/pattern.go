package intent

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Pattern syntax (see the word lists):
//
//	sudah minum     tokens in sequence
//	@already        any word of a group
//	bleed*          any token starting with "bleed"
//	@already .. @take  up to maxGap tokens in between (not negations or modal words)
//	boleh _         "_" is any one token
//	@med .. habis $ "$" is the end of the clause (courtesy words such as "dok" may follow)
//	가슴이 아파       Hangul: a substring of the clause with spaces removed
//	^피가 나         Hangul, starting at a token start ("커피가 나와요" is coffee)
//	=네             Hangul, the whole token

const maxGap = 2

type matcher struct {
	words    map[string]struct{}
	prefixes []string
	gap      bool // "..": skip up to maxGap tokens
	any      bool // "_": any one token
	end      bool // "$": end of the clause
}

func (m *matcher) ok(tok string) bool {
	if _, y := m.words[tok]; y {
		return true
	}
	for _, suf := range [...]string{"nya", "ku", "mu"} {
		if len(tok) > len(suf)+2 && strings.HasSuffix(tok, suf) {
			if _, y := m.words[tok[:len(tok)-len(suf)]]; y {
				return true
			}
		}
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(tok, p) {
			return true
		}
	}
	return false
}

type pattern struct {
	seq    []matcher // Latin-script patterns
	ko     string    // Hangul patterns: compact form
	anchor bool      // ko must start at a token start
	whole  bool      // ko must be a whole token
}

// category holds the compiled patterns of one word list.
type category struct {
	pats    []pattern
	byFirst map[string][]int // Latin patterns by their first exact word
	scan    []int            // Latin patterns whose first matcher has prefixes
	korean  []int
}

func compileCategory(specs []string, groups map[string][]string) *category {
	c := &category{byFirst: map[string][]int{}}
	for _, spec := range specs {
		p := compilePattern(spec, groups)
		i := len(c.pats)
		c.pats = append(c.pats, p)
		switch {
		case p.ko != "":
			c.korean = append(c.korean, i)
		case len(p.seq[0].prefixes) > 0:
			c.scan = append(c.scan, i)
			fallthrough
		default:
			for w := range p.seq[0].words {
				c.byFirst[w] = append(c.byFirst[w], i)
			}
		}
	}
	return c
}

func compilePattern(spec string, groups map[string][]string) pattern {
	spec = strings.TrimSpace(spec)
	if isHangul(spec) {
		var p pattern
		switch {
		case strings.HasPrefix(spec, "^"):
			p.anchor, spec = true, spec[1:]
		case strings.HasPrefix(spec, "="):
			p.whole, spec = true, spec[1:]
		}
		p.ko = strings.Join(analyze(spec).toks, "")
		if p.ko == "" {
			panic(fmt.Sprintf("intent: empty Korean pattern %q", spec))
		}
		return p
	}
	var p pattern
	fields := strings.Fields(spec)
	for i, f := range fields {
		switch {
		case f == "..":
			if i == 0 || i == len(fields)-1 {
				panic(fmt.Sprintf("intent: gap at the edge of pattern %q", spec))
			}
			p.seq = append(p.seq, matcher{gap: true})
		case f == "_" || f == "$":
			if i == 0 {
				panic(fmt.Sprintf("intent: pattern %q starts with %q", spec, f))
			}
			p.seq = append(p.seq, matcher{any: f == "_", end: f == "$"})
		case strings.HasPrefix(f, "@"):
			g, ok := groups[f[1:]]
			if !ok {
				panic(fmt.Sprintf("intent: unknown group %q in %q", f, spec))
			}
			p.seq = append(p.seq, wordMatcher(g))
		default:
			p.seq = append(p.seq, wordMatcher([]string{f}))
		}
	}
	if len(p.seq) == 0 {
		panic(fmt.Sprintf("intent: empty pattern %q", spec))
	}
	return p
}

func wordMatcher(words []string) matcher {
	m := matcher{words: map[string]struct{}{}}
	for _, w := range words {
		if strings.HasSuffix(w, "*") {
			m.prefixes = append(m.prefixes, normWord(strings.TrimSuffix(w, "*")))
			continue
		}
		m.words[normWord(w)] = struct{}{}
	}
	return m
}

// normWord normalises a keyword exactly as analyze normalises a token and
// insists that it is one token, so that lists cannot silently never match.
func normWord(w string) string {
	toks := analyze(w).toks
	if len(toks) != 1 {
		panic(fmt.Sprintf("intent: keyword %q is not one token (%q)", w, toks))
	}
	return toks[0]
}

// hit is one match: tokens [start, end) in one clause; for Korean patterns
// also the byte range [koS, koE) in the clause's compact string.
type hit struct {
	start, end int
	clause     int
	ko         bool
	koS, koE   int
}

// each calls fn for every match of c in t until fn returns true.
func (c *category) each(t *text, fn func(hit) bool) bool {
	for i, tok := range t.toks {
		if c.eachAt(t, i, c.byFirst[tok], fn) {
			return true
		}
		for _, suf := range [...]string{"nya", "ku", "mu"} {
			if len(tok) > len(suf)+2 && strings.HasSuffix(tok, suf) {
				if c.eachAt(t, i, c.byFirst[tok[:len(tok)-len(suf)]], fn) {
					return true
				}
			}
		}
		if c.eachAt(t, i, c.scan, fn) {
			return true
		}
	}
	for _, pi := range c.korean {
		if c.eachKorean(t, &c.pats[pi], fn) {
			return true
		}
	}
	return false
}

func (c *category) eachAt(t *text, i int, cands []int, fn func(hit) bool) bool {
	for _, pi := range cands {
		if end := matchSeq(c.pats[pi].seq, t, i, t.clause[i]); end >= 0 {
			if fn(hit{start: i, end: end, clause: t.clause[i]}) {
				return true
			}
		}
	}
	return false
}

func matchSeq(seq []matcher, t *text, i, cl int) int {
	if len(seq) == 0 {
		return i
	}
	m := &seq[0]
	if m.gap {
		for skip := 0; skip <= maxGap; skip++ {
			j := i + skip
			if skip > 0 {
				k := j - 1
				if k >= len(t.toks) || t.clause[k] != cl {
					break
				}
				if _, stop := gapStop[t.toks[k]]; stop {
					break
				}
			}
			if end := matchSeq(seq[1:], t, j, cl); end >= 0 {
				return end
			}
		}
		return -1
	}
	if m.end {
		for k := i; k < len(t.toks) && t.clause[k] == cl; k++ {
			if _, ok := leadFillers[t.toks[k]]; !ok {
				return -1
			}
		}
		return matchSeq(seq[1:], t, i, cl)
	}
	if i >= len(t.toks) || t.clause[i] != cl || !m.any && !m.ok(t.toks[i]) {
		return -1
	}
	return matchSeq(seq[1:], t, i+1, cl)
}

func (c *category) eachKorean(t *text, p *pattern, fn func(hit) bool) bool {
	for ci := range t.clauses {
		cl := &t.clauses[ci]
		if p.whole {
			for k := cl.from; k < cl.to; k++ {
				if t.toks[k] == p.ko {
					off := cl.starts[k-cl.from]
					if fn(hit{start: k, end: k + 1, clause: ci, ko: true, koS: off, koE: off + len(p.ko)}) {
						return true
					}
				}
			}
			continue
		}
		for off := 0; off < len(cl.compact); {
			idx := strings.Index(cl.compact[off:], p.ko)
			if idx < 0 {
				break
			}
			s := off + idx
			_, size := utf8.DecodeRuneInString(cl.compact[s:])
			off = s + size
			k := cl.tokenAt(s)
			if p.anchor && cl.starts[k] != s {
				continue
			}
			e := s + len(p.ko)
			h := hit{start: cl.from + k, end: cl.from + cl.tokenAt(e-1) + 1, clause: ci, ko: true, koS: s, koE: e}
			if fn(h) {
				return true
			}
		}
	}
	return false
}

// tokenAt returns the index within the clause of the token holding byte off.
func (c *clauseInfo) tokenAt(off int) int {
	// starts is ascending and starts[0] == 0: the last start <= off.
	return sort.Search(len(c.starts), func(k int) bool { return c.starts[k] > off }) - 1
}
