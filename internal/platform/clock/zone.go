package clock

import (
	"sync"
	"time"
)

var zones sync.Map // name → *time.Location

// Zone loads an IANA time zone once per process; an unknown or empty name is UTC.
func Zone(name string) *time.Location {
	if v, ok := zones.Load(name); ok {
		return v.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	zones.Store(name, loc)
	return loc
}
