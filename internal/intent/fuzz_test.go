package intent

import (
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func checkResult(t *testing.T, in string, r Result) {
	t.Helper()
	if !Valid(r.Intent) {
		t.Fatalf("Classify(%q).Intent = %q, not valid", in, r.Intent)
	}
	if r.Confidence < 0 || r.Confidence > 1 || r.Confidence != r.Confidence {
		t.Fatalf("Classify(%q).Confidence = %v", in, r.Confidence)
	}
	switch r.Consent {
	case "", ConsentYes, ConsentNo, ConsentStop:
	default:
		t.Fatalf("Classify(%q).Consent = %q", in, r.Consent)
	}
	switch r.Language {
	case "", "id", "ko", "en":
	default:
		t.Fatalf("Classify(%q).Language = %q", in, r.Language)
	}
	if r.Rule == "" {
		t.Fatalf("Classify(%q).Rule is empty", in)
	}
	if r.Intent == Other && r.Sure() {
		t.Fatalf("Classify(%q) = other but sure", in)
	}
	if r.Intent == Urgent && r.Confidence < 0.9 {
		t.Fatalf("Classify(%q) = urgent with confidence %.2f", in, r.Confidence)
	}
}

func FuzzClassify(f *testing.F) {
	for _, cs := range [][]tcase{casesID, casesEN, casesKO, casesMixed} {
		for _, c := range cs {
			f.Add(c.in)
		}
	}
	f.Add("\xff\xfe\xfd")
	f.Add(strings.Repeat("sudah ", 2000))
	f.Add("\u1100\u1161")
	f.Fuzz(func(t *testing.T, in string) {
		r := Classify(in)
		checkResult(t, in, r)
		if r2 := Classify(in); r2 != r {
			t.Fatalf("Classify(%q) is not deterministic: %+v then %+v", in, r, r2)
		}
	})
}

// TestClassifyArbitraryInput runs the fuzz properties over random input on
// every test run.
func TestClassifyArbitraryInput(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune("ab sudahminumobtdemam가슴이아파요피나ㅇ?!.,'-👍✅🆘\u0301\u200d\ufe0f0123456789\n\t")
	words := []string{"sudah", "belum", "tidak", "demam", "tinggi", "stop", "obat", "minum", "no", "fever", "chest", "pain", "안", "아파요", "열이", "39", "?", "tapi", "but", "ya", "네"}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		switch i % 3 {
		case 0: // random bytes, often invalid UTF-8
			n := rng.Intn(64)
			for j := 0; j < n; j++ {
				b.WriteByte(byte(rng.Intn(256)))
			}
		case 1: // random runes
			n := rng.Intn(64)
			for j := 0; j < n; j++ {
				b.WriteRune(alphabet[rng.Intn(len(alphabet))])
			}
		default: // random keyword salad
			n := rng.Intn(12)
			for j := 0; j < n; j++ {
				b.WriteString(words[rng.Intn(len(words))])
				b.WriteByte(' ')
			}
		}
		in := b.String()
		checkResult(t, in, Classify(in))
	}
}

func TestClassifyLongInput(t *testing.T) {
	inputs := []string{
		strings.Repeat("a ", 1<<20),
		strings.Repeat("sudah minum obat tapi ", 50000) + "pendarahan",
		strings.Repeat("가슴이 아파요 ", 100000),
		strings.Repeat("\xff", 1<<20),
		strings.Repeat("\ufdfa", 1<<16), // expands a lot under NFKC
		strings.Repeat("👍", 1<<18),
	}
	for _, in := range inputs {
		start := time.Now()
		r := Classify(in)
		checkResult(t, in[:min(len(in), 32)], r)
		if d := time.Since(start); d > time.Second {
			t.Errorf("Classify of %d bytes took %v", len(in), d)
		}
	}
	// Only the first maxInputBytes are read: a red flag beyond them is not seen,
	// one within them is.
	late := strings.Repeat("halo ", maxInputBytes) + "pendarahan"
	if got := Classify(late); got.Intent == Urgent {
		t.Errorf("text beyond %d bytes was read", maxInputBytes)
	}
	early := "pendarahan " + strings.Repeat("halo ", maxInputBytes)
	if got := Classify(early); got.Intent != Urgent {
		t.Errorf("Classify(long text starting with a red flag) = %s", got.Intent)
	}
	// A cut in the middle of a multi-byte rune is harmless.
	cut := strings.Repeat("a", maxInputBytes-1) + "가"
	if !utf8.ValidString(cut[:maxInputBytes]) {
		checkResult(t, "cut", Classify(cut))
	}
}

func BenchmarkClassify(b *testing.B) {
	msgs := []string{
		"sudah minum obat", "Selamat pagi dok, saya mau tanya, obat ini boleh diminum bersamaan dengan vitamin?",
		"약 먹었는데 가슴이 답답해요", "I haven't taken it yet, will do after dinner", "STOP",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Classify(msgs[i%len(msgs)])
	}
}

func BenchmarkClassifyLong(b *testing.B) {
	in := strings.Repeat("sudah minum obat tapi ", 500)
	b.ReportAllocs()
	for b.Loop() {
		Classify(in)
	}
}
