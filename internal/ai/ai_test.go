package ai_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/ai"
	"github.com/prima-health/prima/internal/testutil"
)

var intents = []string{"confirm", "decline", "not_yet", "reschedule", "question", "opt_out", "urgent", "greeting", "other"}

func newClient(t *testing.T, f *testutil.FakeOpenAI, timeout time.Duration) *ai.Client {
	t.Helper()
	c := ai.New(ai.Config{APIKey: f.APIKey, BaseURL: f.BaseURL(), Model: "test-model", Timeout: timeout})
	if !c.Enabled() {
		t.Fatal("client is not enabled")
	}
	return c
}

// messageKeys returns the keys of every request message, to prove no "name"
// (which Groq rejects) is sent.
func messageKeys(t *testing.T, body []byte) []string {
	t.Helper()
	var raw struct {
		Messages []map[string]json.RawMessage `json:"messages"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range raw.Messages {
		for k := range m {
			keys = append(keys, k)
		}
	}
	return keys
}

func TestClassifyHappyPath(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.ReplyJSON(`{"intent":"confirm","confidence":0.93,"reasoning":"took it"}`)
	c := newClient(t, f, 2*time.Second)

	got, err := c.Classify(t.Context(), "sudah minum obat", "Siti", "id", intents)
	if err != nil {
		t.Fatal(err)
	}
	if got != (ai.Classification{Intent: "confirm", Confidence: 0.93}) {
		t.Fatalf("got %+v", got)
	}

	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Model != "test-model" || r.ResponseFormat != "json_schema" || r.SchemaName != "intent" || !r.Strict {
		t.Fatalf("request: model %q format %q schema %q strict %v", r.Model, r.ResponseFormat, r.SchemaName, r.Strict)
	}
	if r.Temperature == nil || *r.Temperature != 0.2 || r.MaxTokens != 50 {
		t.Fatalf("temperature %v max_tokens %d", r.Temperature, r.MaxTokens)
	}
	var schema struct {
		Properties struct {
			Intent struct {
				Enum []string `json:"enum"`
			} `json:"intent"`
		} `json:"properties"`
		Required             []string `json:"required"`
		AdditionalProperties *bool    `json:"additionalProperties"`
	}
	if err := json.Unmarshal(r.Schema, &schema); err != nil {
		t.Fatal(err)
	}
	if strings.Join(schema.Properties.Intent.Enum, ",") != strings.Join(intents, ",") ||
		strings.Join(schema.Required, ",") != "intent,confidence" ||
		schema.AdditionalProperties == nil || *schema.AdditionalProperties {
		t.Fatalf("schema %s", r.Schema)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &top); err != nil {
		t.Fatal(err)
	}
	if string(top["stream"]) != "false" {
		t.Fatalf("stream = %s, want false", top["stream"])
	}
	for _, k := range []string{"n", "logprobs", "logit_bias", "top_logprobs", "user"} {
		if _, ok := top[k]; ok {
			t.Errorf("request sends %q", k)
		}
	}
	for _, k := range messageKeys(t, r.Body) {
		if k != "role" && k != "content" {
			t.Errorf("a message sends %q", k)
		}
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		t.Fatal("no bearer key")
	}
}

func TestClassifySendsOnlyTextAndFirstName(t *testing.T) {
	t.Parallel()
	// The caller knows much more about the patient; only text and first name may leave.
	patient := struct{ FirstName, LastName, Phone, Diagnosis string }{
		FirstName: "Siti", LastName: "Rahayu", Phone: "+6281234567890", Diagnosis: "nasopharyngeal carcinoma",
	}
	f := testutil.NewFakeOpenAI(t)
	f.ReplyJSON(`{"intent":"confirm","confidence":0.9}`)
	c := newClient(t, f, 2*time.Second)

	if _, err := c.Classify(t.Context(), "Sudah minum obat pagi ini", patient.FirstName, "id", intents); err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if len(r.Messages) != 2 || r.Messages[0].Role != "system" || r.Messages[1].Role != "user" {
		t.Fatalf("messages %+v", r.Messages)
	}
	wantUser := "Patient's first name: Siti\nConversation language: Indonesian (Bahasa Indonesia)\nMessage:\nSudah minum obat pagi ini"
	if r.Messages[1].Content != wantUser {
		t.Fatalf("user message\n%q\nwant\n%q", r.Messages[1].Content, wantUser)
	}
	for _, intent := range intents {
		if !strings.Contains(r.Messages[0].Content, "- "+intent) {
			t.Errorf("system prompt does not offer %q", intent)
		}
	}
	body := strings.ToLower(string(r.Body))
	for _, secret := range []string{"+62812", "6281234567890", "carcinoma", "rahayu"} {
		if strings.Contains(body, secret) {
			t.Errorf("request body contains %q", secret)
		}
	}
}

func TestClassifyFailuresAreErrors(t *testing.T) {
	t.Parallel()
	const text = "saya demam tinggi setelah kemo"
	cases := []struct {
		name   string
		script func(f *testutil.FakeOpenAI)
		want   error
		status int
	}{
		{"server error", func(f *testutil.FakeOpenAI) { f.FailWith(http.StatusInternalServerError) }, ai.ErrServer, 500},
		{"bad gateway", func(f *testutil.FakeOpenAI) { f.FailWith(http.StatusBadGateway) }, ai.ErrServer, 502},
		{"rate limited", func(f *testutil.FakeOpenAI) { f.FailWith(http.StatusTooManyRequests) }, ai.ErrRateLimited, 429},
		{"garbage", func(f *testutil.FakeOpenAI) { f.Garbage() }, ai.ErrBadAnswer, 0},
		{"unknown intent", func(f *testutil.FakeOpenAI) { f.ReplyJSON(`{"intent":"dance","confidence":0.9}`) }, ai.ErrBadAnswer, 0},
		{"confidence above 1", func(f *testutil.FakeOpenAI) { f.ReplyJSON(`{"intent":"urgent","confidence":1.7}`) }, ai.ErrBadAnswer, 0},
		{"negative confidence", func(f *testutil.FakeOpenAI) { f.ReplyJSON(`{"intent":"urgent","confidence":-0.1}`) }, ai.ErrBadAnswer, 0},
		{"confidence missing", func(f *testutil.FakeOpenAI) { f.ReplyJSON(`{"intent":"urgent"}`) }, ai.ErrBadAnswer, 0},
		{"confidence as text", func(f *testutil.FakeOpenAI) { f.ReplyJSON(`{"intent":"urgent","confidence":"high"}`) }, ai.ErrBadAnswer, 0},
		{"empty content", func(f *testutil.FakeOpenAI) { f.ReplyJSON("") }, ai.ErrBadAnswer, 0},
		{"body not a completion", func(f *testutil.FakeOpenAI) {
			f.Handle(func(testutil.FakeOpenAIRequest) (int, string) { return 200, "<html>proxy</html>" })
		}, ai.ErrBadAnswer, 0},
		{"no choices", func(f *testutil.FakeOpenAI) {
			f.Handle(func(testutil.FakeOpenAIRequest) (int, string) {
				return 200, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}`
			})
		}, ai.ErrBadAnswer, 0},
		{"cut at token limit", func(f *testutil.FakeOpenAI) {
			f.Handle(func(testutil.FakeOpenAIRequest) (int, string) {
				return 200, strings.Replace(testutil.FakeOpenAICompletion("m", `{"intent":"conf`), `"stop"`, `"length"`, 1)
			})
		}, ai.ErrBadAnswer, 0},
		{"groq json_validate_failed", func(f *testutil.FakeOpenAI) {
			f.Handle(func(testutil.FakeOpenAIRequest) (int, string) {
				return 400, `{"error":{"message":"Failed to validate JSON. Please adjust your prompt.","type":"invalid_request_error","code":"json_validate_failed","failed_generation":"{\"intent\": \"` + text + `\"}"}}`
			})
		}, ai.ErrBadAnswer, 400},
		{"server echoes the prompt", func(f *testutil.FakeOpenAI) {
			f.Handle(func(r testutil.FakeOpenAIRequest) (int, string) {
				return 400, testutil.FakeOpenAIErrorBody("cannot process: "+r.User(), "invalid_request_error", nil, 1234)
			})
		}, ai.ErrRejected, 400},
		{"wrong key", func(f *testutil.FakeOpenAI) { f.APIKey = "sk-other" }, ai.ErrRejected, 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := testutil.NewFakeOpenAI(t)
			c := newClient(t, f, 2*time.Second)
			tc.script(f)

			got, err := c.Classify(t.Context(), text, "Budi", "id", intents)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if got != (ai.Classification{}) {
				t.Fatalf("a failed call returned %+v", got)
			}
			var e *ai.Error
			if !errors.As(err, &e) || e.Op != "classify" || e.Status != tc.status {
				t.Fatalf("err = %#v, want an *ai.Error with status %d", err, tc.status)
			}
			if strings.Contains(err.Error(), text) || strings.Contains(err.Error(), "demam") || strings.Contains(err.Error(), "Budi") {
				t.Fatalf("error message leaks the patient's text: %v", err)
			}
			if f.Calls() != 1 {
				t.Fatalf("%d calls, want 1 (no retry)", f.Calls())
			}
		})
	}
}

