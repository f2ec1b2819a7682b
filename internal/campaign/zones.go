package campaign

import (
	"sync"
	"time"

	"github.com/prima-health/prima/internal/platform/clock"
)

// zoneOf is the named zone (UTC when unknown).
func zoneOf(name string) *time.Location { return clock.Zone(name) }

// minutesOf reads "HH:MM" (validated) as minutes after midnight.
func minutesOf(hhmm string) int {
	if len(hhmm) != 5 {
		return 0
	}
	return (int(hhmm[0]-'0')*10+int(hhmm[1]-'0'))*60 + int(hhmm[3]-'0')*10 + int(hhmm[4]-'0')
}

// inWindow reports whether now, in zone, is inside the daily window (which may
// wrap past midnight, e.g. 20:00–02:00).
func inWindow(now time.Time, zone string, w Window) bool {
	l := now.In(zoneOf(zone))
	m := l.Hour()*60 + l.Minute()
	start, end := minutesOf(w.Start), minutesOf(w.End)
	if start < end {
		return m >= start && m < end
	}
	return m >= start || m < end
}

// windowMinutes is how long the window is open each day.
func windowMinutes(w Window) int {
	start, end := minutesOf(w.Start), minutesOf(w.End)
	if start < end {
		return end - start
	}
	return 24*60 - start + end
}

// zoneCache remembers a campaign's pending recipients' zones for a minute
// (the feeder asks every step; the set only shrinks).
type zoneCache struct {
	mu sync.Mutex
	m  map[string]zoneEntry
}

type zoneEntry struct {
	zones []string
	at    time.Time
}

func newZoneCache() zoneCache { return zoneCache{m: map[string]zoneEntry{}} }

const zoneTTL = time.Minute

func (c *zoneCache) get(campaignID string, now time.Time) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[campaignID]
	if !ok || now.Sub(e.at) > zoneTTL {
		return nil, false
	}
	return e.zones, true
}

func (c *zoneCache) put(campaignID string, zones []string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[campaignID] = zoneEntry{zones: zones, at: now}
}
