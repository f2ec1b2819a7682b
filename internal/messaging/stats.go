package messaging

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
)

// Stats ranges.
const (
	DefaultStatsDays = 14
	MaxStatsDays     = 366
	dateLayout       = "2006-01-02"
)

// StatsRange is the period of a statistics request: whole days, both ends
// included, in a time zone.
type StatsRange struct {
	From, To string // YYYY-MM-DD; empty: the last DefaultStatsDays days up to today
	Timezone string // IANA; empty: the tenant's
}

// Cell counts the messages of one channel and status.
type Cell struct {
	Channel string
	Status  string
	Count   int64
}

// DayStats is one day of the range, in the stats' time zone.
type DayStats struct {
	Date      string // YYYY-MM-DD
	Total     int64
	ByChannel map[string]int64
	ByStatus  map[string]int64
	Cells     []Cell // non-zero channel × status counts, ordered by channel then status
}

// Totals sums the range.
type Totals struct {
	Total     int64
	Outbound  int64
	Inbound   int64
	ByChannel map[string]int64
	ByStatus  map[string]int64
}

// Stats are message counts by day, channel and status, with delivery and
// failover rates.
type Stats struct {
	From, To string
	Timezone string
	Days     []DayStats // every day of the range, days without messages included
	Totals   Totals
	// Delivered (delivered + read) ÷ Settled (sent + delivered + read + failed),
	// outbound messages only; nil when Settled is 0.
	Delivered, Settled int64
	DeliveryRate       *float64
	// FailedOver (attempts on more than one channel) ÷ Attempted (at least one
	// attempt, throttled hand-overs aside); nil when Attempted is 0.
	FailedOver, Attempted int64
	FailoverRate          *float64
}

// Stats counts the messages the actor may see that were created in the range.
//
// Days are the tenant's (or the requested zone's) calendar days, daylight
// saving included. PostgreSQL buckets rows into local days itself
// (AT TIME ZONE with the IANA name). SQLite has no time-zone database, so it
// groups by quarter hour in UTC and Go assigns each quarter to its local day;
// this is exact because every zone's UTC offset is a multiple of 15 minutes.
// Both are one GROUP BY statement, plus one for the failover rate.
func (s *Service) Stats(ctx context.Context, a identity.Actor, r StatsRange) (Stats, error) {
	volunteer, err := scopeOf(a)
	if err != nil {
		return Stats{}, err
	}
	tzName := strings.TrimSpace(r.Timezone)
	if tzName == "" {
		if err := s.db.Gorm.WithContext(ctx).Table("tenants").Select("timezone").Where("id = ?", a.TenantID).
			Scan(&tzName).Error; err != nil {
			return Stats{}, err
		}
	}
	loc, err := time.LoadLocation(tzName)
	if err != nil || tzName == "" || tzName == "Local" {
		if strings.TrimSpace(r.Timezone) != "" {
			return Stats{}, errs.Invalid("timezone", "must be an IANA time zone such as Asia/Jakarta")
		}
		tzName, loc = "UTC", time.UTC
	}
	from, to, err := statsDays(r, s.clock.Now().In(loc), loc)
	if err != nil {
		return Stats{}, err
	}
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc).UTC()
	end := time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, loc).UTC()

	out := Stats{From: from.Format(dateLayout), To: to.Format(dateLayout), Timezone: tzName,
		Totals: Totals{ByChannel: map[string]int64{}, ByStatus: map[string]int64{}}}
	index := map[string]int{}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		index[d.Format(dateLayout)] = len(out.Days)
		out.Days = append(out.Days, DayStats{Date: d.Format(dateLayout), ByChannel: map[string]int64{}, ByStatus: map[string]int64{},
			Cells: []Cell{}})
	}

	bucket, bucketArgs, exact := dayBucket(s.db.Dialect, tzName)
	type row struct {
		Bucket, Channel, Status, Direction string
		N                                  int64
	}
	var rows []row
	q := s.db.Gorm.WithContext(ctx).Table("messages AS m").
		Select(bucket+" AS bucket, m.channel, m.status, m.direction, COUNT(*) AS n", bucketArgs...).
		Where("m.tenant_id = ? AND m.created_at >= ? AND m.created_at < ?", a.TenantID, start, end)
	if err := visibleOnly(q, volunteer).Group("1, 2, 3, 4").Scan(&rows).Error; err != nil {
		return Stats{}, err
	}
	cells := map[string]map[[2]string]int64{}
	for _, r := range rows {
		day := r.Bucket
		if !exact {
			t, err := time.Parse("2006-01-02 15:04", r.Bucket)
			if err != nil {
				return Stats{}, fmt.Errorf("stats bucket %q: %w", r.Bucket, err)
			}
			day = t.In(loc).Format(dateLayout)
		}
		i, ok := index[day]
		if !ok { // cannot happen: the WHERE clause bounds the range
			continue
		}
		d := &out.Days[i]
		d.Total += r.N
		d.ByChannel[r.Channel] += r.N
		d.ByStatus[r.Status] += r.N
		if cells[day] == nil {
			cells[day] = map[[2]string]int64{}
		}
		cells[day][[2]string{r.Channel, r.Status}] += r.N

		t := &out.Totals
		t.Total += r.N
		t.ByChannel[r.Channel] += r.N
		t.ByStatus[r.Status] += r.N
		if r.Direction == outbox.Inbound {
			t.Inbound += r.N
			continue
		}
		t.Outbound += r.N
		switch r.Status {
		case outbox.StatusDelivered, outbox.StatusRead:
			out.Delivered += r.N
			out.Settled += r.N
		case outbox.StatusSent, outbox.StatusFailed:
			out.Settled += r.N
		}
	}
	for i := range out.Days {
		d := &out.Days[i]
		for k, n := range cells[d.Date] {
			d.Cells = append(d.Cells, Cell{Channel: k[0], Status: k[1], Count: n})
		}
		sortCells(d.Cells)
	}
	out.DeliveryRate = ratio(out.Delivered, out.Settled)

	var fo struct{ Attempted, FailedOver int64 }
	inner := s.db.Gorm.WithContext(ctx).Table("message_attempts AS a").
		Select("a.message_id, COUNT(DISTINCT a.channel) AS channels").
		Joins("JOIN messages m ON m.id = a.message_id").
		Where("m.tenant_id = ? AND m.created_at >= ? AND m.created_at < ? AND a.status <> ?", a.TenantID, start, end, "throttled")
	inner = visibleOnly(inner, volunteer).Group("a.message_id")
	err = s.db.Gorm.WithContext(ctx).Table("(?) AS x", inner).
		Select("COUNT(*) AS attempted, COALESCE(SUM(CASE WHEN x.channels > 1 THEN 1 ELSE 0 END), 0) AS failed_over").
		Scan(&fo).Error
	if err != nil {
		return Stats{}, err
	}
	out.Attempted, out.FailedOver = fo.Attempted, fo.FailedOver
	out.FailoverRate = ratio(out.FailedOver, out.Attempted)
	return out, nil
}

