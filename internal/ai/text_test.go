package ai

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

func TestDecodeContent(t *testing.T) {
	t.Parallel()
	ok := []string{
		`{"intent":"confirm","confidence":0.9}`,
		"  \n{\"intent\":\"confirm\",\"confidence\":0.9}\n ",
		"```json\n{\"intent\":\"confirm\",\"confidence\":0.9}\n```",
		"```\n{\"intent\":\"confirm\",\"confidence\":0.9}\n```",
		"Here you go:\n```json\n{\"intent\":\"confirm\",\"confidence\":0.9}\n```\nAnything else?",
		"<think>The patient says sudah.</think>\n{\"intent\":\"confirm\",\"confidence\":0.9}",
		`{"intent":"confirm","confidence":0.9,"extra":{"a":[1,2]}} trailing words`,
	}
	for _, s := range ok {
		var v struct {
			Intent     string  `json:"intent"`
			Confidence float64 `json:"confidence"`
		}
		if err := decodeContent(s, &v); err != nil || v.Intent != "confirm" || v.Confidence != 0.9 {
			t.Errorf("%q: %+v, %v", s, v, err)
		}
	}
	for _, s := range []string{"", "confirm", "```json\nnot json\n```", `{"intent":`, `["confirm"]`} {
		var v struct{ Intent string }
		if err := decodeContent(s, &v); err == nil {
			t.Errorf("%q decoded to %+v", s, v)
		}
	}
}

func TestTruncateAndShorten(t *testing.T) {
	t.Parallel()
	if got := truncate("  short  ", 10); got != "short" {
		t.Fatalf("%q", got)
	}
	long := strings.Repeat("약을 드세요 ", 300)
	got := truncate(long, 1000)
	if n := utf8.RuneCountInString(got); n > 1000 || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Fatalf("%d runes, %q", n, got[len(got)-10:])
	}
	s := shorten(strings.Repeat("Minum obat. ", 80), 600)
	if n := utf8.RuneCountInString(s); n > 600 || !strings.HasSuffix(s, ".") {
		t.Fatalf("%d runes", n)
	}
	s = shorten(strings.Repeat("a", 700), 600)
	if n := utf8.RuneCountInString(s); n != 600 {
		t.Fatalf("%d runes", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"": 0, "1": time.Second, "2.5": 2500 * time.Millisecond, "-3": 0, "soon": 0,
		now.Add(30 * time.Second).Format(http.TimeFormat): 30 * time.Second,
	}
	for in, want := range cases {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}

func TestRejectsResponseFormat(t *testing.T) {
	t.Parallel()
	param := "response_format"
	cases := []struct {
		err  error
		want bool
	}{
		{&openai.APIError{HTTPStatusCode: 400, Message: "response_format type json_schema is not supported"}, true},
		{&openai.APIError{HTTPStatusCode: 400, Message: "invalid value", Param: &param}, true},
		{&openai.APIError{HTTPStatusCode: 422, Message: "Structured output is not available for this model"}, true},
		{&openai.RequestError{HTTPStatusCode: 400, Body: []byte("unknown field json_schema")}, true},
		{&openai.APIError{HTTPStatusCode: 400, Message: "Failed to validate JSON", Code: "json_validate_failed", Param: &param}, false},
		{&openai.APIError{HTTPStatusCode: 400, Message: "model not found"}, false},
		{&openai.APIError{HTTPStatusCode: 500, Message: "json_schema backend crashed"}, false},
		{errors.New("response_format"), false},
	}
	for i, tc := range cases {
		if got := rejectsResponseFormat(tc.err); got != tc.want {
			t.Errorf("case %d: %v, want %v", i, got, tc.want)
		}
	}
}

func TestErrorNeverCarriesServerMessage(t *testing.T) {
	t.Parallel()
	err := classifyError(t.Context(), "answer", &openai.APIError{HTTPStatusCode: 400, Message: "bad input: Boleh minum obat?",
		Type: "invalid request: Boleh minum", Code: "x y"}, nil)
	if strings.Contains(err.Error(), "Boleh") || !errors.Is(err, ErrRejected) {
		t.Fatalf("%v", err)
	}
	err = classifyError(t.Context(), "answer", &openai.RequestError{HTTPStatusCode: 503, Body: []byte("Boleh minum obat?")}, nil)
	if strings.Contains(err.Error(), "Boleh") || !errors.Is(err, ErrServer) {
		t.Fatalf("%v", err)
	}
}
