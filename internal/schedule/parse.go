package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/valid"
)

// TimeOfDay is a wall-clock time, in minutes after local midnight (0..1439).
type TimeOfDay int

// Hour is the hour, 0..23.
func (t TimeOfDay) Hour() int { return int(t) / 60 }

// Minute is the minute, 0..59.
func (t TimeOfDay) Minute() int { return int(t) % 60 }

// String formats the time as "HH:MM".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute()) }

var errTimeOfDay = errors.New(`must be a time "HH:MM" between 00:00 and 23:59`)

// ParseTimeOfDay parses "HH:MM" (24-hour clock, two digits each, 00:00..23:59).
// Surrounding spaces are ignored.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	s = strings.TrimSpace(s)
	if len(s) != 5 || s[2] != ':' {
		return 0, errTimeOfDay
	}
	h, ok1 := twoDigits(s[0:2])
	m, ok2 := twoDigits(s[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, errTimeOfDay
	}
	return TimeOfDay(h*60 + m), nil
}

func twoDigits(s string) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// weekdayNames are the accepted weekday names, Monday first (display order).
var weekdayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// ParseWeekday parses "mon".."sun" (case-insensitive, spaces ignored).
func ParseWeekday(s string) (time.Weekday, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, n := range weekdayNames {
		if n == s {
			return time.Weekday((i + 1) % 7), nil
		}
	}
	return 0, fmt.Errorf("unknown weekday %q (use mon, tue, wed, thu, fri, sat, sun)", s)
}

// WeekdayName is the schedule name of a weekday: "mon".."sun".
func WeekdayName(d time.Weekday) string { return weekdayNames[(int(d)+6)%7] }

// day is a calendar date as a number of days since 1970-01-01.
type day int64

const secondsPerDay = 86400

// The dates a schedule may use: the years every resource accepts (valid.MinYear..MaxYear).
var (
	minDay = dayOf(valid.MinYear, 1, 1)
	maxDay = dayOf(valid.MaxYear, 12, 31)
)

func dayOf(y int, m time.Month, d int) day {
	return day(floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay))
}

// localDay is the calendar date of t in loc.
func localDay(t time.Time, loc *time.Location) day {
	y, m, d := t.In(loc).Date()
	return dayOf(y, m, d)
}

// weekday of a date; 1970-01-01 was a Thursday.
func (d day) weekday() time.Weekday { return time.Weekday(floorMod(int64(d)+4, 7)) }

// naive is the wall-clock time d at tod, as seconds counted as if it were UTC.
func (d day) naive(tod TimeOfDay) int64 { return int64(d)*secondsPerDay + int64(tod)*60 }

func (d day) String() string {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Format(time.DateOnly)
}

var errDate = errors.New(`must be a date "YYYY-MM-DD" between 1900-01-01 and 2200-12-31`)

// parseDate parses "YYYY-MM-DD" within minDay..maxDay.
func parseDate(s string) (day, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return 0, errDate
	}
	d := dayOf(t.Date())
	if d < minDay || d > maxDay {
		return 0, errDate
	}
	return d, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
