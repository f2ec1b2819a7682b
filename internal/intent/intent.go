package intent

// The intents an inbound message can have.
const (
	Confirm    = "confirm"
	NotYet     = "not_yet"
	Reschedule = "reschedule"
	Question   = "question"
	OptOut     = "opt_out"
	Urgent     = "urgent"
	Greeting   = "greeting"
	Other      = "other"
)

// All lists the intents in the order above.
var All = []string{Confirm, NotYet, Reschedule, Question, OptOut, Urgent, Greeting, Other}

// Valid reports whether s is one of All.
func Valid(s string) bool {
	for _, v := range All {
		if s == v {
			return true
		}
	}
	return false
}

// Consent answers: whole-message consent words.
const (
	ConsentYes  = "yes"
	ConsentNo   = "no"
	ConsentStop = "stop"
)

// SureThreshold is the confidence at or above which the rules are sure and no
// language model is asked.
const SureThreshold = 0.8

// Result is the outcome of Classify.
type Result struct {
	Intent     string  // one of All
	Confidence float64 // 0..1
	Consent    string  // "", ConsentYes, ConsentNo or ConsentStop for a whole-message consent answer
	Language   string  // "id", "ko", "en" or "" when unknown: the language the text looks written in
	Rule       string  // short name of the rule that decided (never the text)
}

// Sure reports whether the rules are confident enough to act without asking a
// language model.
func (r Result) Sure() bool { return r.Confidence >= SureThreshold }

// Classify applies the rules to one inbound text message. It is
// deterministic, never calls anything external and reads at most the first
// 4,096 bytes of text.
func Classify(text string) Result {
	t := analyze(text)
	r := decide(t)
	r.Language = t.language()
	if r.Confidence < 0 {
		r.Confidence = 0
	}
	if r.Confidence > 1 {
		r.Confidence = 1
	}
	return r
}

func res(intent string, conf float64, rule string) Result {
	return Result{Intent: intent, Confidence: conf, Rule: rule}
}

func decide(t *text) Result {
	if len(t.toks) == 0 {
		return decideWordless(t)
	}
	switch consentOf(t) {
	case ConsentYes:
		r := res(Confirm, 0.95, "consent_yes")
		r.Consent = ConsentYes
		return r
	case ConsentNo:
		r := res(NotYet, 0.9, "consent_no")
		r.Consent = ConsentNo
		return r
	case ConsentStop:
		r := res(OptOut, 0.99, "consent_stop")
		r.Consent = ConsentStop
		return r
	}
	if kind, conf := urgentKind(t); kind != "" {
		return res(Urgent, conf, "urgent_"+kind)
	}
	m := collect(t)
	m.negatedSymptom = m.negatedSymptom || t.negatedRedFlag
	return resolve(m)
}

// decideWordless handles messages with no letters or digits: emoji,
// punctuation or nothing at all.
func decideWordless(t *text) Result {
	switch {
	case t.sosEmoji:
		return res(Urgent, 0.9, "urgent_emergency")
	case t.confirmEmoji:
		return res(Confirm, 0.85, "confirm_emoji")
	case t.greetEmoji:
		return res(Greeting, 0.85, "greeting_emoji")
	case t.question:
		return res(Question, 0.6, "question_mark")
	case t.blank:
		return res(Other, 0, "empty")
	}
	return res(Other, 0.2, "no_words")
}

// Cue strength.
const (
	cueNone = iota
	cueHint
	cueWeak
	cueStrong
)

type marks struct {
	confirm, notYet, question int
	reschedule, greeting      bool
	thanks                    bool
	optOut, stopWord, medStop bool
	medOut                    bool
	symptom, negatedSymptom   bool
}

