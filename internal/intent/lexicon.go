package intent

import (
	"fmt"
	"strings"
)

// cat names one word list; each language file fills some of them.
type cat int

const (
	cConfirm       cat = iota // "sudah minum", "taken", "먹었어요"
	cConfirmWeak              // "sudah", "done"-like words that yield to stronger cues
	cConfirmHint              // "ok", "siap", "yes", "네": acknowledgement only
	cNotYet                   // "belum", "not yet", "아직 안"
	cNotYetWeak               // "nanti", "later", "아직"
	cReschedule               // "ganti jadwal", "reschedule", "예약 변경"
	cQuestion                 // strong anywhere: "mau tanya", "어떻게"
	cQuestionStart            // strong at the start of a clause: "apakah", "can i"
	cQuestionWord             // weak anywhere: "kapan", "how"
	cOptOut                   // explicit: "jangan kirim lagi", "unsubscribe", "수신거부"
	cStopWord                 // bare "stop", "berhenti", "중지" (opt-out at a clause start)
	cStopVerbKO               // Korean stop verbs for the medicine-stop check
	cMedStop                  // stopping or refusing the medicine
	cMedOut                   // ran out of medicine
	cMedicine                 // Korean medicine words
	cSymptom                  // mild symptoms: a concern for staff
	cGreeting
	cGreetingStart // "pagi", "morning": a greeting only at the start of a clause
	cThanks
	cHighFever // red flags from here on
	cFever
	cChemo
	cTemperature
	cBleeding
	cChestPain
	cBreathing
	cFainting
	cSuicidal
	cEmergency
	cPain
	cSevere
	numCats
)

// words is one language's keyword lists, indexed by category.
type words [numCats][]string

var (
	cats [numCats]*category

	lexID, lexEN map[string]struct{} // words that mark a language

	negCues, negFillers, postFillers, resolvedCues, existWords map[string]struct{}
	gapStop, leadFillers, weakTails, questionTags, degreeUnits map[string]struct{}
	consentFillers, notConfirmNext                             map[string]struct{}
	consentWords                                               map[string]string
)

func init() {
	groups := map[string][]string{}
	for _, gs := range []map[string][]string{groupsID, groupsEN} {
		for name, g := range gs {
			if _, dup := groups[name]; dup {
				panic(fmt.Sprintf("intent: group %q defined twice", name))
			}
			groups[name] = g
		}
	}
	for c := cat(0); c < numCats; c++ {
		var specs []string
		for _, w := range []*words{&wordsID, &wordsEN, &wordsKO} {
			specs = append(specs, w[c]...)
		}
		cats[c] = compileCategory(specs, groups)
	}

	lexID = lexicon(&wordsID, groupsID, extraID)
	lexEN = lexicon(&wordsEN, groupsEN, extraEN)
	for w := range lexID {
		if _, both := lexEN[w]; both {
			delete(lexID, w)
			delete(lexEN, w)
		}
	}

	negCues = wordSet(negationWords)
	negFillers = wordSet(negationFillerWords)
	postFillers = wordSet(postFillerWords)
	resolvedCues = wordSet(resolvedWords)
	notConfirmNext = wordSet(append([]string{"habis", "abis"}, resolvedWords...))
	existWords = wordSet([]string{"ada", "ad", "any"})
	gapStop = wordSet(append(append([]string{}, negationWords...), modalWords...))
	leadFillers = wordSet(leadFillerWords)
	weakTails = wordSet(weakTailWords)
	questionTags = wordSet(questionTagWords)
	degreeUnits = wordSet(degreeUnitWords)
	consentFillers = wordSet(consentFillerWords)
	koPostNegations = compactAll(koPostNegations)
	koPostStops = compactAll(koPostStops)
	consentWords = map[string]string{}
	for kind, list := range consentAnswers {
		for _, phrase := range list {
			toks := analyze(phrase).toks
			consentWords[strings.Join(toks, " ")] = kind
			if isHangul(phrase) {
				consentWords[strings.Join(toks, "")] = kind
			}
		}
	}
}

func wordSet(list []string) map[string]struct{} {
	m := make(map[string]struct{}, len(list))
	for _, w := range list {
		m[normWord(w)] = struct{}{}
	}
	return m
}

func compactAll(list []string) []string {
	out := make([]string, len(list))
	for i, w := range list {
		out[i] = strings.Join(analyze(w).toks, "")
	}
	return out
}

// lexicon collects the plain words of one language's lists.
func lexicon(w *words, groups map[string][]string, extra []string) map[string]struct{} {
	m := map[string]struct{}{}
	add := func(f string) {
		if f == ".." || f == "_" || f == "$" || strings.HasPrefix(f, "@") || strings.HasSuffix(f, "*") {
			return
		}
		if isHangul(f) {
			return
		}
		m[normWord(f)] = struct{}{}
	}
	for _, list := range w {
		for _, spec := range list {
			for _, f := range strings.Fields(spec) {
				add(f)
			}
		}
	}
	for _, g := range groups {
		for _, f := range g {
			add(f)
		}
	}
	for _, f := range extra {
		add(f)
	}
	return m
}
