package valid

import (
	"testing"
	"time"
)

func TestInstantIsBoundedInUTC(t *testing.T) {
	for s, ok := range map[string]bool{
		"2026-11-24T09:00:00+07:00": true,
		"1900-01-01T00:00:00Z":      true,
		"2200-12-31T23:59:59Z":      true,
		"2200-12-31T23:00:00-05:00": false, // 2201 in UTC
		"9999-12-31T23:00:00-05:00": false, // 10000 in UTC
		"1900-01-01T03:00:00+07:00": false, // 1899 in UTC
		"1899-12-31T23:59:59Z":      false,
		"2026-11-24":                false,
		"":                          false,
	} {
		if _, err := Instant(s); (err == nil) != ok {
			t.Errorf("Instant(%q) = %v, want ok %v", s, err, ok)
		}
	}
}

func TestDateIsBounded(t *testing.T) {
	for s, ok := range map[string]bool{
		"1900-01-01": true, "2200-12-31": true, " 2026-02-28 ": true,
		"1899-12-31": false, "2201-01-01": false, "9999-12-31": false, "2026-02-30": false, "26-02-01": false,
	} {
		if _, err := Date(s); (err == nil) != ok {
			t.Errorf("Date(%q) = %v, want ok %v", s, err, ok)
		}
	}
	if !InRange(time.Date(2200, 12, 31, 23, 59, 59, 0, time.UTC)) || InRange(time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("InRange bounds")
	}
}

func TestText(t *testing.T) {
	for s, ok := range map[string]bool{"Siti": true, "김민준 ✓": true, "": true, "a\x00b": false, "\xff": false, "a\xc3": false} {
		if Text(s) != ok {
			t.Errorf("Text(%q) = %v", s, !ok)
		}
	}
}
