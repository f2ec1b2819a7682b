package schedule

import (
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func intp(n int) *int { return &n }

func mustValid(t testing.TB, s Spec) {
	t.Helper()
	if err := s.Validate(false); err != nil {
		t.Fatalf("spec %+v should be valid: %v", s, err)
	}
}

func formatAll(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, x := range ts {
		out[i] = x.Format(time.RFC3339)
	}
	return out
}

func equalTimes(t testing.TB, got []time.Time, want ...string) {
	t.Helper()
	g := formatAll(got)
	if len(g) != len(want) {
		t.Fatalf("got %d instants %v, want %d %v", len(g), g, len(want), want)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Fatalf("instant %d: got %s, want %s (all: %v)", i, g[i], want[i], g)
		}
	}
}
