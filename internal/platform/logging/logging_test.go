package logging

import (
	"bytes"
	"strings"
	"testing"
)

func TestLoggerNeverWritesPhonesTextsOrSecrets(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, "info")
	l.Info("sending reminder to +6281234567890 now",
		"phone", "+6281234567890", "body", "Minum Tamoxifen 20 mg", "uri", "/api/v1/cron/trigger?key=s3cr3t-value",
		"authorization", "Bearer abc.def")
	out := buf.String()
	for _, leak := range []string{"6281234567890", "Tamoxifen", "s3cr3t-value", "abc.def"} {
		if strings.Contains(out, leak) {
			t.Fatalf("log leaks %q: %s", leak, out)
		}
	}
	if !strings.Contains(out, "90") || !strings.Contains(out, "[redacted") {
		t.Fatalf("expected masked values in %s", out)
	}
}

func TestMaskPhoneKeepsLastTwoDigits(t *testing.T) {
	if got := MaskPhone("+62 812-3456-7890"); got != "+***********90" {
		t.Fatalf("got %q", got)
	}
	if got := MaskPhone("12"); got != "***" {
		t.Fatalf("got %q", got)
	}
}

func TestScrubKeepsIdsWholeAndStillMasksPhones(t *testing.T) {
	in := "message 01a23b43-f518-7c98-8a1d-000000123456 to +6281234567890"
	got := Scrub(in)
	if !strings.Contains(got, "01a23b43-f518-7c98-8a1d-000000123456") || strings.Contains(got, "6281234567890") {
		t.Fatalf("Scrub(%q) = %q", in, got)
	}
}
