package intent

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// negMode says which negation applies to a category's matches.
type negMode int

const (
	negNever   negMode = iota // matches always count
	negSymptom                // red flags and symptoms: negation before or resolution after
	negConfirm                // "not taken", "안 먹었어요", "못 먹었어요"
)

// find reports whether c has a match in t that is not negated.
func (t *text) find(c cat, mode negMode) bool {
	found, _ := t.findNeg(c, mode)
	return found
}

// findNeg reports whether c has a match that is not negated, and whether it
// has one that is.
func (t *text) findNeg(c cat, mode negMode) (found, negated bool) {
	cats[c].each(t, func(h hit) bool {
		if mode != negNever && t.negated(h, mode) {
			negated = true
			return false
		}
		found = true
		return true
	})
	return found, negated
}

// findAtStart reports whether c matches at the start of a clause, after
// leading courtesy words ("dok, kapan …", "please stop").
func (t *text) findAtStart(c cat) bool {
	return cats[c].each(t, func(h hit) bool {
		if h.ko && t.clauses[h.clause].starts[h.start-t.clauses[h.clause].from] != h.koS {
			return false
		}
		return t.atClauseStart(h.start)
	})
}

func (t *text) atClauseStart(i int) bool {
	for k := t.clauses[t.clause[i]].from; k < i; k++ {
		if _, ok := leadFillers[t.toks[k]]; !ok {
			return false
		}
	}
	return true
}

// findConfirm finds a confirmation that is not negated ("belum diminum",
// "안 먹었어요") and not followed by a word saying something ended
// ("obat sudah habis", "pendarahan sudah berhenti").
func (t *text) findConfirm(c cat) bool {
	return cats[c].each(t, func(h hit) bool {
		if t.negated(h, negConfirm) {
			return false
		}
		if !h.ko && h.end < len(t.toks) && t.clause[h.end] == h.clause {
			if _, over := notConfirmNext[t.toks[h.end]]; over {
				return false
			}
		}
		return c != cConfirmWeak || h.ko || t.onlyCourtesyAfter(h.end, h.clause)
	})
}

// onlyCourtesyAfter reports whether the clause has nothing but courtesy
// words from token i on: a bare "sudah" confirms in "sudah ya dok", not in
// "hasil cek darah sudah keluar".
func (t *text) onlyCourtesyAfter(i, cl int) bool {
	for ; i < len(t.toks) && t.clause[i] == cl; i++ {
		w := t.toks[i]
		_, lead := leadFillers[w]
		_, courtesy := consentFillers[w]
		_, tail := weakTails[w]
		if !lead && !courtesy && !tail {
			return false
		}
	}
	return true
}

// findNotYet finds a not-yet cue, but treats a trailing "belum?" as a
// question tag ("sudah boleh makan belum?") and reports it through tag.
func (t *text) findNotYet(c cat, tag *bool) bool {
	return cats[c].each(t, func(h hit) bool {
		if !h.ko && h.end == h.start+1 && t.qAfter[h.start] {
			if _, ok := questionTags[t.toks[h.start]]; ok {
				*tag = true
				return false
			}
		}
		return true
	})
}

func (t *text) negated(h hit, mode negMode) bool {
	if h.ko {
		return t.koNegated(h, mode)
	}
	if t.negBefore(h.start) {
		return true
	}
	return mode == negSymptom && t.negAfter(h.end)
}

// negBefore reports a negation before token i with only filler words between
// ("nggak ada pendarahan", "I don't have any fever").
func (t *text) negBefore(i int) bool {
	cl := t.clause[i]
	for k, n := i-1, 0; k >= 0 && t.clause[k] == cl && n < 4; k, n = k-1, n+1 {
		w := t.toks[k]
		if _, ok := negCues[w]; ok {
			return true
		}
		if _, ok := negFillers[w]; !ok {
			return false
		}
	}
	return false
}

// negAfter reports a resolution after the match: "bleeding stopped",
// "demam sudah hilang", "pendarahan tidak ada", "demam: tidak". A negation
// followed by anything else ("demam tidak turun") is not a resolution.
func (t *text) negAfter(end int) bool {
	if end >= len(t.toks) {
		return false
	}
	cl := t.clause[end-1]
	for k := end; k < len(t.toks) && t.clause[k] == cl && k < end+3; k++ {
		w := t.toks[k]
		if _, ok := resolvedCues[w]; ok {
			return true
		}
		if _, ok := negCues[w]; ok {
			next := k + 1
			if next >= len(t.toks) || t.clause[next] != cl {
				return true
			}
			_, exists := existWords[t.toks[next]]
			return exists
		}
		if _, ok := postFillers[w]; !ok {
			return false
		}
	}
	return false
}

