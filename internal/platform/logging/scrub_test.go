package logging

import (
	"strings"
	"testing"
)

func TestScrubFindsSecretsByTheirDecodedName(t *testing.T) {
	for _, in := range []string{
		`Get "https://prima.example/api/v1/cron/trigger?k%65y=s3cr3t": timeout`,
		`/api/v1/cron/trigger?%6B%65%79=s3cr3t`, `/x?a=1&KEY=s3cr3t`, `/x?API_KEY=s3cr3t`, `/x?access_token=s3cr3t&b=2`,
	} {
		if got := Scrub(in); strings.Contains(got, "s3cr3t") || !strings.Contains(got, "[redacted]") {
			t.Errorf("Scrub(%q) = %q", in, got)
		}
		if got := ScrubURI(in); strings.Contains(got, "s3cr3t") {
			t.Errorf("ScrubURI(%q) = %q", in, got)
		}
	}
}

func TestScrubMasksPhonesButNeverInsideIdentifiers(t *testing.T) {
	keep := []string{"req-0123456789ab-cdef", "req-0123456789-abcd", "msg_0812345678", "01923456-7890-7123-8123-456789012345",
		"patient 01a23b43-f518-7c98-8a1d-000000123456 updated"}
	for _, in := range keep {
		if got := Scrub(in); got != in {
			t.Errorf("Scrub(%q) = %q; identifiers stay whole", in, got)
		}
	}
	mask := map[string]string{ // input → what must not survive
		"call 0812 3456 7890 now":          "3456",
		"to +6281234567890":                "62812345678",
		"/api/v1/patients?phone=081298765": "0812987",
		"wa:081234567890":                  "0812345678",
	}
	for in, leak := range mask {
		if got := Scrub(in); strings.Contains(got, leak) {
			t.Errorf("Scrub(%q) = %q leaks the number", in, got)
		}
	}
	if got := ScrubURI("/api/v1/patients?search=%2B6281234567890&page=2"); strings.Contains(got, "62812345678") || !strings.HasSuffix(got, "&page=2") {
		t.Errorf("an encoded phone: %q", got)
	}
}
