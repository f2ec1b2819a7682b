package schedule

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/prima-health/prima/internal/platform/errs"
)

// Offset limits: at most a year before the appointment.
const (
	minOffsetDays    = -365
	minOffsetMinutes = -365 * 24 * 60
)

// Validate checks s as the client sent it (Normalize is not needed first;
// indices in field names refer to the client's order). It returns nil or an
// *errs.ValidationError whose fields are named like "schedule.times[1]",
// "schedule.weekdays", "schedule.rrule", "schedule.end_date", "schedule.count"
// or "schedule.offsets[0].time".
//
// A recurring reminder (forAppointment false) needs a frequency, 1..12 times
// and a start_date (a once schedule may give date instead), plus the fields
// its frequency uses; fields another frequency uses are refused rather than
// ignored, and so are offsets. An appointment reminder (forAppointment true)
// needs only Offsets (1..10; each either days <= 0 with a time, or minutes < 0
// without one); its other fields are ignored.
func (s Spec) Validate(forAppointment bool) error {
	if forAppointment {
		var f errs.Fields
		validateOffsets(s.Offsets, &f)
		return f.Err()
	}
	_, f := compile(s)
	return f.Err()
}

func validateOffsets(offs []Offset, f *errs.Fields) {
	switch {
	case len(offs) == 0:
		f.Add("schedule.offsets", "at least one offset is required")
		return
	case len(offs) > MaxOffsets:
		f.Add("schedule.offsets", fmt.Sprintf("at most %d offsets are allowed", MaxOffsets))
		return
	}
	for i, o := range offs {
		name := "schedule.offsets[" + strconv.Itoa(i) + "]."
		if strings.TrimSpace(o.Time) != "" {
			if _, err := ParseTimeOfDay(o.Time); err != nil {
				f.Add(name+"time", err.Error())
			}
			if o.Days > 0 || o.Days < minOffsetDays {
				f.Add(name+"days", fmt.Sprintf("must be between %d and 0 (days before the appointment)", minOffsetDays))
			}
			if o.Minutes != 0 {
				f.Add(name+"minutes", "cannot be combined with time; use days and time, or minutes alone")
			}
			continue
		}
		if o.Days != 0 {
			f.Add(name+"time", "is required with days")
		}
		if o.Minutes >= 0 || o.Minutes < minOffsetMinutes {
			if o.Days == 0 {
				f.Add(name+"minutes", fmt.Sprintf("must be between %d and -1 (minutes before the appointment)", minOffsetMinutes))
			}
		}
	}
}

// compile validates a recurring schedule and, when it is valid, builds the
// plan the generators run. Fields of the result name every problem found.
func compile(s Spec) (*plan, errs.Fields) {
	var f errs.Fields
	n := s.Normalize()
	p := &plan{kind: n.Frequency, end: maxDay}

	switch n.Frequency {
	case Once, Daily, Weekly, EveryNDays, RRule:
	case "":
		f.Add("schedule.frequency", "is required")
	default:
		f.Add("schedule.frequency", "must be one of once, daily, weekly, every_n_days, rrule")
	}
	only := func(field, freq string) {
		if n.Frequency != freq {
			f.Add("schedule."+field, "is only used when frequency is "+freq)
		}
	}

	// times
	if len(s.Times) == 0 {
		f.Add("schedule.times", "at least one time of day is required")
	}
	timesOK := true
	for i, t := range s.Times {
		if _, err := ParseTimeOfDay(t); err != nil {
			f.Add("schedule.times["+strconv.Itoa(i)+"]", err.Error())
			timesOK = false
		}
	}
	if timesOK && len(n.Times) > MaxTimes {
		f.Add("schedule.times", fmt.Sprintf("at most %d times of day are allowed", MaxTimes))
	}
	if timesOK {
		for _, t := range n.Times {
			tod, _ := ParseTimeOfDay(t)
			p.times = append(p.times, tod)
		}
	}

	// weekdays
	if len(s.Weekdays) > 0 {
		only("weekdays", Weekly)
		for _, w := range s.Weekdays {
			d, err := ParseWeekday(w)
			if err != nil {
				f.Add("schedule.weekdays", err.Error())
				continue
			}
			if !p.weekdays[d] {
				p.weekdays[d] = true
				p.nWeekdays++
			}
		}
	} else if n.Frequency == Weekly {
		f.Add("schedule.weekdays", "at least one weekday is required when frequency is weekly")
	}

	// interval
	p.step = 1
	if n.Frequency == EveryNDays {
		if s.Interval < 1 || s.Interval > MaxInterval {
			f.Add("schedule.interval", fmt.Sprintf("must be between 1 and %d days", MaxInterval))
		}
		p.step = int64(s.Interval)
	} else if s.Interval != 0 {
		only("interval", EveryNDays)
	}

	// rrule
	if n.Frequency == RRule {
		r, err := parseRule(n.RRule)
		if err != nil {
			f.Add("schedule.rrule", err.Error())
		}
		p.rule = r
	} else if n.RRule != "" {
		only("rrule", RRule)
	}

	// dates
	start, startOK := checkDate(&f, "start_date", n.StartDate, n.Frequency != Once)
	if n.Frequency == Once {
		date, ok := checkDate(&f, "date", n.Date, true)
		if ok && startOK && n.StartDate != "" && date < start {
			f.Add("schedule.date", "is before start_date")
		}
		start, startOK = date, ok
		p.end = date
	} else if strings.TrimSpace(s.Date) != "" {
		only("date", Once)
	}
	p.start = start
	if n.EndDate != "" {
		if end, ok := checkDate(&f, "end_date", n.EndDate, true); ok {
			if startOK && end < start {
				f.Add("schedule.end_date", "is before start_date")
			}
			p.end = min(p.end, end)
		}
	}
	if n.Count != nil {
		switch {
		case n.EndDate != "":
			f.Add("schedule.count", "cannot be combined with end_date; give one of them")
		case *n.Count < 1 || *n.Count > MaxCount:
			f.Add("schedule.count", fmt.Sprintf("must be between 1 and %d", MaxCount))
		default:
			p.count = int64(*n.Count)
		}
	}

	if len(s.Offsets) > 0 {
		f.Add("schedule.offsets", "are only used for appointment reminders")
	}
	if p.rule != nil && startOK && len(p.times) > 0 {
		if err := p.rule.probe(start, p.times[0]); err != nil {
			f.Add("schedule.rrule", err.Error())
		}
	}
	if len(f) > 0 {
		return nil, f
	}
	return p, nil
}

// checkDate parses a date field; a missing date is an error only if required.
func checkDate(f *errs.Fields, field, value string, required bool) (day, bool) {
	if value == "" {
		if required {
			f.Add("schedule."+field, "is required")
		}
		return 0, false
	}
	d, err := parseDate(value)
	if err != nil {
		f.Add("schedule."+field, err.Error())
		return 0, false
	}
	return d, true
}