func collect(t *text) marks {
	var m marks
	m.optOut = t.find(cOptOut, negNever)
	m.medStop = t.find(cMedStop, negNever) || t.koMedicineStop()
	m.stopWord = t.findAtStart(cStopWord)
	m.medOut = t.find(cMedOut, negNever)
	m.reschedule = t.find(cReschedule, negNever)

	switch {
	case t.findConfirm(cConfirm):
		m.confirm = cueStrong
	case t.findConfirm(cConfirmWeak) || t.confirmEmoji:
		m.confirm = cueWeak
	case t.find(cConfirmHint, negConfirm):
		m.confirm = cueHint
	}

	tag := false
	switch {
	case t.findNotYet(cNotYet, &tag):
		m.notYet = cueStrong
	case t.find(cNotYetWeak, negNever):
		m.notYet = cueWeak
	}

	switch {
	case t.question || tag || t.find(cQuestion, negNever) || t.findAtStart(cQuestionStart):
		m.question = cueStrong
	case t.find(cQuestionWord, negNever):
		m.question = cueWeak
	}

	m.symptom, m.negatedSymptom = t.findNeg(cSymptom, negSymptom)
	m.greeting = t.find(cGreeting, negNever) || t.findAtStart(cGreetingStart) || t.greetEmoji
	m.thanks = t.find(cThanks, negNever)
	return m
}

func resolve(m marks) Result {
	c, n, q := m.confirm, m.notYet, m.question
	switch {
	case m.optOut:
		return res(OptOut, 0.95, "opt_out")
	case m.medStop:
		return res(Question, 0.85, "stopped_medicine")
	case m.stopWord:
		if c == cueStrong || n == cueStrong || m.reschedule || q == cueStrong {
			return res(OptOut, 0.7, "opt_out_word")
		}
		return res(OptOut, 0.9, "opt_out_word")
	case m.medOut:
		if c == cueStrong {
			return res(Question, 0.7, "medicine_out")
		}
		return res(Question, 0.85, "medicine_out")
	case m.reschedule:
		if c == cueStrong || n == cueStrong {
			return res(Reschedule, 0.75, "reschedule")
		}
		return res(Reschedule, 0.9, "reschedule")
	case c == cueStrong && n == cueStrong:
		return res(NotYet, 0.55, "confirm_and_not_yet")
	case c == cueStrong:
		switch {
		case q == cueStrong:
			return res(Confirm, 0.85, "confirm_question")
		case m.symptom:
			return res(Confirm, 0.8, "confirm_symptom")
		}
		return res(Confirm, 0.95, "confirm")
	case n == cueStrong:
		switch {
		case c == cueWeak:
			// "tadi malam lupa, pagi ini sudah"
			return res(NotYet, 0.7, "not_yet_and_confirm")
		case q == cueStrong:
			// "gimana kalau lupa minum?": asking rather than reporting.
			return res(Question, 0.7, "not_yet_question")
		case m.symptom:
			return res(NotYet, 0.8, "not_yet_symptom")
		}
		return res(NotYet, 0.92, "not_yet")
	case q == cueStrong:
		if m.symptom {
			return res(Question, 0.9, "symptom_question")
		}
		return res(Question, 0.9, "question")
	case m.symptom:
		// "sudah 2 hari demam", "아직 열이 나요": a concern for staff.
		return res(Question, 0.7, "symptom")
	case c == cueWeak && n == cueWeak:
		return res(NotYet, 0.5, "confirm_and_not_yet")
	case n == cueWeak && q == cueWeak:
		// "saya lupa jadwal kontrol saya kapan"
		return res(Question, 0.65, "question_word")
	case c == cueWeak:
		return res(Confirm, 0.85, "confirm_short")
	case n == cueWeak:
		return res(NotYet, 0.85, "not_yet_short")
	case q == cueWeak:
		return res(Question, 0.75, "question_word")
	case m.greeting:
		return res(Greeting, 0.9, "greeting")
	case m.thanks:
		return res(Greeting, 0.85, "thanks")
	case c == cueHint:
		return res(Confirm, 0.6, "acknowledged")
	case m.negatedSymptom:
		return res(Other, 0.5, "negated_symptom")
	}
	return res(Other, 0.3, "no_rule")
}