// koNegated applies Korean negation: "안" right before the match ("안
// 아파요"; also "못" for confirmations), or "없"/"않"/"아니"… shortly after it
// in the same clause ("열은 없어요", "아프지 않아요").
func (t *text) koNegated(h hit, mode negMode) bool {
	compact := t.clauses[h.clause].compact
	before := compact[:h.koS]
	if strings.HasSuffix(before, "안") || mode == negConfirm && strings.HasSuffix(before, "못") {
		return true
	}
	if mode != negSymptom {
		return false
	}
	rest := compact[h.koE:]
	for off, n := 0, 0; off < len(rest) && n < 8; n++ {
		r := rest[off:]
		for _, s := range koPostStops {
			if strings.HasPrefix(r, s) {
				return false
			}
		}
		for _, s := range koPostNegations {
			if strings.HasPrefix(r, s) {
				return true
			}
		}
		_, size := utf8.DecodeRuneInString(r)
		off += size
	}
	return false
}

// koMedicineStop finds "stop"/"quit" next to the medicine in one Korean
// clause ("약 먹는 거 그만둘래요"): the patient stopping the medicine.
func (t *text) koMedicineStop() bool {
	if t.hangul == 0 {
		return false
	}
	stops := map[int]bool{}
	cats[cStopVerbKO].each(t, func(h hit) bool {
		// "그만두지 않을 거예요": a stop verb that is itself negated is no stop.
		rest := koAhead(t.clauses[h.clause].compact[h.koE:], 8)
		if !strings.Contains(rest, "않") && !strings.Contains(rest, "안할") {
			stops[h.clause] = true
		}
		return false
	})
	if len(stops) == 0 {
		return false
	}
	return cats[cMedicine].each(t, func(h hit) bool { return stops[h.clause] })
}

// urgentKind returns the red-flag kind found in t and its confidence, or "".
func urgentKind(t *text) (string, float64) {
	direct := [...]struct {
		c    cat
		name string
		mode negMode
	}{
		{cSuicidal, "suicidal", negNever},
		{cBreathing, "breathing", negSymptom},
		{cChestPain, "chest_pain", negSymptom},
		{cBleeding, "bleeding", negSymptom},
		{cFainting, "fainting", negSymptom},
		{cHighFever, "fever", negSymptom},
		{cEmergency, "emergency", negSymptom},
	}
	for _, d := range direct {
		found, negated := t.findNeg(d.c, d.mode)
		if found {
			return d.name, 0.95
		}
		t.negatedRedFlag = t.negatedRedFlag || negated
	}
	fever, negated := t.findNeg(cFever, negSymptom)
	t.negatedRedFlag = t.negatedRedFlag || negated
	if fever && t.find(cChemo, negNever) {
		return "fever_chemo", 0.9
	}
	if t.highTemperature(fever) {
		return "fever_temperature", 0.9
	}
	if t.find(cPain, negSymptom) && t.find(cSevere, negSymptom) {
		return "severe_pain", 0.9
	}
	if t.sosEmoji {
		return "emergency", 0.9
	}
	return "", 0
}

// highTemperature finds a body temperature of 38–43 °C (or 101–107 °F) next
// to a fever or temperature word, or followed by a degree unit ("39 derajat",
// "39도").
func (t *text) highTemperature(fever bool) bool {
	context := fever || t.find(cTemperature, negSymptom)
	for i, w := range t.toks {
		if len(w) < 2 || len(w) > 3 || strings.Trim(w, "0123456789") != "" {
			continue
		}
		n, err := strconv.Atoi(w)
		if err != nil || !(n >= 38 && n <= 43 || n >= 101 && n <= 107) {
			continue
		}
		if context {
			return true
		}
		if i+1 < len(t.toks) && t.clause[i+1] == t.clause[i] {
			if _, ok := degreeUnits[t.toks[i+1]]; ok {
				return true
			}
		}
	}
	return false
}

// koAhead returns at most n runes from the start of s.
func koAhead(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
