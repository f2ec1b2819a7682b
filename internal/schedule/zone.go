package schedule

import "time"

// wallInstant returns the instant at which the wall-clock time naive (seconds
// counted as if local time were UTC) happens in loc:
//   - a time that exists once is that instant;
//   - a time that exists twice (fall back) is its first occurrence;
//   - a time in a gap (spring forward) is read with the offset in force before
//     the gap, which is the same wall-clock time shifted forward by the gap.
func wallInstant(naive int64, loc *time.Location) time.Time {
	best, found := int64(0), false
	var before int
	for i, probe := range [3]int64{naive - secondsPerDay, naive, naive + secondsPerDay} {
		off := offsetAt(probe, loc)
		if i == 0 {
			before = off
		}
		u := naive - int64(off)
		if offsetAt(u, loc) == off && (!found || u < best) {
			best, found = u, true
		}
	}
	if !found {
		best = naive - int64(before)
	}
	return time.Unix(best, 0).UTC()
}

func offsetAt(unix int64, loc *time.Location) int {
	_, off := time.Unix(unix, 0).In(loc).Zone()
	return off
}
