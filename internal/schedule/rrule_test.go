package schedule

import (
	"strings"
	"testing"
)

func TestParseRule(t *testing.T) {
	ok := []string{
		"FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=2", "FREQ=MONTHLY;BYDAY=-1FR",
		"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", "FREQ=DAILY;UNTIL=20261231", "FREQ=DAILY;UNTIL=20261231T235959Z",
	}
	for _, s := range ok {
		if _, err := parseRule(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	bad := map[string]string{
		"":                              "required",
		"FREQ=DAILY;FREQ=WEEKLY":        "twice",
		"FREQ=MINUTELY":                 "FREQ must be",
		"FREQ=DAILY;INTERVAL=0":         "INTERVAL",
		"FREQ=DAILY;COUNT=-1":           "COUNT",
		"FREQ=DAILY;UNTIL=2026-12-31":   "UNTIL must be",
		"FREQ=DAILY;BYSECOND=5":         "schedule.times",
		"FREQ=DAILY;BYEASTER=0":         "RFC 5545",
		"FREQ=DAILY\nRRULE:FREQ=WEEKLY": "single",
		"FREQ=DAILY;;BYDAY=MO":          "NAME=VALUE",
		"BYDAY=MO":                      "FREQ",
		"FREQ=WEEKLY;BYDAY=XX":          "weekday",
	}
	for s, want := range bad {
		_, err := parseRule(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error about %q", s, err, want)
		}
	}
}