func TestRateLimitKeepsRetryAfter(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.FailWith(http.StatusTooManyRequests)
	c := newClient(t, f, 2*time.Second)

	_, err := c.Classify(t.Context(), "ok", "", "", intents)
	if !errors.Is(err, ai.ErrRateLimited) {
		t.Fatalf("err = %v", err)
	}
	if d, ok := ai.RetryAfter(err); !ok || d != time.Second {
		t.Fatalf("RetryAfter = %v, %v; want 1s", d, ok)
	}
}

func TestClassifyTimesOut(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.Slow(10 * time.Second)
	c := newClient(t, f, 200*time.Millisecond)

	start := time.Now()
	_, err := c.Classify(t.Context(), "sudah", "Siti", "id", intents)
	elapsed := time.Since(start)
	if !errors.Is(err, ai.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if elapsed > 2*time.Second {
		t.Fatalf("took %s with a 200ms timeout", elapsed)
	}
}

func TestCallerCancellationIsNotATimeout(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.Slow(10 * time.Second)
	c := newClient(t, f, 5*time.Second)

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Classify(ctx, "sudah", "Siti", "id", intents)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ai.ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestUnreachableServer(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	base := f.BaseURL()
	f.Server.Close()
	c := ai.New(ai.Config{APIKey: "k", BaseURL: base, Model: "m", Timeout: 2 * time.Second})

	_, err := c.Classify(t.Context(), "sudah", "Siti", "id", intents)
	if !errors.Is(err, ai.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}

func TestJSONSchemaRejectedFallsBackToJSONObject(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.RejectJSONSchema()
	f.ReplyJSON("```json\n{\"intent\": \"reschedule\", \"confidence\": 0.8}\n```\n")
	c := newClient(t, f, 2*time.Second)

	got, err := c.Classify(t.Context(), "bisa ganti jadwal?", "Siti", "id", intents)
	if err != nil {
		t.Fatal(err)
	}
	if got.Intent != "reschedule" || got.Confidence != 0.8 {
		t.Fatalf("got %+v", got)
	}
	formats := func() []string {
		var out []string
		for _, r := range f.Requests() {
			out = append(out, r.ResponseFormat)
		}
		return out
	}
	if got := strings.Join(formats(), ","); got != "json_schema,json_object" {
		t.Fatalf("formats %s, want json_schema then json_object", got)
	}
	// The rest of the client's life goes straight to json_object, for every method.
	if _, err := c.Classify(t.Context(), "sudah", "Siti", "id", intents); err != nil {
		t.Fatal(err)
	}
	f.ReplyJSON(`{"text":"Halo {{first_name}}"}`)
	if _, err := c.Draft(t.Context(), ai.DraftRequest{Kind: "template", Language: "id", Brief: "reminder", Variables: []string{"first_name"}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(formats(), ","); got != "json_schema,json_object,json_object,json_object" {
		t.Fatalf("formats %s", got)
	}
	if !strings.Contains(f.Requests()[1].System(), "JSON") {
		t.Fatal("json_object mode needs the word JSON in the prompt")
	}
}

func TestJSONSchemaFallbackUnderConcurrency(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.RejectJSONSchema()
	f.ReplyJSON(`{"intent":"confirm","confidence":0.7}`)
	c := newClient(t, f, 5*time.Second)

	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			_, err := c.Classify(context.Background(), fmt.Sprintf("sudah %d", i), "Siti", "id", intents)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	schemaCalls := 0
	for _, r := range f.Requests() {
		if r.ResponseFormat == "json_schema" {
			schemaCalls++
		}
	}
	if f.Calls() != 20+schemaCalls || schemaCalls < 1 || schemaCalls > 20 {
		t.Fatalf("%d calls with %d json_schema", f.Calls(), schemaCalls)
	}
	before := f.Calls()
	if _, err := c.Classify(t.Context(), "sudah", "Siti", "id", intents); err != nil {
		t.Fatal(err)
	}
	if f.Calls() != before+1 || f.Requests()[before].ResponseFormat != "json_object" {
		t.Fatal("after the fallback a call should go straight to json_object")
	}
}

func TestAnswerWithoutSourcesDoesNotCallTheServer(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	c := newClient(t, f, 2*time.Second)

	for _, sources := range [][]ai.Source{nil, {{Title: "Empty", URL: "https://x.test/a", Text: "  "}}} {
		a, err := c.Answer(t.Context(), "Boleh minum obat dengan kopi?", "Siti", "id", sources)
		if err != nil {
			t.Fatal(err)
		}
		if a.Confident || a.Text != "" || len(a.SourceURLs) != 0 {
			t.Fatalf("got %+v", a)
		}
	}
	if f.Calls() != 0 {
		t.Fatalf("%d calls, want 0", f.Calls())
	}
}

func TestAnswerGrounded(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.ReplyJSON(`{"answerable":true,"answer":"Bu Siti, tamoxifen diminum setiap hari pada jam yang sama.","sources":[2]}`)
	c := newClient(t, f, 2*time.Second)

	long := strings.Repeat("kata ", 1000) // 5,000 characters
	sources := []ai.Source{
		{Title: "Kemoterapi", URL: "https://clinic.test/a/kemo", Text: "Tentang kemoterapi. " + long},
		{Title: "Tamoxifen", URL: "https://clinic.test/a/tamoxifen", Text: "Tamoxifen diminum setiap hari pada jam yang sama."},
		{Title: "Nutrisi", URL: "https://clinic.test/a/nutrisi", Text: "Makan sayur."},
		{Title: "Fourth article", URL: "https://clinic.test/a/4", Text: "Never sent."},
	}
	a, err := c.Answer(t.Context(), "Kapan minum tamoxifen?", "Siti", "id", sources)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Confident || !strings.Contains(a.Text, "tamoxifen") || strings.Join(a.SourceURLs, " ") != "https://clinic.test/a/tamoxifen" {
		t.Fatalf("got %+v", a)
	}

	r := f.Requests()[0]
	if r.SchemaName != "answer" || r.ResponseFormat != "json_schema" {
		t.Fatalf("format %s %s", r.ResponseFormat, r.SchemaName)
	}
	user := r.User()
	if strings.Contains(user, "Fourth article") || strings.Contains(user, "Never sent") {
		t.Fatal("more than three sources were sent")
	}
	if !strings.Contains(user, "[2] Tamoxifen\n") || !strings.Contains(user, "Question:\nKapan minum tamoxifen?") {
		t.Fatalf("user message %q", user)
	}
	if n := utf8.RuneCountInString(user); n > 2200+2*100+200 {
		t.Fatalf("user message has %d characters; the long source was not cut", n)
	}
	sys := r.System()
	for _, want := range []string{"ONLY", "Indonesian", "600 characters", "diagnosis", "contact the clinic"} {
		if !strings.Contains(sys, want) {
			t.Errorf("system prompt lacks %q", want)
		}
	}
}

func TestAnswerNotConfident(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"not answerable":     `{"answerable":false,"answer":"Silakan hubungi klinik.","sources":[]}`,
		"cites nothing":      `{"answerable":true,"answer":"Ya.","sources":[]}`,
		"cites out of range": `{"answerable":true,"answer":"Ya.","sources":[7]}`,
		"empty answer":       `{"answerable":true,"answer":" ","sources":[1]}`,
	}
	for name, reply := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := testutil.NewFakeOpenAI(t)
			f.ReplyJSON(reply)
			c := newClient(t, f, 2*time.Second)
			a, err := c.Answer(t.Context(), "Apakah saya boleh berhenti minum obat?", "Siti", "id",
				[]ai.Source{{Title: "Obat", URL: "https://clinic.test/a/obat", Text: "Minum obat sesuai resep."}})
			if err != nil {
				t.Fatal(err)
			}
			if a.Confident || len(a.SourceURLs) != 0 {
				t.Fatalf("got %+v", a)
			}
		})
	}
}

func TestAnswerIsShortened(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	long := strings.Repeat("이 약은 식후에 드세요. ", 60) // ~840 characters
	f.ReplyJSON(fmt.Sprintf(`{"answerable":true,"answer":%q,"sources":[1]}`, long))
	c := newClient(t, f, 2*time.Second)

	a, err := c.Answer(t.Context(), "언제 먹어요?", "지민", "ko", []ai.Source{{Title: "복약", URL: "https://clinic.test/ko/1", Text: "식후에 드세요."}})
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(a.Text); n > 600 || n < 300 || !strings.HasSuffix(a.Text, ".") {
		t.Fatalf("answer has %d characters: %q", n, a.Text)
	}
	if !strings.Contains(f.Requests()[0].System(), "Korean") {
		t.Fatal("the prompt does not ask for Korean")
	}
}

func TestDraft(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.ReplyJSON(`{"text":"Halo {{first_name}}, jangan lupa minum {{ medication }} hari ini ya."}`)
	c := newClient(t, f, 2*time.Second)

	text, err := c.Draft(t.Context(), ai.DraftRequest{Kind: "template", Language: "id",
		Brief: "Pengingat minum obat yang ramah", Variables: []string{"{{first_name}}", "medication"}})
	if err != nil {
		t.Fatal(err)
	}
	if text != "Halo {{first_name}}, jangan lupa minum {{medication}} hari ini ya." {
		t.Fatalf("got %q", text)
	}
	r := f.Requests()[0]
	if r.SchemaName != "draft" || !strings.Contains(r.System(), "{{first_name}}, {{medication}}") ||
		!strings.Contains(r.System(), "Indonesian") || r.User() != "Brief:\nPengingat minum obat yang ramah" {
		t.Fatalf("request: %s\n%s", r.System(), r.User())
	}
}

func TestDraftRefusesUnknownPlaceholder(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.ReplyJSON(`{"text":"Hello {{first_name}}, call {{clinic_phone}}."}`)
	c := newClient(t, f, 2*time.Second)

	_, err := c.Draft(t.Context(), ai.DraftRequest{Kind: "campaign", Language: "en", Brief: "flu shots", Variables: []string{"first_name"}})
	if !errors.Is(err, ai.ErrBadAnswer) {
		t.Fatalf("err = %v, want ErrBadAnswer", err)
	}
}

func TestInvalidInputIsNotSent(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	c := newClient(t, f, 2*time.Second)
	ctx := t.Context()

	checks := []error{
		func() error { _, err := c.Classify(ctx, "ok", "", "", nil); return err }(),
		func() error { _, err := c.Classify(ctx, "   ", "", "", intents); return err }(),
		func() error { _, err := c.Answer(ctx, "", "", "id", []ai.Source{{Text: "x"}}); return err }(),
		func() error {
			_, err := c.Draft(ctx, ai.DraftRequest{Kind: "poem", Language: "en", Brief: "x"})
			return err
		}(),
		func() error { _, err := c.Draft(ctx, ai.DraftRequest{Kind: "template", Brief: "x"}); return err }(),
		func() error { _, err := c.Draft(ctx, ai.DraftRequest{Kind: "template", Language: "en"}); return err }(),
		func() error {
			_, err := c.Draft(ctx, ai.DraftRequest{Kind: "template", Language: "en", Brief: "x", Variables: []string{"a b"}})
			return err
		}(),
	}
	for i, err := range checks {
		if !errors.Is(err, ai.ErrInvalidInput) {
			t.Errorf("check %d: err = %v, want ErrInvalidInput", i, err)
		}
	}
	if f.Calls() != 0 {
		t.Fatalf("%d calls, want 0", f.Calls())
	}
}

func TestDisabled(t *testing.T) {
	t.Parallel()
	c := ai.New(ai.Config{Model: "gpt-4o-mini", Timeout: time.Second})
	if c != nil || c.Enabled() {
		t.Fatal("a client without key and base URL should be nil and disabled")
	}
	ctx := t.Context()
	if _, err := c.Classify(ctx, "ya", "Siti", "id", intents); !errors.Is(err, ai.ErrDisabled) {
		t.Errorf("Classify: %v", err)
	}
	if _, err := c.Answer(ctx, "?", "Siti", "id", []ai.Source{{Text: "x"}}); !errors.Is(err, ai.ErrDisabled) {
		t.Errorf("Answer: %v", err)
	}
	if _, err := c.Draft(ctx, ai.DraftRequest{Kind: "template", Language: "en", Brief: "x"}); !errors.Is(err, ai.ErrDisabled) {
		t.Errorf("Draft: %v", err)
	}
}

func TestLocalServerWithoutKey(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.APIKey = "" // like Ollama: any or no key
	f.ReplyJSON(`{"intent":"greeting","confidence":0.99}`)
	c := ai.New(ai.Config{BaseURL: f.BaseURL() + "/", Model: "llama3.2"})

	got, err := c.Classify(t.Context(), "halo", "Siti", "id", intents)
	if err != nil || got.Intent != "greeting" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if h := f.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Fatalf("Authorization %q sent without a key", h)
	}
}

