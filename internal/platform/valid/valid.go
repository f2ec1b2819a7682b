// Package valid holds the input rules every resource shares: the span of
// dates and instants PRIMA accepts, and what counts as text. Both databases
// and JSON can hold every value these rules let through, so a write that
// passes them can always be read back.
package valid

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Years of the dates and instants PRIMA accepts (inclusive, UTC for instants).
const (
	MinYear = 1900
	MaxYear = 2200
)

// Field messages of the shared rules (errs.Classify reads them as
// invalid_format and out_of_range).
const (
	TextMessage = "must be UTF-8 text without NUL characters"
	DateMessage = "must be a date between 1900 and 2200"
)

// Errors of Date and Instant; their texts are field messages.
var (
	ErrDateFormat    = errors.New("must be a date such as 2026-11-24")
	ErrDateRange     = errors.New(DateMessage)
	ErrInstantFormat = errors.New("must be an RFC 3339 time such as 2026-11-24T09:00:00+07:00")
	ErrInstantRange  = errors.New("must be between 1900 and 2200 (UTC)")
)

var (
	minInstant = time.Date(MinYear, 1, 1, 0, 0, 0, 0, time.UTC)
	endInstant = time.Date(MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC) // exclusive
)

// Text reports whether s is UTF-8 without NUL characters: what PostgreSQL
// text columns store and what SQLite stores without changing it.
func Text(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// InRange reports whether t, in UTC, falls in the years MinYear..MaxYear.
func InRange(t time.Time) bool {
	u := t.UTC()
	return !u.Before(minInstant) && u.Before(endInstant)
}

// Date parses a "YYYY-MM-DD" date (spaces around it ignored) in MinYear..MaxYear.
func Date(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	switch {
	case err != nil:
		return time.Time{}, ErrDateFormat
	case !InRange(t):
		return time.Time{}, ErrDateRange
	}
	return t, nil
}

// Instant parses an RFC 3339 time with an offset (spaces around it ignored)
// whose UTC year is in MinYear..MaxYear; "9999-12-31T23:00:00-05:00" is
// refused, since it is in the year 10000 in UTC.
func Instant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	switch {
	case err != nil:
		return time.Time{}, ErrInstantFormat
	case !InRange(t):
		return time.Time{}, ErrInstantRange
	}
	return t, nil
}
