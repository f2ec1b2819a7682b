package schedule

import "time"

// plan is a validated recurring schedule reduced to numbers.
type plan struct {
	kind      string
	times     []TimeOfDay // sorted, unique
	start     day         // first possible date
	end       day         // last possible date (inclusive)
	count     int64       // total slots; 0 means unlimited
	step      int64       // days between dates: daily 1, every_n_days interval
	weekdays  [7]bool     // weekly, by time.Weekday
	nWeekdays int64
	rule      *rule
}

// datesFrom returns the schedule's dates on or after from, in order (ignoring
// end and count), and how many dates come before the first one it yields.
// Once, daily, every-N-days and weekly schedules jump straight to from.
func (p *plan) datesFrom(from day) (next func() (day, bool), before int64) {
	switch p.kind {
	case Once:
		done := from > p.start
		if done {
			before = 1
		}
		return func() (day, bool) {
			if done {
				return 0, false
			}
			done = true
			return p.start, true
		}, before
	case Daily, EveryNDays:
		k := int64(0)
		if from > p.start {
			k = (int64(from-p.start) + p.step - 1) / p.step
		}
		d := p.start + day(k*p.step)
		return func() (day, bool) {
			cur := d
			d += day(p.step)
			return cur, true
		}, k
	case Weekly:
		d := max(from, p.start)
		weeks := int64(d-p.start) / 7
		before = weeks * p.nWeekdays
		for x := p.start + day(weeks*7); x < d; x++ {
			if p.weekdays[x.weekday()] {
				before++
			}
		}
		return func() (day, bool) {
			for !p.weekdays[d.weekday()] {
				d++
			}
			cur := d
			d++
			return cur, true
		}, before
	case RRule:
		all := p.rule.dates(p.start)
		var pending day
		has := false
		for {
			d, ok := all()
			if !ok {
				break
			}
			if d >= from {
				pending, has = d, true
				break
			}
			before++
		}
		return func() (day, bool) {
			if has {
				has = false
				return pending, true
			}
			return all()
		}, before
	}
	return func() (day, bool) { return 0, false }, 0
}

// stream yields a plan's occurrence instants in strictly increasing order.
// Wall-clock slots are generated date by date; because a slot in a DST gap is
// shifted forward it may overtake a later slot, so instants wait in a small
// buffer until no later date can produce an earlier one.
type stream struct {
	p         *plan
	loc       *time.Location
	dates     func() (day, bool)
	remaining int64 // slots left under count; -1 unlimited
	pending   []time.Time
	frontier  int64 // every slot not generated yet is at or after this unix second
	last      time.Time
	emitted   bool
	exhausted bool
}

// maxZoneOffset bounds any UTC offset (tzdata's largest is under 16 h).
const maxZoneOffset = 26 * 3600

// newStream starts at the slots of the dates on or after from.
func newStream(p *plan, loc *time.Location, from day) *stream {
	if loc == nil {
		loc = time.UTC
	}
	dates, before := p.datesFrom(from)
	s := &stream{p: p, loc: loc, dates: dates, remaining: -1}
	if p.count > 0 {
		s.remaining = p.count - before*int64(len(p.times))
		if s.remaining <= 0 {
			s.exhausted = true
		}
	}
	return s
}

// next returns the next instant, or false when the schedule is finished.
func (s *stream) next() (time.Time, bool) {
	for {
		if len(s.pending) > 0 && (s.exhausted || s.pending[0].Unix() < s.frontier) {
			t := s.pending[0]
			s.pending = s.pending[1:]
			if s.emitted && !t.After(s.last) {
				continue // two slots on one instant fire once
			}
			s.last, s.emitted = t, true
			return t, true
		}
		if s.exhausted {
			return time.Time{}, false
		}
		s.fill()
	}
}

// fill generates the slots of the next date.
func (s *stream) fill() {
	d, ok := s.dates()
	if !ok || d > s.p.end || d > maxDay || (s.p.rule != nil && d > s.p.rule.lastDay()) {
		s.exhausted = true
		return
	}
	for _, tod := range s.p.times {
		naive := d.naive(tod)
		at := wallInstant(naive, s.loc)
		if s.p.rule != nil && !s.p.rule.allows(naive, at) {
			continue
		}
		s.insert(at)
		if s.remaining > 0 {
			s.remaining--
			if s.remaining == 0 {
				s.exhausted = true
				return
			}
		}
	}
	s.frontier = (d + 1).naive(0) - maxZoneOffset
}

func (s *stream) insert(t time.Time) {
	i := len(s.pending)
	for i > 0 && s.pending[i-1].After(t) {
		i--
	}
	s.pending = append(s.pending, time.Time{})
	copy(s.pending[i+1:], s.pending[i:])
	s.pending[i] = t
}
