package schedule

import (
	"testing"
	"time"
)

func TestWallInstant(t *testing.T) {
	cases := []struct {
		zone, wall, want string
	}{
		{"Asia/Jakarta", "2026-03-01 08:00", "2026-03-01T01:00:00Z"},
		{"America/New_York", "2026-03-08 02:30", "2026-03-08T07:30:00Z"},    // gap: 03:30 EDT
		{"America/New_York", "2026-11-01 01:30", "2026-11-01T05:30:00Z"},    // overlap: first, EDT
		{"Europe/Berlin", "2026-10-25 02:30", "2026-10-25T00:30:00Z"},       // overlap: first, CEST
		{"Australia/Lord_Howe", "2026-10-04 02:15", "2026-10-03T15:45:00Z"}, // 30-minute gap: 02:45 +11
		{"Pacific/Apia", "2011-12-30 08:00", "2011-12-30T18:00:00Z"},        // skipped day: 2011-12-31 08:00 +14
	}
	for _, c := range cases {
		loc := mustLoc(t, c.zone)
		w, err := time.Parse("2006-01-02 15:04", c.wall)
		if err != nil {
			t.Fatal(err)
		}
		if got := wallInstant(w.Unix(), loc).Format(time.RFC3339); got != c.want {
			t.Errorf("%s %s: got %s, want %s", c.zone, c.wall, got, c.want)
		}
	}
}

func TestSkippedDayFiresOnce(t *testing.T) {
	apia := mustLoc(t, "Pacific/Apia")
	s := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2011-12-29", EndDate: "2012-01-01"}
	equalTimes(t, Occurrences(s, apia, utc("2011-12-01T00:00:00Z"), utc("2012-02-01T00:00:00Z")),
		"2011-12-29T18:00:00Z", "2011-12-30T18:00:00Z", "2011-12-31T18:00:00Z")
}
