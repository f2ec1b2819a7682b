package schedule

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

var fuzzZones = []string{"UTC", "Asia/Jakarta", "Asia/Seoul", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Apia", "America/Sao_Paulo"}

func FuzzSpecValidate(f *testing.F) {
	f.Add("daily", "08:00,20:00", "", 0, "", "", "2026-01-01", "", 0, false, uint8(1), -1, 0, []byte(`{"frequency":"daily","times":["08:00"],"start_date":"2026-03-01","count":3}`))
	f.Add("weekly", "08:00", "mon,thu", 0, "", "", "2026-03-03", "2026-06-01", 0, false, uint8(3), 0, -120, []byte(`{"frequency":"weekly","times":["02:30"],"weekdays":["sun"],"start_date":"2026-03-01"}`))
	f.Add("every_n_days", "02:30", "", 2, "", "", "2026-03-01", "", 10, true, uint8(3), -1, 0, []byte(`{"frequency":"every_n_days","interval":3,"times":["01:30"],"start_date":"2026-10-30","end_date":"2026-11-30"}`))
	f.Add("once", "09:00", "", 0, "", "2026-05-05", "", "", 0, false, uint8(2), 0, 0, []byte(`{"frequency":"once","times":["09:00"],"date":"2026-05-05"}`))
	f.Add("rrule", "08:00", "", 0, "FREQ=MONTHLY;BYMONTHDAY=1", "", "2026-01-15", "", 5, true, uint8(4), 0, 0, []byte(`{"frequency":"rrule","rrule":"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29","times":["08:00"],"start_date":"2026-01-01"}`))
	f.Add("rrule", "23:59,00:00", "", 0, "FREQ=DAILY;UNTIL=20260110T000000Z", "", "2026-01-01", "", 0, false, uint8(6), 0, 0, []byte(`{"offsets":[{"days":-1,"time":"09:00"},{"minutes":-120}]}`))
	f.Fuzz(func(t *testing.T, freq, times, weekdays string, interval int, rr, date, start, end string, count int, hasCount bool, zone uint8, offDays, offMinutes int, raw []byte) {
		loc := mustLoc(t, fuzzZones[int(zone)%len(fuzzZones)])
		s := Spec{Frequency: freq, Times: splitList(times), Weekdays: splitList(weekdays), Interval: interval,
			RRule: rr, Date: date, StartDate: start, EndDate: end,
			Offsets: []Offset{{Days: offDays, Time: "09:00"}, {Minutes: offMinutes}}}
		if hasCount {
			s.Count = &count
		}
		checkSpec(t, s, loc)
		s.Offsets = nil
		checkSpec(t, s, loc)
		var js Spec
		if json.Unmarshal(raw, &js) == nil {
			checkSpec(t, js, loc)
		}
	})
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// checkSpec asserts what must hold for any spec: no panics, a stable
// Normalize, and bounded, ordered, count-respecting occurrences when valid.
func checkSpec(t *testing.T, s Spec, loc *time.Location) {
	began := time.Now()
	defer func() {
		if d := time.Since(began); d > 5*time.Second {
			t.Fatalf("checking one spec took %s: %+v", d, s)
		}
	}()
	n := s.Normalize()
	if !reflect.DeepEqual(n, n.Normalize()) {
		t.Fatalf("Normalize not idempotent: %+v -> %+v", n, n.Normalize())
	}
	appt := time.Date(2026, 6, 1, 10, 0, 0, 0, loc)
	at := AppointmentTimes(s.Offsets, appt, loc)
	for i, x := range at {
		if !x.Before(appt) || (i > 0 && !x.After(at[i-1])) {
			t.Fatalf("appointment times not sorted before start: %v", at)
		}
	}
	if s.Validate(true) == nil && len(at) == 0 && len(s.Offsets) > 0 {
		// valid offsets can all land after a start only with days 0 and a late time
		for _, o := range s.Offsets {
			if o.Days != 0 || o.Time == "" {
				t.Fatalf("valid offsets %+v gave no times", s.Offsets)
			}
		}
	}
	if err := s.Validate(false); err != nil {
		if Occurrences(s, loc, time.Unix(0, 0), time.Unix(1<<40, 0)) != nil {
			t.Fatal("an invalid spec has occurrences")
		}
		return
	}
	if err := n.Validate(false); err != nil {
		t.Fatalf("normalized spec became invalid: %v", err)
	}
	first, _ := parseDate(n.StartDate)
	if n.Frequency == Once {
		first, _ = parseDate(n.Date)
	}
	from := time.Unix(int64(first-2)*secondsPerDay, 0)
	to := from.AddDate(2, 0, 0)
	occ := Occurrences(s, loc, from, to)
	if len(occ) > MaxOccurrences {
		t.Fatalf("%d occurrences", len(occ))
	}
	if s.Count != nil && len(occ) > *s.Count {
		t.Fatalf("%d occurrences over count %d", len(occ), *s.Count)
	}
	for i, x := range occ {
		if !x.After(from) || x.After(to) || (i > 0 && !x.After(occ[i-1])) {
			t.Fatalf("occurrence %d out of order or window: %v", i, formatAll(occ[max(0, i-1):i+1]))
		}
	}
	if nx, ok := Next(s, loc, from); len(occ) > 0 && (!ok || !nx.Equal(occ[0])) {
		t.Fatalf("Next = %s %v, first occurrence %s", nx, ok, occ[0])
	}
	if len(occ) > 1 {
		i := (len(occ) - 1) / 2
		if nx, ok := Next(s, loc, occ[i]); !ok || !nx.Equal(occ[i+1]) {
			t.Fatalf("Next after middle = %s %v, want %s", nx, ok, occ[i+1])
		}
	}
}

func FuzzRRule(f *testing.F) {
	for _, seed := range []string{
		"FREQ=MONTHLY;BYMONTHDAY=1", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
		"FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1", "FREQ=DAILY;COUNT=5", "FREQ=DAILY;UNTIL=20260301T120000Z",
		"FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=-1,15;BYMONTH=2,4", "RRULE:FREQ=YEARLY;BYYEARDAY=-1,100",
		"FREQ=WEEKLY;WKST=SU;BYDAY=+1SU", "FREQ=DAILY;INTERVAL=7;BYDAY=TU", "freq=monthly;bysetpos=-1;byday=mo,tu,we,th,fr",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if _, err := parseRule(normalizeRRule(body)); err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
		s := Spec{Frequency: RRule, RRule: body, Times: []string{"02:30", "08:00"}, StartDate: "2026-01-01"}
		if s.Validate(false) != nil {
			return
		}
		ny := mustLoc(t, "America/New_York")
		got := Preview(s, ny, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), 50)
		if len(got) == 0 && !strings.Contains(normalizeRRule(body), "Z") { // a UTC UNTIL may end before the first local slot
			t.Fatalf("valid rule %q has no occurrence", body)
		}
		for i := 1; i < len(got); i++ {
			if !got[i].After(got[i-1]) {
				t.Fatalf("rule %q out of order: %v", body, formatAll(got))
			}
		}
	})
}
