package patientrights

import "testing"

func TestMatcherFindsThePatientInAnyWriting(t *testing.T) {
	m := newMatcher(Subject{PatientID: "0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71", Phone: "+6281234567890",
		Name: "Siti Rahmawati", ExternalID: "EMR-1234"})
	for _, text := range []string{
		`{"id":"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"}`,
		`{"phone":"+6281234567890"}`, `{"phone":"6281234567890"}`, `{"phone":"0812-3456-7890"}`,
		`{"phone":"+62 812 3456 7890"}`, `{"phone":"(0812) 3456.7890"}`,
		`{"patient":{"name":"SITI RAHMAWATI"}}`, `{"external_id":"emr-1234"}`,
	} {
		if !m.match(text) {
			t.Errorf("not found in %s", text)
		}
	}
	for _, text := range []string{"", `{"phone":"0812-3456-7891"}`, `{"name":"Siti"}`, `{"id":"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f72"}`} {
		if m.match(text) {
			t.Errorf("found in %s", text)
		}
	}
	// Short names and ids would match unrelated text: they are not looked for.
	if short := newMatcher(Subject{PatientID: "x", Name: "Ani", ExternalID: "7"}); short.match("Aniline 7") {
		t.Error("a short name matched")
	}
}
