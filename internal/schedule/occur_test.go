package schedule

import (
	"testing"
	"time"
)

func TestDailyJakartaOnePerDay(t *testing.T) {
	jkt := mustLoc(t, "Asia/Jakarta")
	s := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2026-03-01"}
	mustValid(t, s)
	got := Occurrences(s, jkt, utc("2026-03-01T00:00:00Z"), utc("2026-03-08T00:00:00Z"))
	equalTimes(t, got,
		"2026-03-01T01:00:00Z", "2026-03-02T01:00:00Z", "2026-03-03T01:00:00Z", "2026-03-04T01:00:00Z",
		"2026-03-05T01:00:00Z", "2026-03-06T01:00:00Z", "2026-03-07T01:00:00Z")
}

func TestDailyEndDateAndCount(t *testing.T) {
	jkt := mustLoc(t, "Asia/Jakarta")
	from, to := utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z")

	ended := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2026-03-01", EndDate: "2026-03-03"}
	equalTimes(t, Occurrences(ended, jkt, from, to),
		"2026-03-01T01:00:00Z", "2026-03-02T01:00:00Z", "2026-03-03T01:00:00Z")
	if n, ok := Next(ended, jkt, utc("2026-03-03T01:00:00Z")); ok {
		t.Fatalf("nothing after end_date, got %s", n)
	}

	counted := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2026-03-01", Count: intp(3)}
	equalTimes(t, Occurrences(counted, jkt, from, to),
		"2026-03-01T01:00:00Z", "2026-03-02T01:00:00Z", "2026-03-03T01:00:00Z")
	// count is counted from the first slot, not from the window start
	equalTimes(t, Occurrences(counted, jkt, utc("2026-03-02T00:00:00Z"), to),
		"2026-03-02T01:00:00Z", "2026-03-03T01:00:00Z")

	twice := Spec{Frequency: Daily, Times: []string{"20:00", "08:00"}, StartDate: "2026-03-01", Count: intp(3)}
	equalTimes(t, Occurrences(twice, jkt, from, to),
		"2026-03-01T01:00:00Z", "2026-03-01T13:00:00Z", "2026-03-02T01:00:00Z")
}

func TestNewYorkKeepsWallClockAcrossDST(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	s := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2026-01-01", EndDate: "2026-12-31"}
	got := Occurrences(s, ny, utc("2025-12-31T00:00:00Z"), utc("2027-01-01T00:00:00Z"))
	if len(got) != 365 {
		t.Fatalf("got %d occurrences in 2026, want 365", len(got))
	}
	for _, x := range got {
		if l := x.In(ny); l.Hour() != 8 || l.Minute() != 0 {
			t.Fatalf("%s is %s local, want 08:00", x, l)
		}
	}
	at := func(date string) string {
		for _, x := range got {
			if x.In(ny).Format(time.DateOnly) == date {
				return x.Format(time.RFC3339)
			}
		}
		return "missing"
	}
	for date, want := range map[string]string{
		"2026-03-07": "2026-03-07T13:00:00Z", // EST
		"2026-03-08": "2026-03-08T12:00:00Z", // EDT from 02:00 that morning
		"2026-10-31": "2026-10-31T12:00:00Z",
		"2026-11-01": "2026-11-01T13:00:00Z", // EST again
	} {
		if g := at(date); g != want {
			t.Errorf("%s: got %s, want %s", date, g, want)
		}
	}
}

func TestWeeklyTwoTimes(t *testing.T) {
	seoul := mustLoc(t, "Asia/Seoul")
	s := Spec{Frequency: Weekly, Weekdays: []string{"thu", "mon"}, Times: []string{"08:00", "20:00"}, StartDate: "2026-03-03"}
	mustValid(t, s)
	got := Occurrences(s, seoul, utc("2026-03-01T00:00:00Z"), utc("2026-03-15T00:00:00Z"))
	// Tuesday start: Thu 5th, Mon 9th, Thu 12th; KST is UTC+9
	equalTimes(t, got,
		"2026-03-04T23:00:00Z", "2026-03-05T11:00:00Z",
		"2026-03-08T23:00:00Z", "2026-03-09T11:00:00Z",
		"2026-03-11T23:00:00Z", "2026-03-12T11:00:00Z")
}

