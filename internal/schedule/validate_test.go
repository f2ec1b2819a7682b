package schedule

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/errs"
)

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *errs.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *errs.ValidationError, got %T %v", err, err)
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestValidateFieldNames(t *testing.T) {
	base := func(mut func(*Spec)) Spec {
		s := Spec{Frequency: Daily, Times: []string{"08:00"}, StartDate: "2026-01-01"}
		mut(&s)
		return s
	}
	cases := []struct {
		name string
		spec Spec
		want []string // exactly these fields, in order
	}{
		{"valid daily", base(func(*Spec) {}), nil},
		{"no frequency", base(func(s *Spec) { s.Frequency = "" }), []string{"schedule.frequency"}},
		{"unknown frequency", base(func(s *Spec) { s.Frequency = "hourly" }), []string{"schedule.frequency"}},
		{"no times", base(func(s *Spec) { s.Times = nil }), []string{"schedule.times"}},
		{"bad second time", base(func(s *Spec) { s.Times = []string{"08:00", "8pm"} }), []string{"schedule.times[1]"}},
		{"24:00", base(func(s *Spec) { s.Times = []string{"24:00"} }), []string{"schedule.times[0]"}},
		{"one digit hour", base(func(s *Spec) { s.Times = []string{"8:00"} }), []string{"schedule.times[0]"}},
		{"13 times", base(func(s *Spec) {
			s.Times = []string{"00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00", "10:00", "11:00", "12:00"}
		}), []string{"schedule.times"}},
		{"duplicates collapse to 12", base(func(s *Spec) {
			s.Times = []string{"00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00", "10:00", "11:00", "11:00"}
		}), nil},
		{"weekly without weekdays", base(func(s *Spec) { s.Frequency = Weekly }), []string{"schedule.weekdays"}},
		{"unknown weekday", base(func(s *Spec) { s.Frequency, s.Weekdays = Weekly, []string{"mon", "funday"} }), []string{"schedule.weekdays"}},
		{"weekdays on daily", base(func(s *Spec) { s.Weekdays = []string{"mon"} }), []string{"schedule.weekdays"}},
		{"interval zero", base(func(s *Spec) { s.Frequency = EveryNDays }), []string{"schedule.interval"}},
		{"interval too big", base(func(s *Spec) { s.Frequency, s.Interval = EveryNDays, 366 }), []string{"schedule.interval"}},
		{"interval on daily", base(func(s *Spec) { s.Interval = 2 }), []string{"schedule.interval"}},
		{"rrule missing", base(func(s *Spec) { s.Frequency = RRule }), []string{"schedule.rrule"}},
		{"rrule garbage", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "every monday" }), []string{"schedule.rrule"}},
		{"rrule unknown part", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "FREQ=DAILY;FOO=1" }), []string{"schedule.rrule"}},
		{"rrule hourly", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "FREQ=HOURLY" }), []string{"schedule.rrule"}},
		{"rrule BYHOUR", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "FREQ=DAILY;BYHOUR=8" }), []string{"schedule.rrule"}},
		{"rrule DTSTART", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "DTSTART=20260101T000000;FREQ=DAILY" }), []string{"schedule.rrule"}},
		{"rrule impossible", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" }), []string{"schedule.rrule"}},
		{"rrule UNTIL before start", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "FREQ=DAILY;UNTIL=20251231" }), []string{"schedule.rrule"}},
		{"rrule COUNT and UNTIL", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "FREQ=DAILY;COUNT=2;UNTIL=20261231" }), []string{"schedule.rrule"}},
		{"rrule BYMONTHDAY out of range", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "FREQ=MONTHLY;BYMONTHDAY=32" }), []string{"schedule.rrule"}},
		{"rrule on daily", base(func(s *Spec) { s.RRule = "FREQ=DAILY" }), []string{"schedule.rrule"}},
		{"rrule with prefix, lower case", base(func(s *Spec) { s.Frequency, s.RRule = RRule, "rrule:freq=weekly;byday=mo,th" }), nil},
		{"no start_date", base(func(s *Spec) { s.StartDate = "" }), []string{"schedule.start_date"}},
		{"bad start_date", base(func(s *Spec) { s.StartDate = "2026-02-30" }), []string{"schedule.start_date"}},
		{"end before start", base(func(s *Spec) { s.EndDate = "2025-12-31" }), []string{"schedule.end_date"}},
		{"bad end_date", base(func(s *Spec) { s.EndDate = "31/12/2026" }), []string{"schedule.end_date"}},
		{"count and end_date", base(func(s *Spec) { s.EndDate, s.Count = "2026-02-01", intp(3) }), []string{"schedule.count"}},
		{"count zero", base(func(s *Spec) { s.Count = intp(0) }), []string{"schedule.count"}},
		{"offsets on a recurring reminder", base(func(s *Spec) { s.Offsets = []Offset{{Minutes: -60}} }), []string{"schedule.offsets"}},
		{"once needs a date", Spec{Frequency: Once, Times: []string{"08:00"}}, []string{"schedule.date"}},
		{"once date before start_date", Spec{Frequency: Once, Times: []string{"08:00"}, Date: "2026-01-01", StartDate: "2026-02-01"}, []string{"schedule.date"}},
		{"date on daily", base(func(s *Spec) { s.Date = "2026-01-05" }), []string{"schedule.date"}},
		{"several at once", Spec{Frequency: Weekly, Times: []string{"x", "08:00"}, Weekdays: []string{"xyz"}, StartDate: "2026-01-02", EndDate: "2026-01-01"},
			[]string{"schedule.times[0]", "schedule.weekdays", "schedule.end_date"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fieldsOf(t, c.spec.Validate(false))
			if !slices.Equal(got, c.want) {
				t.Fatalf("fields %v, want %v (err: %v)", got, c.want, c.spec.Validate(false))
			}
		})
	}
}

func TestValidateAppointmentOffsets(t *testing.T) {
	cases := []struct {
		name string
		offs []Offset
		want []string
	}{
		{"day before and two hours before", []Offset{{Days: -1, Time: "09:00"}, {Minutes: -120}}, nil},
		{"same day at a time", []Offset{{Days: 0, Time: "07:00"}}, nil},
		{"none", nil, []string{"schedule.offsets"}},
		{"eleven", make([]Offset, 11), []string{"schedule.offsets"}},
		{"bad time", []Offset{{Minutes: -30}, {Days: -1, Time: "9am"}}, []string{"schedule.offsets[1].time"}},
		{"days after", []Offset{{Days: 1, Time: "09:00"}}, []string{"schedule.offsets[0].days"}},
		{"days without time", []Offset{{Days: -2}}, []string{"schedule.offsets[0].time"}},
		{"minutes after", []Offset{{Minutes: 30}}, []string{"schedule.offsets[0].minutes"}},
		{"empty offset", []Offset{{}}, []string{"schedule.offsets[0].minutes"}},
		{"time and minutes", []Offset{{Time: "09:00", Minutes: -10}}, []string{"schedule.offsets[0].minutes"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// the recurring fields do not matter for an appointment reminder
			s := Spec{Offsets: c.offs}
			got := fieldsOf(t, s.Validate(true))
			if !slices.Equal(got, c.want) {
				t.Fatalf("fields %v, want %v", got, c.want)
			}
		})
	}
}

func TestValidationMessagesAreReadable(t *testing.T) {
	err := Spec{Frequency: Daily, Times: []string{"25:00"}, StartDate: "2026-01-01"}.Validate(false)
	if err == nil || !strings.Contains(err.Error(), `schedule.times[0]: must be a time "HH:MM"`) {
		t.Fatalf("message: %v", err)
	}
}
