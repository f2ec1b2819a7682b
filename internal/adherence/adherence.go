// Package adherence is PRIMA's one definition of medication adherence, its
// rollup table, and every read of it (the patient list and page, the
// dashboard, GET /stats/adherence).
//
// A patient's adherence over a window of N days (7, 30 or 90) is the share of
// their settled medication doses due in those days that they took:
//
//	(confirmed + late) ÷ (confirmed + late + missed)
//
// where:
//
//   - confirmed: confirmed (by the patient's reply or by staff) within the
//     dose's confirmation window; late: confirmed after it. Both count as taken.
//   - missed: the window closed unconfirmed (a scheduler tick marks it).
//   - skipped doses (the message never reached the patient: no consent, too
//     late to send, could not be rendered, …) and pending ones (window still
//     open, or closed but not yet marked by a tick) count neither way.
//   - The window is the N UTC calendar days ending today (UTC), today included;
//     a dose belongs to the UTC day of its due time.
//   - With no settled dose in the window there is no figure (null).
//
// Reads never aggregate occurrences: the reminder store keeps adherence_days
// (settled doses per patient and UTC day) up to date in the transaction that
// changes an occurrence's state (Record), and Recount rebuilds it.
package adherence

import (
	"time"
)

// Occurrence states that settle a dose (the reminder package's states).
const (
	StateConfirmed = "confirmed"
	StateLate      = "late"
	StateMissed    = "missed"
)

// Windows are the window lengths, in days, adherence is reported over.
var Windows = []int{7, 30, 90}

// ValidWindow reports whether n is one of Windows.
func ValidWindow(n int) bool {
	for _, w := range Windows {
		if w == n {
			return true
		}
	}
	return false
}

// Counts are settled doses.
type Counts struct {
	Confirmed, Late, Missed int64
}

// Taken is the doses confirmed, on time or late.
func (c Counts) Taken() int64 { return c.Confirmed + c.Late }

// Due is the settled doses: taken or missed.
func (c Counts) Due() int64 { return c.Confirmed + c.Late + c.Missed }

// Ratio is Taken ÷ Due, or nil when nothing is settled.
func (c Counts) Ratio() *float64 {
	if c.Due() <= 0 {
		return nil
	}
	r := float64(c.Taken()) / float64(c.Due())
	return &r
}

func (c *Counts) add(o Counts) {
	c.Confirmed += o.Confirmed
	c.Late += o.Late
	c.Missed += o.Missed
}

func (c Counts) zero() bool { return c.Confirmed == 0 && c.Late == 0 && c.Missed == 0 }

// countOf is what one dose in state contributes.
func countOf(state string) Counts {
	switch state {
	case StateConfirmed:
		return Counts{Confirmed: 1}
	case StateLate:
		return Counts{Late: 1}
	case StateMissed:
		return Counts{Missed: 1}
	}
	return Counts{}
}

// Settled reports whether a dose in state counts for adherence.
func Settled(state string) bool { return !countOf(state).zero() }

const secondsPerDay = 24 * 60 * 60

// Day is the day number (days since 1970-01-01) of t in UTC.
func Day(t time.Time) int64 {
	s := t.Unix()
	d := s / secondsPerDay
	if s%secondsPerDay < 0 {
		d--
	}
	return d
}

// Span is the first and last day of the window of n days ending on now's UTC day.
func Span(n int, now time.Time) (first, last int64) {
	last = Day(now)
	return last - int64(n) + 1, last
}

// Date is the calendar date ("2006-01-02") of a day number.
func Date(day int64) string {
	return time.Unix(day*secondsPerDay, 0).UTC().Format(time.DateOnly)
}