func TestEveryNDays(t *testing.T) {
	s := Spec{Frequency: EveryNDays, Interval: 2, Times: []string{"09:30"}, StartDate: "2026-01-10"}
	mustValid(t, s)
	got := Occurrences(s, time.UTC, utc("2026-01-01T00:00:00Z"), utc("2026-01-17T00:00:00Z"))
	equalTimes(t, got, "2026-01-10T09:30:00Z", "2026-01-12T09:30:00Z", "2026-01-14T09:30:00Z", "2026-01-16T09:30:00Z")
	// jumping in mid-way keeps the phase
	n, ok := Next(s, time.UTC, utc("2027-06-01T10:00:00Z"))
	if !ok || n.Format(time.RFC3339) != "2027-06-02T09:30:00Z" { // 508 days after the start
		t.Fatalf("Next = %s %v", n, ok)
	}
}

func TestOnce(t *testing.T) {
	jkt := mustLoc(t, "Asia/Jakarta")
	s := Spec{Frequency: Once, Date: "2026-05-05", Times: []string{"09:00"}}
	mustValid(t, s)
	got := Occurrences(s, jkt, utc("2020-01-01T00:00:00Z"), utc("2030-01-01T00:00:00Z"))
	equalTimes(t, got, "2026-05-05T02:00:00Z")
	if _, ok := Next(s, jkt, got[0]); ok {
		t.Fatal("a once schedule is finished after its occurrence")
	}
	// start_date stands in for a missing date
	s2 := Spec{Frequency: Once, StartDate: "2026-05-05", Times: []string{"09:00", "18:00"}}
	mustValid(t, s2)
	equalTimes(t, Preview(s2, jkt, utc("2026-01-01T00:00:00Z"), 5), "2026-05-05T02:00:00Z", "2026-05-05T11:00:00Z")
}

func TestRRuleMonthlyFirst(t *testing.T) {
	jkt := mustLoc(t, "Asia/Jakarta")
	s := Spec{Frequency: RRule, RRule: "FREQ=MONTHLY;BYMONTHDAY=1", Times: []string{"08:00"}, StartDate: "2026-01-15"}
	mustValid(t, s)
	equalTimes(t, Preview(s, jkt, utc("2026-01-01T00:00:00Z"), 3),
		"2026-02-01T01:00:00Z", "2026-03-01T01:00:00Z", "2026-04-01T01:00:00Z")
	n, ok := Next(s, jkt, utc("2029-07-15T00:00:00Z"))
	if !ok || n.Format(time.RFC3339) != "2029-08-01T01:00:00Z" {
		t.Fatalf("Next = %s %v", n, ok)
	}
}

