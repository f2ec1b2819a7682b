package api

import (
	"slices"
	"testing"
)

func TestJSONTextErrorsNameThePathOfEachBadString(t *testing.T) {
	cases := []struct {
		body string
		want []string
	}{
		{`{"name":"ok","tags":["a","b"],"attributes":{"x":{"y":[1,"z"]}}}`, nil},
		{`{"name":"a\u0000"}`, []string{"name"}},
		{`{"a":{"b":[{"c":"\u0000"},"ok","` + "\xff" + `"]}}`, []string{"a.b[0].c", "a.b[2]"}},
		{`{"attributes":{"k` + "\xc3" + `":1,"ok":"\u0000"}}`, []string{"attributes", "attributes.ok"}},
		{`{"k\u0000":1}`, []string{"body"}},
		{`"\u0000"`, []string{"body"}},
		{`{"list":[[],["\u0000"]],"after":"` + "\xff" + `"}`, []string{"list[1][0]", "after"}},
		{`{"escaped":"\\u0000 is text"}`, nil}, // an escaped backslash, not a NUL
		{`{"broken":"\u0000"`, []string{"broken"}},
	}
	for _, c := range cases {
		var got []string
		for _, f := range jsonTextErrors([]byte(c.body)) {
			got = append(got, f.Field)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.body, got, c.want)
		}
	}
}
