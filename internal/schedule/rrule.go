package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Limits on RRULE values beyond what RFC 5545 itself requires.
const (
	maxRuleInterval = 1000
	ruleProbeDays   = 3653 // a rule must produce a date within ~10 years of start_date
)

// untilKind says how an RRULE UNTIL compares with a slot.
type untilKind int

const (
	untilNone     untilKind = iota
	untilDate               // UNTIL=YYYYMMDD: the whole local date is included
	untilFloating           // UNTIL=YYYYMMDDTHHMMSS: local wall-clock time
	untilUTC                // UNTIL=YYYYMMDDTHHMMSSZ: an instant
)

// rule is a parsed RRULE reduced to dates: it runs with DTSTART at local
// midnight of start_date, and times of day come from Spec.Times. UNTIL is taken
// out of the library's options and applied per slot.
type rule struct {
	opts      rrule.ROption
	untilKind untilKind
	until     int64 // day (untilDate), naive seconds (untilFloating) or unix seconds (untilUTC)
}

// parseRule checks an (already normalized) RRULE body. Times of day, DTSTART
// and sub-daily frequencies are refused: they come from the schedule itself.
func parseRule(body string) (r *rule, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("is not a valid RRULE: %v", p)
		}
	}()
	if body == "" {
		return nil, errors.New("is required when frequency is rrule")
	}
	if len(body) > 500 {
		return nil, errors.New("is too long (at most 500 characters)")
	}
	if strings.ContainsAny(body, "\r\n") {
		return nil, errors.New("must be a single RRULE line (DTSTART comes from start_date)")
	}
	r = &rule{}
	seen := map[string]bool{}
	var rest []string
	for _, part := range strings.Split(body, ";") {
		key, value, ok := strings.Cut(part, "=")
		if !ok || key == "" || value == "" {
			return nil, fmt.Errorf("is not a valid RRULE: %q is not NAME=VALUE", part)
		}
		if seen[key] {
			return nil, fmt.Errorf("is not a valid RRULE: %s given twice", key)
		}
		seen[key] = true
		switch key {
		case "DTSTART":
			return nil, errors.New("must not contain DTSTART (it comes from start_date and times)")
		case "BYHOUR", "BYMINUTE", "BYSECOND":
			return nil, fmt.Errorf("must not contain %s (times of day come from schedule.times)", key)
		case "BYEASTER":
			return nil, errors.New("BYEASTER is not part of RFC 5545")
		case "UNTIL":
			if err := r.parseUntil(value); err != nil {
				return nil, err
			}
			continue
		case "INTERVAL":
			if n, err := strconv.Atoi(value); err != nil || n < 1 || n > maxRuleInterval {
				return nil, fmt.Errorf("INTERVAL must be between 1 and %d", maxRuleInterval)
			}
		case "COUNT":
			if n, err := strconv.Atoi(value); err != nil || n < 1 || n > MaxCount {
				return nil, fmt.Errorf("COUNT must be between 1 and %d", MaxCount)
			}
		}
		rest = append(rest, part)
	}
	if seen["COUNT"] && seen["UNTIL"] {
		return nil, errors.New("must not contain both COUNT and UNTIL")
	}
	opts, err := rrule.StrToROption(strings.Join(rest, ";"))
	if err != nil {
		return nil, fmt.Errorf("is not a valid RRULE: %v", err)
	}
	switch opts.Freq {
	case rrule.YEARLY, rrule.MONTHLY, rrule.WEEKLY, rrule.DAILY:
	default:
		return nil, errors.New("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY (use schedule.times for several times a day)")
	}
	opts.Dtstart = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := rrule.NewRRule(*opts); err != nil {
		return nil, fmt.Errorf("is not a valid RRULE: %v", err)
	}
	r.opts = *opts
	return r, nil
}

func (r *rule) parseUntil(v string) error {
	layouts := []struct {
		layout string
		kind   untilKind
	}{{"20060102", untilDate}, {"20060102T150405", untilFloating}, {"20060102T150405Z", untilUTC}}
	for _, l := range layouts {
		if len(v) != len(l.layout) {
			continue
		}
		t, err := time.Parse(l.layout, v)
		if err != nil {
			break
		}
		r.untilKind = l.kind
		switch l.kind {
		case untilDate:
			r.until = int64(dayOf(t.Date()))
		default:
			r.until = t.Unix()
		}
		return nil
	}
	return errors.New("UNTIL must be YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ")
}

// lastDay is the last date the UNTIL can allow (dates are a coarse filter;
// slots are checked exactly by allows).
func (r *rule) lastDay() day {
	switch r.untilKind {
	case untilDate:
		return day(r.until)
	case untilFloating:
		return day(floorDiv(r.until, secondsPerDay))
	case untilUTC:
		return day(floorDiv(r.until, secondsPerDay)) + 1 // up to UTC+14 is the next local date
	}
	return maxDay
}

// allows reports whether UNTIL admits the slot at wall-clock naive, instant at.
func (r *rule) allows(naive int64, at time.Time) bool {
	switch r.untilKind {
	case untilFloating:
		return naive <= r.until
	case untilUTC:
		return at.Unix() <= r.until
	}
	return true // untilDate is applied through lastDay
}

// dates returns an iterator over the rule's dates from start, in order. The
// library's own checks are trusted, but a panic in it ends the sequence.
func (r *rule) dates(start day) (it func() (day, bool)) {
	none := func() (day, bool) { return 0, false }
	defer func() {
		if recover() != nil {
			it = none
		}
	}()
	opts := r.opts
	opts.Dtstart = time.Unix(int64(start)*secondsPerDay, 0).UTC()
	rr, err := rrule.NewRRule(opts)
	if err != nil {
		return none
	}
	next, done := rr.Iterator(), false
	return func() (d day, ok bool) {
		if done {
			return 0, false
		}
		defer func() {
			if p := recover(); p != nil {
				done, d, ok = true, 0, false
			}
		}()
		t, ok := next()
		if !ok {
			done = true
			return 0, false
		}
		return day(floorDiv(t.Unix(), secondsPerDay)), true
	}
}

// probe checks that the rule produces a date from start within about ten years,
// and that its first slot (at the earliest time of day) can be before UNTIL.
func (r *rule) probe(start day, earliest TimeOfDay) error {
	d, ok := r.dates(start)()
	if !ok || d > start+ruleProbeDays {
		return errors.New("produces no dates within 10 years of start_date")
	}
	naive := d.naive(earliest)
	if d > r.lastDay() ||
		r.untilKind == untilFloating && naive > r.until ||
		r.untilKind == untilUTC && naive-maxZoneOffset > r.until {
		return errors.New("UNTIL is before the rule's first occurrence")
	}
	return nil
}