func TestRRuleStricterEndWins(t *testing.T) {
	from, to := utc("2025-12-01T00:00:00Z"), utc("2027-01-01T00:00:00Z")
	days := func(s Spec) []string {
		t.Helper()
		mustValid(t, s)
		var out []string
		for _, x := range Occurrences(s, time.UTC, from, to) {
			out = append(out, x.Format("01-02T15"))
		}
		return out
	}
	cases := []struct {
		name string
		spec Spec
		want []string
	}{
		{"end_date before COUNT", Spec{RRule: "FREQ=DAILY;COUNT=10", EndDate: "2026-01-03"},
			[]string{"01-01T08", "01-02T08", "01-03T08"}},
		{"COUNT before end_date", Spec{RRule: "FREQ=DAILY;COUNT=2", EndDate: "2026-01-09"},
			[]string{"01-01T08", "01-02T08"}},
		{"UNTIL before end_date", Spec{RRule: "FREQ=DAILY;UNTIL=20260102", EndDate: "2026-01-09"},
			[]string{"01-01T08", "01-02T08"}},
		{"end_date before UNTIL", Spec{RRule: "FREQ=DAILY;UNTIL=20260109", EndDate: "2026-01-02"},
			[]string{"01-01T08", "01-02T08"}},
		{"count before UNTIL", Spec{RRule: "FREQ=DAILY;UNTIL=20260109", Count: intp(1)},
			[]string{"01-01T08"}},
		{"COUNT counts dates, each time fires", Spec{RRule: "FREQ=DAILY;COUNT=2", Times: []string{"08:00", "20:00"}},
			[]string{"01-01T08", "01-01T20", "01-02T08", "01-02T20"}},
		{"floating UNTIL cuts within a day", Spec{RRule: "FREQ=DAILY;UNTIL=20260102T120000", Times: []string{"08:00", "20:00"}},
			[]string{"01-01T08", "01-01T20", "01-02T08"}},
		{"UTC UNTIL", Spec{RRule: "FREQ=DAILY;UNTIL=20260102T080000Z", Times: []string{"08:00", "20:00"}},
			[]string{"01-01T08", "01-01T20", "01-02T08"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.spec
			s.Frequency, s.StartDate = RRule, "2026-01-01"
			if s.Times == nil {
				s.Times = []string{"08:00"}
			}
			got := days(s)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestNextAfterLongGap(t *testing.T) {
	jkt := mustLoc(t, "Asia/Jakarta")
	now := utc("2026-06-15T03:00:00Z") // 10:00 in Jakarta
	daily := Spec{Frequency: Daily, Times: []string{"08:00", "20:00"}, StartDate: "2023-06-15"}
	begin := time.Now()
	for range 1000 {
		n, ok := Next(daily, jkt, now)
		if !ok || n.Format(time.RFC3339) != "2026-06-15T13:00:00Z" {
			t.Fatalf("Next = %s %v", n, ok)
		}
	}
	if d := time.Since(begin); d > 2*time.Second {
		t.Fatalf("1000 Next calls took %s", d)
	}

	// with count: 2 slots a day since 2023-06-15 (1096 days before 2026-06-15)
	counted := daily
	counted.Count = intp(2*1096 + 1) // the 08:00 slot of 2026-06-15 is the last one
	if n, ok := Next(counted, jkt, now.Add(-4*time.Hour)); !ok || n.Format(time.RFC3339) != "2026-06-15T01:00:00Z" {
		t.Fatalf("Next with count = %s %v", n, ok)
	}
	if n, ok := Next(counted, jkt, now); ok {
		t.Fatalf("finished schedule gave %s", n)
	}

	weekly := Spec{Frequency: Weekly, Weekdays: []string{"fri"}, Times: []string{"07:00"}, StartDate: "2001-01-01", Count: intp(5000)}
	n, ok := Next(weekly, jkt, now) // 2026-06-15 is a Monday
	if !ok || n.Format(time.RFC3339) != "2026-06-19T00:00:00Z" {
		t.Fatalf("weekly Next = %s %v", n, ok)
	}
}

func TestNextFinished(t *testing.T) {
	s := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2026-01-01", EndDate: "2026-01-31"}
	if _, ok := Next(s, time.UTC, utc("2026-01-31T08:00:00Z")); ok {
		t.Fatal("want finished")
	}
	if n, ok := Next(s, time.UTC, utc("2026-01-31T07:59:59Z")); !ok || !n.Equal(utc("2026-01-31T08:00:00Z")) {
		t.Fatalf("last one: %s %v", n, ok)
	}
	if _, ok := Next(Spec{Frequency: "hourly"}, time.UTC, utc("2026-01-01T00:00:00Z")); ok {
		t.Fatal("an invalid spec has no next occurrence")
	}
}

func TestDSTGap(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	s := Spec{Frequency: Daily, Times: []string{"02:30"}, StartDate: "2026-03-07", Count: intp(3)}
	equalTimes(t, Occurrences(s, ny, utc("2026-03-01T00:00:00Z"), utc("2026-03-31T00:00:00Z")),
		"2026-03-07T07:30:00Z", // 02:30 EST
		"2026-03-08T07:30:00Z", // 02:30 does not exist: 03:30 EDT
		"2026-03-09T06:30:00Z") // 02:30 EDT

	berlin := mustLoc(t, "Europe/Berlin")
	s.StartDate, s.Count = "2026-03-29", intp(1)
	equalTimes(t, Occurrences(s, berlin, utc("2026-03-01T00:00:00Z"), utc("2026-03-31T00:00:00Z")),
		"2026-03-29T01:30:00Z") // 03:30 CEST

	// 02:30 shifted to 03:30 meets the 03:30 slot: one reminder, not two
	both := Spec{Frequency: Once, Date: "2026-03-08", Times: []string{"02:30", "03:30", "03:15"}}
	equalTimes(t, Occurrences(both, ny, utc("2026-03-01T00:00:00Z"), utc("2026-03-31T00:00:00Z")),
		"2026-03-08T07:15:00Z", "2026-03-08T07:30:00Z")
}

func TestDSTOverlapFiresOnceAtFirst(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	s := Spec{Frequency: Daily, Times: []string{"01:30"}, StartDate: "2026-10-31", EndDate: "2026-11-02"}
	equalTimes(t, Occurrences(s, ny, utc("2026-10-01T00:00:00Z"), utc("2026-12-01T00:00:00Z")),
		"2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z" /* 01:30 EDT, not 01:30 EST */, "2026-11-02T06:30:00Z")

	berlin := mustLoc(t, "Europe/Berlin") // clocks go back 03:00 CEST -> 02:00 CET on 2026-10-25
	s = Spec{Frequency: Once, Date: "2026-10-25", Times: []string{"02:30"}}
	equalTimes(t, Occurrences(s, berlin, utc("2026-10-01T00:00:00Z"), utc("2026-11-01T00:00:00Z")),
		"2026-10-25T00:30:00Z") // 02:30 CEST
}

func TestPreview(t *testing.T) {
	s := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2026-01-01"}
	equalTimes(t, Preview(s, time.UTC, utc("2026-01-10T08:00:00Z"), 5),
		"2026-01-11T08:00:00Z", "2026-01-12T08:00:00Z", "2026-01-13T08:00:00Z", "2026-01-14T08:00:00Z", "2026-01-15T08:00:00Z")
	if len(Preview(s, time.UTC, utc("2026-01-10T08:00:00Z"), 0)) != 0 {
		t.Fatal("n=0 gives nothing")
	}
	if n := len(Preview(s, time.UTC, utc("2026-01-10T08:00:00Z"), 1<<30)); n != MaxOccurrences {
		t.Fatalf("Preview capped at %d, got %d", MaxOccurrences, n)
	}
}

func TestOccurrencesBounded(t *testing.T) {
	s := Spec{Frequency: Daily, Times: []string{"00:00", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00", "22:00"}, StartDate: "2026-01-01"}
	got := Occurrences(s, time.UTC, utc("2026-01-01T00:00:00Z"), utc("2100-01-01T00:00:00Z"))
	if len(got) != MaxOccurrences {
		t.Fatalf("got %d, want the first %d", len(got), MaxOccurrences)
	}
	if !got[0].Equal(utc("2026-01-01T02:00:00Z")) {
		t.Fatalf("from is exclusive: first = %s", got[0])
	}
}

// Next and Occurrences agree for schedules whose Next jumps arithmetically.
func TestNextMatchesFullWalk(t *testing.T) {
	specs := []Spec{
		{Frequency: Daily, Times: []string{"01:30", "02:30", "23:45"}, StartDate: "2025-10-20", Count: intp(700)},
		{Frequency: Weekly, Weekdays: []string{"sun", "wed", "sat"}, Times: []string{"02:00", "09:00"}, StartDate: "2025-10-23", Count: intp(250)},
		{Frequency: EveryNDays, Interval: 3, Times: []string{"02:15"}, StartDate: "2025-10-20"},
		{Frequency: RRule, RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TU", Times: []string{"01:00", "02:30"}, StartDate: "2025-10-20", Count: intp(90)},
		{Frequency: RRule, RRule: "FREQ=MONTHLY;BYDAY=-1SU", Times: []string{"02:30"}, StartDate: "2025-10-20"},
	}
	for _, zone := range []string{"America/New_York", "Europe/Berlin", "Asia/Jakarta", "Australia/Lord_Howe", "Pacific/Apia"} {
		loc := mustLoc(t, zone)
		for i, s := range specs {
			mustValid(t, s)
			all := Occurrences(s, loc, utc("2025-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z"))
			if len(all) < 20 {
				t.Fatalf("%s spec %d: only %d occurrences", zone, i, len(all))
			}
			for j, x := range all {
				if j > 0 && !x.After(all[j-1]) {
					t.Fatalf("%s spec %d: not increasing at %d: %v", zone, i, j, formatAll(all[j-1:j+1]))
				}
				if n, ok := Next(s, loc, x.Add(-time.Second)); !ok || !n.Equal(x) {
					t.Fatalf("%s spec %d: Next before #%d = %s %v, want %s", zone, i, j, n, ok, x)
				}
				if j+1 < len(all) {
					if n, ok := Next(s, loc, x); !ok || !n.Equal(all[j+1]) {
						t.Fatalf("%s spec %d: Next after #%d = %s %v, want %s", zone, i, j, n, ok, all[j+1])
					}
				} else if s.Count != nil {
					if n, ok := Next(s, loc, x); ok {
						t.Fatalf("%s spec %d: finished but Next = %s", zone, i, n)
					}
				}
			}
			if s.Count != nil && len(all) > *s.Count {
				t.Fatalf("%s spec %d: %d occurrences exceed count %d", zone, i, len(all), *s.Count)
			}
		}
	}
}
