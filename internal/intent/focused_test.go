package intent

import (
	"strings"
	"testing"
)

func TestNegationIsNotUrgent(t *testing.T) {
	for _, in := range []string{
		"tidak demam", "ga demam", "gak demam kok", "nggak ada pendarahan", "tidak ada sesak napas",
		"saya tidak merasa sesak napas", "tanpa demam", "bebas demam", "demam tidak ada",
		"pendarahan sudah berhenti", "demamnya sudah hilang", "sudah tidak demam lagi",
		"no fever", "no bleeding", "I don't have a fever", "I have not had any fever",
		"not bleeding anymore", "bleeding stopped", "fever is gone", "no chest pain",
		"without fever", "never fainted",
		"열은 없어요", "안 아파요", "아프지 않아요", "가슴 통증은 없어요", "출혈은 없습니다",
		"피는 안 나요", "가슴이 안 아파요", "숨쉬기 힘들지 않아요", "고열은 아니에요",
	} {
		if got := Classify(in); got.Intent == Urgent {
			t.Errorf("Classify(%q) = urgent (%s), want not urgent", in, got.Rule)
		}
	}
}

func TestNegationDoesNotCrossClauses(t *testing.T) {
	for _, in := range []string{
		"tidak demam tapi berdarah", "ga demam, sesak napas", "tidak enak badan, demam tinggi",
		"no fever but chest pain", "no fever, can't breathe", "열은 없는데 가슴이 아파요",
		"demam tidak turun", "pendarahan tidak berhenti", "bleeding won't stop",
		"피가 멈추지 않아요", "열이 안 떨어져요",
	} {
		if got := Classify(in); got.Intent != Urgent {
			t.Errorf("Classify(%q) = %s (%s), want urgent", in, got.Intent, got.Rule)
		}
	}
}

func TestStoppedMedicineIsNotOptOut(t *testing.T) {
	for _, in := range []string{
		"sudah stop minum obat", "berhenti minum obat", "STOP MINUM OBAT",
		"saya berhenti minum obat karena mual", "sudah tidak minum obat lagi",
		"obatnya saya stop dulu", "udah ga minum obat dok", "saya gak mau minum obat lagi",
		"I stopped taking my medicine", "I quit the pills", "stopped my meds last week",
		"약을 중지했어요", "약을 끊었어요", "복용을 중단했습니다", "약 그만 먹을래요",
	} {
		got := Classify(in)
		if got.Intent == OptOut || got.Intent == Confirm || got.Consent != "" {
			t.Errorf("Classify(%q) = %s/%q (%s), want a concern, not opt-out or confirm", in, got.Intent, got.Consent, got.Rule)
		}
		if got.Intent != Question && got.Intent != Urgent {
			t.Errorf("Classify(%q) = %s, want question (a concern for staff)", in, got.Intent)
		}
	}
	// Asking to stop the messages about the medicine is an opt-out.
	for _, in := range []string{"stop kirim pengingat minum obat", "berhenti kirim pesan obat", "약 알림 중지해 주세요", "stop sending medicine reminders"} {
		if got := Classify(in); got.Intent != OptOut {
			t.Errorf("Classify(%q) = %s (%s), want opt_out", in, got.Intent, got.Rule)
		}
	}
}

func TestUrgentWins(t *testing.T) {
	for _, in := range []string{
		"sudah minum obat tapi demam tinggi", "sdh minum, tp sesak napas", "ya sudah, berdarah lagi",
		"STOP, saya pendarahan", "jangan kirim lagi, saya mau bunuh diri", "halo dok, nyeri dada",
		"bisa ganti jadwal? saya pingsan tadi", "apakah normal kalau muntah darah?",
		"took my meds but now chest pain", "thanks, but I can't breathe",
		"약 먹었는데 가슴이 답답해요", "안녕하세요 피가 나요", "예약 변경하고 싶어요 고열이 있어서요",
	} {
		got := Classify(in)
		if got.Intent != Urgent {
			t.Errorf("Classify(%q) = %s (%s), want urgent", in, got.Intent, got.Rule)
			continue
		}
		if got.Confidence < 0.9 || !got.Sure() {
			t.Errorf("Classify(%q) confidence = %.2f, want >= 0.9", in, got.Confidence)
		}
	}
}

func TestConsentWords(t *testing.T) {
	cases := []struct {
		in, consent, intent string
	}{
		{"YA", ConsentYes, Confirm}, {"ya.", ConsentYes, Confirm}, {" Yes! ", ConsentYes, Confirm},
		{"Y", ConsentYes, Confirm}, {"IYA", ConsentYes, Confirm}, {"iyaaa", ConsentYes, Confirm},
		{"ya dok 👍", ConsentYes, Confirm}, {"네", ConsentYes, Confirm}, {"예", ConsentYes, Confirm},
		{"동의", ConsentYes, Confirm}, {"동의합니다", ConsentYes, Confirm}, {"YES thanks", ConsentYes, Confirm},
		{"TIDAK", ConsentNo, NotYet}, {"NO", ConsentNo, NotYet}, {"GAK", ConsentNo, NotYet},
		{"아니오", ConsentNo, NotYet}, {"아니요", ConsentNo, NotYet}, {"no thanks", ConsentNo, NotYet},
		{"STOP", ConsentStop, OptOut}, {"BERHENTI", ConsentStop, OptOut}, {"수신거부", ConsentStop, OptOut},
		{"중지", ConsentStop, OptOut}, {"UNSUBSCRIBE", ConsentStop, OptOut}, {"stop.", ConsentStop, OptOut},
		{"ＳＴＯＰ", ConsentStop, OptOut}, // full-width letters
	}
	for _, c := range cases {
		got := Classify(c.in)
		if got.Consent != c.consent || got.Intent != c.intent || !got.Sure() {
			t.Errorf("Classify(%q) = %s/%q (%.2f), want %s/%q, sure", c.in, got.Intent, got.Consent, got.Confidence, c.intent, c.consent)
		}
	}
	// Only whole-message answers are consent.
	for _, in := range []string{
		"ya sudah minum obat", "ya sudah", "yes taken", "no fever", "네 먹었어요", "stop minum obat",
		"tidak minum", "ya tidak", "ok", "👍", "sudah", "yes but I have a question",
	} {
		if got := Classify(in); got.Consent != "" {
			t.Errorf("Classify(%q).Consent = %q, want none", in, got.Consent)
		}
	}
}

