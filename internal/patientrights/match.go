package patientrights

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// matcher tells whether a text (a decrypted payload or stored response)
// names the patient: by id, phone number in any usual writing, external id
// or name.
type matcher struct {
	needles []string // compared as they are
	digits  []string // compared with the text's digit separators removed
}

// minNeedle is the shortest name or external id matched: shorter ones would
// match unrelated text.
const minNeedle = 4

func newMatcher(s Subject) matcher {
	m := matcher{needles: []string{s.PatientID}}
	for _, v := range []string{s.Name, s.ExternalID} {
		if v = strings.TrimSpace(v); len(v) >= minNeedle {
			m.needles = append(m.needles, strings.ToLower(v))
		}
	}
	m.digits = phoneForms(s.Phone)
	return m
}

// phoneForms are the digit strings a phone number is written as: the
// international number and the national significant number (which "0812…"
// and "+62 812…" both contain).
func phoneForms(e164 string) []string {
	if e164 == "" {
		return nil
	}
	out := []string{strings.TrimPrefix(e164, "+")}
	if n, err := phonenumbers.Parse(e164, "ZZ"); err == nil {
		if nsn := phonenumbers.GetNationalSignificantNumber(n); len(nsn) >= 6 {
			out = append(out, nsn)
		}
	}
	return out
}

// separators are removed from a text before its digits are compared.
var separators = strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "", "\u00a0", "")

func (m matcher) match(text string) bool {
	if text == "" {
		return false
	}
	lower := strings.ToLower(text)
	for _, n := range m.needles {
		if strings.Contains(lower, n) {
			return true
		}
	}
	if len(m.digits) > 0 {
		squeezed := separators.Replace(text)
		for _, d := range m.digits {
			if strings.Contains(squeezed, d) {
				return true
			}
		}
	}
	return false
}
