package intent

import "testing"

type tcase struct {
	in      string
	intent  string
	consent string
}

func TestClassifyTable(t *testing.T) {
	all := [][]tcase{casesID, casesEN, casesKO, casesMixed}
	n := 0
	for _, cs := range all {
		for _, c := range cs {
			n++
			got := Classify(c.in)
			if got.Intent != c.intent || got.Consent != c.consent {
				t.Errorf("Classify(%q) = %s/%q (%.2f, %s), want %s/%q",
					c.in, got.Intent, got.Consent, got.Confidence, got.Rule, c.intent, c.consent)
			}
		}
	}
	if n < 200 {
		t.Fatalf("only %d table cases", n)
	}
}
