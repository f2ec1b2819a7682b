package schedule

import (
	"slices"
	"strings"
)

// Frequencies of Spec.Frequency.
const (
	Once       = "once"
	Daily      = "daily"
	Weekly     = "weekly"
	EveryNDays = "every_n_days"
	RRule      = "rrule"
)

// Limits enforced by Validate and the generators.
const (
	MaxTimes       = 12      // times of day per schedule
	MaxOffsets     = 10      // offsets per appointment reminder
	MaxInterval    = 365     // every_n_days interval
	MaxCount       = 100_000 // schedule count
	MaxOccurrences = 10_000  // instants returned by one Occurrences or Preview call
)

// Offset places an appointment reminder relative to the appointment: either
// Days (<= 0) with a wall-clock Time on that day, e.g. {days:-1,time:"09:00"}
// is 09:00 on the day before the appointment's local date; or Minutes (< 0)
// without a time, e.g. {minutes:-120} is two hours before the start.
type Offset struct {
	Days    int    `json:"days,omitempty"`
	Time    string `json:"time,omitempty"` // "HH:MM"
	Minutes int    `json:"minutes,omitempty"`
}

// Spec is a reminder's schedule as stored and sent over the API (SPEC §3.1).
type Spec struct {
	Frequency string   `json:"frequency"`          // once | daily | weekly | every_n_days | rrule
	Times     []string `json:"times"`              // "HH:MM" wall clock, 1..12
	Weekdays  []string `json:"weekdays,omitempty"` // mon..sun (weekly)
	Interval  int      `json:"interval,omitempty"` // every_n_days: 1..365
	RRule     string   `json:"rrule,omitempty"`    // RFC 5545 RRULE body, e.g. "FREQ=MONTHLY;BYMONTHDAY=1"
	Date      string   `json:"date,omitempty"`     // once: "YYYY-MM-DD"
	StartDate string   `json:"start_date"`         // "YYYY-MM-DD"
	EndDate   string   `json:"end_date,omitempty"` // inclusive
	Count     *int     `json:"count,omitempty"`    // total occurrences, each time counts; not with end_date
	Offsets   []Offset `json:"offsets,omitempty"`  // appointment reminders
}

// Normalize returns a canonical copy of s; s itself is not changed:
// frequency and weekdays lower-cased, spaces trimmed, times formatted "HH:MM",
// sorted and deduplicated, weekdays deduplicated in mon..sun order, the RRULE
// upper-cased without an "RRULE:" prefix, a once schedule's missing date taken
// from start_date, and exact duplicate offsets dropped. Entries that do not
// parse are kept (after the valid ones) so that Validate still reports them.
// Normalize never makes a valid spec invalid.
func (s Spec) Normalize() Spec {
	out := s
	out.Frequency = strings.ToLower(strings.TrimSpace(s.Frequency))
	out.Times = normalizeTimes(s.Times)
	out.Weekdays = normalizeWeekdays(s.Weekdays)
	out.RRule = normalizeRRule(s.RRule)
	out.Date = strings.TrimSpace(s.Date)
	out.StartDate = strings.TrimSpace(s.StartDate)
	out.EndDate = strings.TrimSpace(s.EndDate)
	if out.Frequency == Once && out.Date == "" {
		out.Date = out.StartDate
	}
	if s.Count != nil {
		c := *s.Count
		out.Count = &c
	}
	out.Offsets = normalizeOffsets(s.Offsets)
	return out
}

func normalizeTimes(in []string) []string {
	if in == nil {
		return nil
	}
	var valid []TimeOfDay
	var bad []string
	for _, t := range in {
		if tod, err := ParseTimeOfDay(t); err == nil {
			valid = append(valid, tod)
		} else if !slices.Contains(bad, t) {
			bad = append(bad, t)
		}
	}
	slices.Sort(valid)
	valid = slices.Compact(valid)
	out := make([]string, 0, len(valid)+len(bad))
	for _, t := range valid {
		out = append(out, t.String())
	}
	return append(out, bad...)
}

func normalizeWeekdays(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	var seen [7]bool
	var bad []string
	for _, w := range in {
		d, err := ParseWeekday(w)
		if err != nil {
			if !slices.Contains(bad, w) {
				bad = append(bad, w)
			}
			continue
		}
		seen[(int(d)+6)%7] = true
	}
	var out []string
	for i, ok := range seen {
		if ok {
			out = append(out, weekdayNames[i])
		}
	}
	return append(out, bad...)
}

func normalizeRRule(s string) string {
	for {
		prev := s
		s = strings.TrimSpace(strings.ToUpper(s))
		s = strings.TrimSuffix(strings.TrimPrefix(s, "RRULE:"), ";")
		if s == prev {
			return s
		}
	}
}

func normalizeOffsets(in []Offset) []Offset {
	if in == nil {
		return nil
	}
	out := make([]Offset, 0, len(in))
	for _, o := range in {
		o.Time = strings.TrimSpace(o.Time)
		if tod, err := ParseTimeOfDay(o.Time); err == nil {
			o.Time = tod.String()
		}
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}