// statsDays resolves and checks the requested days; today is in the stats' zone.
func statsDays(r StatsRange, today time.Time, loc *time.Location) (from, to time.Time, err error) {
	var fe errs.Fields
	parse := func(field, v string) time.Time {
		t, err := time.ParseInLocation(dateLayout, strings.TrimSpace(v), loc)
		if err != nil {
			fe.Add(field, "must be a date such as 2026-11-22")
		}
		return t
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc) }
	to = day(today)
	if strings.TrimSpace(r.To) != "" {
		to = parse("to", r.To)
	}
	from = to.AddDate(0, 0, -(DefaultStatsDays - 1))
	if strings.TrimSpace(r.From) != "" {
		from = parse("from", r.From)
	}
	if err := fe.Err(); err != nil {
		return from, to, err
	}
	switch {
	case from.After(to):
		fe.Add("from", "must not be after to")
	case from.AddDate(0, 0, MaxStatsDays-1).Before(to):
		fe.Add("to", fmt.Sprintf("the range may span at most %d days", MaxStatsDays))
	}
	return from, to, fe.Err()
}

// dayBucket is the SQL expression grouping created_at for per-day counts, its
// arguments, and whether it yields the local day itself (true) or a UTC
// quarter hour "YYYY-MM-DD HH:MM" that Go maps to the local day (false).
func dayBucket(d db.Dialect, tz string) (string, []any, bool) {
	if d == db.Postgres {
		return "to_char(m.created_at AT TIME ZONE ?, 'YYYY-MM-DD')", []any{tz}, true
	}
	return "strftime('%Y-%m-%d %H:', m.created_at) || printf('%02d', (CAST(strftime('%M', m.created_at) AS INTEGER) / 15) * 15)", nil, false
}

func ratio(n, of int64) *float64 {
	if of == 0 {
		return nil
	}
	r := float64(n) / float64(of)
	return &r
}

func sortCells(cs []Cell) {
	rank := func(ch string) int {
		if i := slices.Index(KnownChannels, ch); i >= 0 {
			return i
		}
		return len(KnownChannels)
	}
	slices.SortFunc(cs, func(a, b Cell) int {
		return cmp.Or(cmp.Compare(rank(a.Channel), rank(b.Channel)), strings.Compare(a.Channel, b.Channel),
			strings.Compare(a.Status, b.Status))
	})
}
