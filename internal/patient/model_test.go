package patient

import (
	"testing"
	"time"
)

func TestDateScan(t *testing.T) {
	cases := []struct {
		in   any
		want Date
	}{
		{nil, ""},
		{time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), "2026-01-31"},
		{"2026-01-31", "2026-01-31"},
		{"2026-01-31T00:00:00Z", "2026-01-31"},
		{"2026-01-31 00:00:00+00:00", "2026-01-31"},
		{[]byte("2026-01-31"), "2026-01-31"},
		{"", ""},
	}
	for _, c := range cases {
		var d Date = "junk"
		if err := d.Scan(c.in); err != nil || d != c.want {
			t.Errorf("Scan(%v) = %q, %v; want %q", c.in, d, err, c.want)
		}
	}
	var d Date
	if err := d.Scan("yesterday"); err == nil {
		t.Error("Scan of a non-date succeeded")
	}
	if v, _ := Date("").Value(); v != nil {
		t.Errorf("empty date stores %v, want NULL", v)
	}
}

func TestJSONColumns(t *testing.T) {
	var tags Tags
	if err := tags.Scan(`["a","b"]`); err != nil || len(tags) != 2 {
		t.Errorf("tags %v %v", tags, err)
	}
	if err := tags.Scan(nil); err != nil || tags == nil || len(tags) != 0 {
		t.Errorf("NULL tags %v %v", tags, err)
	}
	if v, _ := Tags(nil).Value(); v != "[]" {
		t.Errorf("nil tags store %v", v)
	}
	var a Attributes
	if err := a.Scan([]byte(`{"k":1}`)); err != nil || string(a) != `{"k":1}` {
		t.Errorf("attributes %s %v", a, err)
	}
	if b, _ := Attributes(nil).MarshalJSON(); string(b) != "{}" {
		t.Errorf("empty attributes marshal to %s", b)
	}
}
