package schedule

import "time"

// startMargin is how many days before a query's local date generation starts:
// slots of earlier dates cannot land after the query instant, even across a
// zone's offset change of a whole day.
const startMargin = 3

// Occurrences returns every occurrence instant t of spec with from < t <= to,
// in UTC, strictly increasing, at most MaxOccurrences of them (the earliest).
// Times are wall-clock times in loc (nil means UTC); count is counted from
// the schedule's first slot, not from from. An invalid spec (see Validate) or
// an appointment spec has no occurrences.
func Occurrences(spec Spec, loc *time.Location, from, to time.Time) []time.Time {
	if !to.After(from) {
		return nil
	}
	s := open(spec, loc, from)
	if s == nil {
		return nil
	}
	var out []time.Time
	for len(out) < MaxOccurrences {
		t, ok := s.next()
		if !ok || t.After(to) {
			break
		}
		if t.After(from) {
			out = append(out, t)
		}
	}
	return out
}

// Next returns the first occurrence strictly after after, in UTC, and false
// when the schedule has none (finished, or the spec is invalid). It does not
// walk from the start of a long-running schedule: see the package comment.
func Next(spec Spec, loc *time.Location, after time.Time) (time.Time, bool) {
	s := open(spec, loc, after)
	if s == nil {
		return time.Time{}, false
	}
	for {
		t, ok := s.next()
		if !ok {
			return time.Time{}, false
		}
		if t.After(after) {
			return t, true
		}
	}
}

// Preview returns up to n occurrences strictly after after (n is capped at
// MaxOccurrences), e.g. the "next five reminders" shown when editing.
func Preview(spec Spec, loc *time.Location, after time.Time, n int) []time.Time {
	n = min(n, MaxOccurrences)
	if n <= 0 {
		return nil
	}
	s := open(spec, loc, after)
	if s == nil {
		return nil
	}
	var out []time.Time
	for len(out) < n {
		t, ok := s.next()
		if !ok {
			break
		}
		if t.After(after) {
			out = append(out, t)
		}
	}
	return out
}

// open validates spec and starts a stream a few days before t's local date.
func open(spec Spec, loc *time.Location, t time.Time) *stream {
	if loc == nil {
		loc = time.UTC
	}
	p, f := compile(spec)
	if len(f) > 0 || p == nil {
		return nil
	}
	return newStream(p, loc, localDay(t, loc)-startMargin)
}
