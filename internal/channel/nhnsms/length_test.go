package nhnsms

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/korean"
)

func TestEUCKRLen(t *testing.T) {
	cases := map[string]int{
		"":                      0,
		"abc":                   3,
		"약":                     2,
		"김민수님 약 드세요":            18,
		"Minum obat 2x sehari.": 21,
		"💊":                     2, // not in EUC-KR: counted as two
		"é":                     2, // not in EUC-KR either
		"\xff":                  2, // invalid UTF-8 byte
	}
	for s, want := range cases {
		if got := EUCKRLen(s); got != want {
			t.Errorf("EUCKRLen(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestEUCKRLenAgreesWithEncoder checks the arithmetic against
// golang.org/x/text's EUC-KR encoder over all Hangul syllables, the Hangul
// jamo and some Hanja and symbols.
func TestEUCKRLenAgreesWithEncoder(t *testing.T) {
	enc := korean.EUCKR.NewEncoder()
	var b strings.Builder
	for r := rune(0x20); r < 0x7f; r++ {
		b.WriteRune(r)
	}
	for r := rune(0xAC00); r <= 0xD7A3; r++ { // Hangul syllables
		b.WriteRune(r)
	}
	for r := rune(0x3131); r <= 0x318E; r++ { // compatibility jamo
		b.WriteRune(r)
	}
	b.WriteString("藥病院 ※ ℃ ① ㈜ ")
	s := b.String()
	encoded, err := enc.String(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := EUCKRLen(s); got != len(encoded) {
		t.Fatalf("EUCKRLen = %d, encoder = %d", got, len(encoded))
	}
}

func TestCutEUCKR(t *testing.T) {
	if got := cutEUCKR("가나다라", 5); got != "가나" {
		t.Fatalf("cut = %q", got)
	}
	if got := cutEUCKR("ab가", 3); got != "ab" {
		t.Fatalf("cut = %q", got)
	}
	if got := cutEUCKR("short", 40); got != "short" {
		t.Fatalf("cut = %q", got)
	}
}
