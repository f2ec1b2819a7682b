// Package schedule turns a reminder's schedule (SPEC §3.1 "schedule", §6) into
// the instants at which the reminder is due. It is pure: no database, no clock.
//
// # Wall-clock semantics
//
// Every time of day is a wall-clock time in the patient's IANA time zone, so a
// daily 08:00 reminder fires at 08:00 local time on every day, whatever the
// daylight-saving rules do to its UTC instant. Two cases need a rule:
//
//   - Gap (spring forward): a wall-clock time that does not exist that day
//     fires at the same wall-clock time shifted forward by the length of the
//     gap. In America/New_York on 2026-03-08 clocks jump from 02:00 to 03:00,
//     so 02:30 fires at 03:30 EDT (07:30Z). (time.Date does not guarantee
//     this: for New York it answers 01:30 EST, so this package resolves
//     wall-clock times itself.)
//   - Overlap (fall back): a wall-clock time that occurs twice fires once, at
//     the first occurrence. In America/New_York on 2026-11-01, 01:30 fires at
//     01:30 EDT (05:30Z), not again at 01:30 EST.
//
// When a shifted time lands on the instant of another slot (02:30 and 03:30 on
// a New York spring-forward day) the reminder fires once at that instant.
//
// # Slots, count and end
//
// A schedule is a sequence of dates (once, daily, weekly, every N days, or an
// RFC 5545 RRULE evaluated from start_date) and, on each date, every time of
// Spec.Times. One (date, time) pair is a slot. end_date is inclusive (no slot
// on a later date). count is the total number of slots, counted from the very
// first slot of the schedule (not from the start of a query window); each time
// of day counts. count and end_date are mutually exclusive. An RRULE may carry
// its own COUNT (counting dates, as if one rule ran per time of day) or UNTIL;
// together with end_date and count, whichever ends the schedule first wins.
//
// # Bounds
//
// Occurrences returns at most MaxOccurrences instants (the earliest ones in
// the window). Dates run from 1900-01-01 to 2200-12-31. Next jumps straight
// to the query date for once, daily, weekly and every-N-days schedules (also
// with count, whose position is computed arithmetically); RRULE schedules are
// walked date by date from start_date, which is cheap for the supported
// frequencies (DAILY and coarser).
//
// Appointment reminders are not recurring: AppointmentTimes turns offsets
// relative to an appointment's start into instants.
package schedule
