package patient

import (
	"testing"
	"time"
)

// A cached page's rows, opened health fields included, leave memory within
// pageLinger even when nobody lists again.
func TestCachedPagesLeaveMemory(t *testing.T) {
	old := pageLinger
	pageLinger = 20 * time.Millisecond
	defer func() { pageLinger = old }()
	tt := newTotals()
	now := time.Now()
	tt.putPage("t1", "k", []Patient{{ID: "p1", Diagnosis: "Kanker payudara"}}, 1, now, 0)
	if _, ok := tt.pages.page("k", now, 0); !ok {
		t.Fatal("the page is not served")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		tt.pages.mu.Lock()
		n := len(tt.pages.entries)
		tt.pages.mu.Unlock()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d pages still in memory", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
