package schedule

import (
	"slices"
	"testing"
	"time"
)

func TestParseTimeOfDay(t *testing.T) {
	for in, want := range map[string]int{"00:00": 0, "08:00": 480, " 23:59 ": 1439, "12:05": 725} {
		got, err := ParseTimeOfDay(in)
		if err != nil || int(got) != want {
			t.Errorf("%q: got %d %v, want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "8:00", "24:00", "12:60", "12-00", "1200", "ab:cd", "08:00:00", "-1:00", "０８:００"} {
		if _, err := ParseTimeOfDay(in); err == nil {
			t.Errorf("%q should not parse", in)
		}
	}
	if s := TimeOfDay(485).String(); s != "08:05" {
		t.Errorf("String = %s", s)
	}
}

func TestParseWeekday(t *testing.T) {
	for in, want := range map[string]time.Weekday{"mon": time.Monday, "SUN": time.Sunday, " thu ": time.Thursday, "sat": time.Saturday} {
		got, err := ParseWeekday(in)
		if err != nil || got != want {
			t.Errorf("%q: got %v %v", in, got, err)
		}
		if WeekdayName(got) != weekdayNames[(int(want)+6)%7] {
			t.Errorf("name of %v = %s", got, WeekdayName(got))
		}
	}
	for _, in := range []string{"", "monday", "mo", "xyz"} {
		if _, err := ParseWeekday(in); err == nil {
			t.Errorf("%q should not parse", in)
		}
	}
}

func TestNormalize(t *testing.T) {
	count := 4
	in := Spec{
		Frequency: " Weekly ", Times: []string{"20:00", " 08:00", "20:00", "bad"},
		Weekdays: []string{"THU", "mon", "thu", "nope"}, RRule: "",
		StartDate: " 2026-01-01 ", Count: &count,
	}
	out := in.Normalize()
	if out.Frequency != Weekly || !slices.Equal(out.Times, []string{"08:00", "20:00", "bad"}) ||
		!slices.Equal(out.Weekdays, []string{"mon", "thu", "nope"}) || out.StartDate != "2026-01-01" {
		t.Fatalf("normalized: %+v", out)
	}
	if in.Times[0] != "20:00" || in.Weekdays[0] != "THU" {
		t.Fatal("Normalize changed its receiver")
	}
	*out.Count = 9
	if count != 4 {
		t.Fatal("Normalize shares count")
	}
	r := Spec{RRule: " rrule:freq=monthly;bymonthday=1; "}.Normalize()
	if r.RRule != "FREQ=MONTHLY;BYMONTHDAY=1" {
		t.Fatalf("rrule %q", r.RRule)
	}
	o := Spec{Frequency: "once", StartDate: "2026-03-01"}.Normalize()
	if o.Date != "2026-03-01" {
		t.Fatalf("once date %q", o.Date)
	}
	offs := Spec{Offsets: []Offset{{Minutes: -60}, {Minutes: -60}, {Days: -1, Time: " 09:00"}}}.Normalize().Offsets
	if len(offs) != 2 || offs[1].Time != "09:00" {
		t.Fatalf("offsets %+v", offs)
	}
}

func TestDayHelpers(t *testing.T) {
	d := dayOf(2026, 3, 8)
	if d.String() != "2026-03-08" || d.weekday() != time.Sunday {
		t.Fatalf("%s %v", d, d.weekday())
	}
	if dayOf(1969, 12, 31).weekday() != time.Wednesday || floorDiv(-1, 7) != -1 || floorMod(-1, 7) != 6 {
		t.Fatal("negative days")
	}
}