func TestSure(t *testing.T) {
	if !(Result{Confidence: SureThreshold}).Sure() {
		t.Error("confidence at the threshold must be sure")
	}
	if (Result{Confidence: SureThreshold - 0.01}).Sure() {
		t.Error("confidence below the threshold must not be sure")
	}
	sure := []string{"sudah minum obat", "belum", "ganti jadwal", "apakah boleh minum kopi?", "STOP", "pendarahan", "halo", "먹었어요"}
	for _, in := range sure {
		if got := Classify(in); !got.Sure() {
			t.Errorf("Classify(%q) = %s %.2f, want sure", in, got.Intent, got.Confidence)
		}
	}
	unsure := []string{"hmm", "ok", "wkwk", "", "???", "minum obat pagi sudah, siang belum", "demam", "besok aja"}
	for _, in := range unsure {
		if got := Classify(in); got.Sure() {
			t.Errorf("Classify(%q) = %s %.2f (%s), want unsure", in, got.Intent, got.Confidence, got.Rule)
		}
	}
}

func TestOtherIsNeverSure(t *testing.T) {
	for _, cs := range [][]tcase{casesID, casesEN, casesKO, casesMixed} {
		for _, c := range cs {
			if got := Classify(c.in); got.Intent == Other && got.Sure() {
				t.Errorf("Classify(%q) = other with confidence %.2f", c.in, got.Confidence)
			}
		}
	}
}

func TestLanguage(t *testing.T) {
	cases := map[string]string{
		"sudah minum obat":           "id",
		"sdh minum obat, thanks":     "id",
		"belum dok":                  "id",
		"I took my medicine":         "en",
		"can I take it with food?":   "en",
		"먹었어요":                       "ko",
		"네 먹었어요 thanks":              "ko",
		"👍":                          "",
		"":                           "",
		"12345":                      "",
		"apakah boleh minum kopi?":   "id",
		"what are the side effects?": "en",
	}
	for in, want := range cases {
		if got := Classify(in).Language; got != want {
			t.Errorf("Classify(%q).Language = %q, want %q", in, got, want)
		}
	}
}

func TestValidAndAll(t *testing.T) {
	want := []string{"confirm", "not_yet", "reschedule", "question", "opt_out", "urgent", "greeting", "other"}
	if strings.Join(All, ",") != strings.Join(want, ",") {
		t.Fatalf("All = %v, want %v", All, want)
	}
	for _, s := range All {
		if !Valid(s) {
			t.Errorf("Valid(%q) = false", s)
		}
	}
	for _, s := range []string{"", "decline", "Confirm", "urgent "} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}

func TestRuleNeverContainsText(t *testing.T) {
	for _, in := range []string{"sudah minum obat", "pendarahan", "Budi 0812345678", "STOP"} {
		r := Classify(in)
		if r.Rule == "" || strings.Contains(strings.ToLower(in), r.Rule) || strings.ContainsAny(r.Rule, " 0123456789") {
			t.Errorf("Classify(%q).Rule = %q", in, r.Rule)
		}
	}
}

// The tokenizer uses compounds and conjunctions before start-up
// normalisation runs, so they must already be written in normalised form.
func TestListsAreNormalised(t *testing.T) {
	for k, v := range compounds {
		for _, part := range strings.Fields(k) {
			if normWord(part) != part {
				t.Errorf("compound part %q is not normalised", part)
			}
		}
		if normWord(v) != v {
			t.Errorf("compound %q is not normalised", v)
		}
	}
	for w := range conjunctions {
		if normWord(w) != w {
			t.Errorf("conjunction %q is not normalised", w)
		}
	}
	for _, list := range [][]string{koPostNegations, koPostStops} {
		for _, w := range list {
			if w == "" || strings.Join(analyze(w).toks, "") != w {
				t.Errorf("Korean cue %q is not normalised", w)
			}
		}
	}
}

func TestNormalisation(t *testing.T) {
	cases := map[string][]string{
		"SUDAHHH minum!!":  {"sudah", "minum"},
		"don't":            {"dont"},
		"demam39":          {"demam", "39"},
		"38.5":             {"38", "5"},
		"sdh.minum":        {"sdh", "minum"},
		"ＯＫ":               {"ok"},
		"가슴이   아파요":        {"가슴이", "아파요"},
		"kejang-kejang":    {"kejang", "kejang"},
		"✔️ udah":          {"udah"},
		"Assalamu'alaikum": {"asalamualaikum"},
	}
	for in, want := range cases {
		if got := analyze(in).toks; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("analyze(%q) = %q, want %q", in, got, want)
		}
	}
	// Decomposed Hangul (as some keyboards send it) is composed first.
	if got := Classify("\u1100\u1161\u1109\u1173\u11b7\u110b\u1175 \u110b\u1161\u1111\u1161\u110b\u116d"); got.Intent != Urgent {
		t.Errorf("decomposed 가슴이 아파요 = %s, want urgent", got.Intent)
	}
}
