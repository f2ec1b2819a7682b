package schedule

import (
	"slices"
	"strings"
	"time"
)

// AppointmentTimes returns when the reminders of an appointment starting at
// start are due, in UTC, sorted and deduplicated. {Days:-1, Time:"09:00"} is
// 09:00 wall-clock in loc (nil means UTC) on the day before the appointment's
// local date (DST gaps and overlaps resolve as for recurring schedules);
// {Minutes:-120} is start minus two hours. Offsets that are not valid (see
// Validate) are skipped, and so is any instant not strictly before start: a
// reminder after the appointment began is of no use. Instants already in the
// past are returned; the caller decides what to do with them.
func AppointmentTimes(offsets []Offset, start time.Time, loc *time.Location) []time.Time {
	if loc == nil {
		loc = time.UTC
	}
	startDay := localDay(start, loc)
	var out []time.Time
	for _, o := range offsets {
		var t time.Time
		if strings.TrimSpace(o.Time) != "" {
			tod, err := ParseTimeOfDay(o.Time)
			if err != nil || o.Days > 0 || o.Days < minOffsetDays || o.Minutes != 0 {
				continue
			}
			t = wallInstant((startDay + day(o.Days)).naive(tod), loc)
		} else {
			if o.Days != 0 || o.Minutes >= 0 || o.Minutes < minOffsetMinutes {
				continue
			}
			t = start.Add(time.Duration(o.Minutes) * time.Minute).UTC()
		}
		if t.Before(start) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, time.Time.Equal)
}