func TestReasoningModelParameters(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	f.ReplyJSON(`{"intent":"confirm","confidence":0.9}`)
	c := ai.New(ai.Config{APIKey: f.APIKey, BaseURL: f.BaseURL(), Model: "gpt-5-mini", Timeout: 2 * time.Second})

	if _, err := c.Classify(t.Context(), "done", "Jo", "en", intents); err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(f.Requests()[0].Body, &top); err != nil {
		t.Fatal(err)
	}
	if _, ok := top["max_completion_tokens"]; !ok {
		t.Fatal("no max_completion_tokens")
	}
	if _, ok := top["max_tokens"]; ok {
		t.Fatal("max_tokens sent to a reasoning model")
	}
	if _, ok := top["temperature"]; ok {
		t.Fatal("temperature sent to a reasoning model")
	}
}

func TestFakeDefaultsFitTheSchema(t *testing.T) {
	t.Parallel()
	f := testutil.NewFakeOpenAI(t)
	c := newClient(t, f, 2*time.Second)

	got, err := c.Classify(t.Context(), "hmm", "Siti", "id", intents)
	if err != nil || got != (ai.Classification{Intent: "other", Confidence: 0.5}) {
		t.Fatalf("got %+v, %v", got, err)
	}
	text, err := c.Draft(t.Context(), ai.DraftRequest{Kind: "template", Language: "en", Brief: "x"})
	if err != nil || text == "" {
		t.Fatalf("draft %q, %v", text, err)
	}
}
