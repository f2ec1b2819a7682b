package timeline

import (
	"testing"
	"time"
)

func TestCursorRoundTripsAndRefusesOthers(t *testing.T) {
	k := key{At: time.Date(2026, 11, 22, 1, 0, 0, 123456789, time.UTC), Rank: rankMessage, ID: "0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"}
	got, ok := decodeCursor(k.encode())
	if !ok || got != k {
		t.Fatalf("round trip: %+v %v", got, ok)
	}
	for _, bad := range []string{"", "not-a-cursor", key{At: k.At, Rank: 9, ID: k.ID}.encode(),
		key{At: k.At, Rank: 1, ID: "0193A5B2-7C1E-7D3A-9F10-2B3C4D5E6F71"}.encode(), key{At: k.At, Rank: 1, ID: "x"}.encode()} {
		if _, ok := decodeCursor(bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestKeysOrderNewestFirstThenByRankThenByID(t *testing.T) {
	at := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
	ordered := []key{ // newest first
		{at.Add(time.Second), rankPatient, "a"},
		{at, rankConfirmation, "a"},
		{at, rankMessage, "b"},
		{at, rankMessage, "a"},
		{at, rankOccurrence, "z"},
		{at.Add(-time.Microsecond), rankConfirmation, "z"},
	}
	for i := range ordered {
		for j := range ordered {
			if got, want := ordered[j].after(ordered[i]), j > i; got != want {
				t.Errorf("%+v after %+v: %v", ordered[j], ordered[i], got)
			}
		}
	}
}
