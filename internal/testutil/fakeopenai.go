package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// FakeOpenAI is a local OpenAI-compatible chat-completions server speaking the
// wire format of contracts/openai.md: POST /v1/chat/completions with a bearer
// key (so a client's base URL is URL + "/v1"). It validates requests the way
// the strictest supported servers do (Groq rejects logprobs, logit_bias, n ≠ 1
// and messages[].name), records every request, and can be scripted to answer
// with given content, fail, stall, or refuse json_schema output.
type FakeOpenAI struct {
	URL    string // the server's root, e.g. http://127.0.0.1:41234
	APIKey string // the bearer key it accepts; empty accepts any request, with or without one
	Server *httptest.Server

	mu       sync.Mutex
	requests []FakeOpenAIRequest
	content  *string
	handle   func(FakeOpenAIRequest) (int, string)
	fail     int
	garbage  bool
	delay    time.Duration
	noSchema bool
}

// FakeOpenAIMessage is one chat message of a request.
type FakeOpenAIMessage struct {
	Role, Content string
}

// FakeOpenAIRequest is a chat-completions request as the fake received it.
type FakeOpenAIRequest struct {
	Model          string
	Messages       []FakeOpenAIMessage
	ResponseFormat string          // "json_schema", "json_object", "text" or "" (not sent)
	SchemaName     string          // response_format.json_schema.name
	Schema         json.RawMessage // response_format.json_schema.schema
	Strict         bool            // response_format.json_schema.strict
	Temperature    *float64
	MaxTokens      int // max_tokens, or max_completion_tokens when that was sent instead
	Header         http.Header
	Body           []byte // the raw request body
}

// System is the content of the first system message, or "".
func (r FakeOpenAIRequest) System() string {
	for _, m := range r.Messages {
		if m.Role == "system" {
			return m.Content
		}
	}
	return ""
}

// User is the content of the last user message, or "".
func (r FakeOpenAIRequest) User() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// NewFakeOpenAI starts the fake on 127.0.0.1; it stops at test cleanup.
func NewFakeOpenAI(t testing.TB) *FakeOpenAI {
	t.Helper()
	f := &FakeOpenAI{APIKey: "sk-test-prima"}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", f.serveChat)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeOpenAIError(w, http.StatusNotFound, "Unknown request URL: "+r.Method+" "+r.URL.Path, "invalid_request_error", nil, "unknown_url")
	})
	f.Server = httptest.NewServer(mux)
	f.URL = f.Server.URL
	t.Cleanup(f.Server.Close)
	return f
}

// BaseURL is the value for OPENAI_BASE_URL.
func (f *FakeOpenAI) BaseURL() string { return f.URL + "/v1" }

// Requests returns every chat-completions request received, in order
// (including ones the fake refused).
func (f *FakeOpenAI) Requests() []FakeOpenAIRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FakeOpenAIRequest(nil), f.requests...)
}

// Calls is how many chat-completions requests arrived.
func (f *FakeOpenAI) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// ReplyJSON makes every next call answer 200 with this message content.
func (f *FakeOpenAI) ReplyJSON(content string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.content = &content
}

// Handle gives fn full control of the answer (status and raw body) to every
// next well-formed, authorised request; it takes precedence over FailWith,
// Garbage, RejectJSONSchema and ReplyJSON. FakeOpenAICompletion and
// FakeOpenAIErrorBody build contract-format bodies. nil removes the handler.
func (f *FakeOpenAI) Handle(fn func(req FakeOpenAIRequest) (status int, body string)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handle = fn
}

// FailWith makes every next call fail with this HTTP status and an error body
// (429 also carries Retry-After: 1). 0 restores normal answers.
func (f *FakeOpenAI) FailWith(status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = status
}

// Garbage makes every next call answer 200 with message content that is not JSON.
func (f *FakeOpenAI) Garbage() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.garbage = true
}

// Slow delays every next answer by d, or until the client gives up.
func (f *FakeOpenAI) Slow(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

// RejectJSONSchema makes the fake answer json_schema requests with 400, as
// servers without structured outputs do; json_object requests still work.
func (f *FakeOpenAI) RejectJSONSchema() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.noSchema = true
}

// FakeOpenAICompletion is a 200 chat-completion body carrying content.
func FakeOpenAICompletion(model, content string) string {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-" + randomHex(6), "object": "chat.completion", "created": time.Now().Unix(), "model": model,
		"system_fingerprint": "fp_fake",
		"choices": []map[string]any{{
			"index": 0, "message": map[string]any{"role": "assistant", "content": content},
			"logprobs": nil, "finish_reason": "stop",
		}},
		"usage": map[string]int{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
	})
	return string(b)
}

// FakeOpenAIErrorBody is an error body in the contract's format; code may be
// nil, a string or a number.
func FakeOpenAIErrorBody(message, typ string, param *string, code any) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": message, "type": typ, "param": param, "code": code}})
	return string(b)
}

// wireChatRequest is the request body as the contract describes it; pointer
// fields tell "absent" from zero.
type wireChatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
		Name    *string         `json:"name"`
	} `json:"messages"`
	Temperature         *float64        `json:"temperature"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Stream              *bool           `json:"stream"`
	N                   *int            `json:"n"`
	LogProbs            *bool           `json:"logprobs"`
	LogitBias           json.RawMessage `json:"logit_bias"`
	ResponseFormat      *struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Strict bool            `json:"strict"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	} `json:"response_format"`
}

func (f *FakeOpenAI) serveChat(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeOpenAIError(w, http.StatusBadRequest, "could not read the request body", "invalid_request_error", nil, nil)
		return
	}
	req := FakeOpenAIRequest{Header: r.Header.Clone(), Body: body}
	var wire wireChatRequest
	parseErr := json.Unmarshal(body, &wire)
	if parseErr == nil {
		req.Model = wire.Model
		for _, m := range wire.Messages {
			var content string
			_ = json.Unmarshal(m.Content, &content)
			req.Messages = append(req.Messages, FakeOpenAIMessage{Role: m.Role, Content: content})
		}
		req.Temperature = wire.Temperature
		if wire.MaxTokens != nil {
			req.MaxTokens = *wire.MaxTokens
		} else if wire.MaxCompletionTokens != nil {
			req.MaxTokens = *wire.MaxCompletionTokens
		}
		if rf := wire.ResponseFormat; rf != nil {
			req.ResponseFormat = rf.Type
			if rf.JSONSchema != nil {
				req.SchemaName, req.Schema, req.Strict = rf.JSONSchema.Name, rf.JSONSchema.Schema, rf.JSONSchema.Strict
			}
		}
	}

	f.mu.Lock()
	f.requests = append(f.requests, req)
	handle, fail, garbage, delay, noSchema, content := f.handle, f.fail, f.garbage, f.delay, f.noSchema, f.content
	f.mu.Unlock()

	if f.APIKey != "" && r.Header.Get("Authorization") != "Bearer "+f.APIKey {
		writeOpenAIError(w, http.StatusUnauthorized, "Incorrect API key provided.", "invalid_request_error", nil, "invalid_api_key")
		return
	}
	if parseErr != nil {
		writeOpenAIError(w, http.StatusBadRequest, "We could not parse the JSON body of your request.", "invalid_request_error", nil, nil)
		return
	}
	if msg, param := validateChatRequest(wire); msg != "" {
		writeOpenAIError(w, http.StatusBadRequest, msg, "invalid_request_error", &param, nil)
		return
	}

	if delay > 0 {
		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return
		}
	}

	switch {
	case handle != nil:
		status, b := handle(req)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, b)
	case fail != 0:
		if fail == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "1")
			writeOpenAIError(w, fail, "Rate limit reached for requests. Please try again in 1s.", "requests", nil, "rate_limit_exceeded")
			return
		}
		typ := "invalid_request_error"
		if fail >= 500 {
			typ = "server_error"
		}
		writeOpenAIError(w, fail, http.StatusText(fail), typ, nil, nil)
	case noSchema && req.ResponseFormat == "json_schema":
		param := "response_format"
		writeOpenAIError(w, http.StatusBadRequest, "response_format type json_schema is not supported by this model; use json_object",
			"invalid_request_error", &param, nil)
	case garbage:
		writeChatCompletion(w, req.Model, "Sorry, I can't help with that. ¯\\_(ツ)_/¯")
	case content != nil:
		writeChatCompletion(w, req.Model, *content)
	default:
		writeChatCompletion(w, req.Model, defaultFakeContent(req))
	}
}

// validateChatRequest returns a refusal message and the parameter at fault,
// or "" for a request the contract accepts.
func validateChatRequest(w wireChatRequest) (string, string) {
	switch {
	case w.Model == "":
		return "you must provide a model parameter", "model"
	case len(w.Messages) == 0:
		return "'messages' must contain at least one message", "messages"
	case w.Stream != nil && *w.Stream:
		return "this fake does not stream; send stream: false", "stream"
	case w.N != nil && *w.N != 1:
		return "'n' : number must be at most 1", "n"
	case w.LogProbs != nil:
		return "'logprobs' : property 'logprobs' is unsupported", "logprobs"
	case len(w.LogitBias) > 0 && !bytes.Equal(w.LogitBias, []byte("null")):
		return "'logit_bias' : property 'logit_bias' is unsupported", "logit_bias"
	}
	for i, m := range w.Messages {
		switch m.Role {
		case "system", "user", "assistant", "developer":
		default:
			return fmt.Sprintf("'messages.%d' : role %q is not valid here", i, m.Role), fmt.Sprintf("messages[%d].role", i)
		}
		if m.Name != nil {
			return fmt.Sprintf("'messages.%d' : for 'role:%s' the following must be satisfied[('messages.%d' : property 'name' is unsupported)]", i, m.Role, i),
				fmt.Sprintf("messages[%d].name", i)
		}
		var s string
		if err := json.Unmarshal(m.Content, &s); err != nil {
			return fmt.Sprintf("'messages.%d.content' must be a string", i), fmt.Sprintf("messages[%d].content", i)
		}
	}
	if rf := w.ResponseFormat; rf != nil {
		switch rf.Type {
		case "text", "json_object":
		case "json_schema":
			if rf.JSONSchema == nil || rf.JSONSchema.Name == "" || len(rf.JSONSchema.Schema) == 0 {
				return "response_format json_schema needs a name and a schema", "response_format"
			}
		default:
			return fmt.Sprintf("'response_format.type' : value %q is not supported", rf.Type), "response_format"
		}
	}
	return "", ""
}

// defaultFakeContent answers in the shape the request asked for: a value
// built from its JSON schema, an intent-style object in JSON mode, or text.
func defaultFakeContent(req FakeOpenAIRequest) string {
	switch req.ResponseFormat {
	case "json_schema":
		if req.SchemaName == "intent" {
			return intentDefault(req.Schema)
		}
		var schema map[string]any
		if json.Unmarshal(req.Schema, &schema) == nil {
			b, _ := json.Marshal(sampleFromSchema(schema))
			return string(b)
		}
		return `{}`
	case "json_object":
		return `{"intent":"other","confidence":0.5}`
	default:
		return "This is a reply from the fake language model."
	}
}

// intentDefault is {"intent":"other","confidence":0.5}, with the schema's
// first allowed intent when "other" is not among them.
func intentDefault(schema json.RawMessage) string {
	intent := "other"
	var s struct {
		Properties struct {
			Intent struct {
				Enum []string `json:"enum"`
			} `json:"intent"`
		} `json:"properties"`
	}
	if json.Unmarshal(schema, &s) == nil && len(s.Properties.Intent.Enum) > 0 {
		found := false
		for _, e := range s.Properties.Intent.Enum {
			found = found || e == "other"
		}
		if !found {
			intent = s.Properties.Intent.Enum[0]
		}
	}
	b, _ := json.Marshal(map[string]any{"intent": intent, "confidence": 0.5})
	return string(b)
}

// sampleFromSchema builds a value that satisfies a simple JSON schema.
func sampleFromSchema(s map[string]any) any {
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	switch s["type"] {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			ps, _ := p.(map[string]any)
			out[name] = sampleFromSchema(ps)
		}
		return out
	case "array":
		return []any{}
	case "number":
		return 0.5
	case "integer":
		return 1
	case "boolean":
		return false
	case "string":
		return "fake text"
	default:
		return nil
	}
}

func writeChatCompletion(w http.ResponseWriter, model, content string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, FakeOpenAICompletion(model, content))
}

func writeOpenAIError(w http.ResponseWriter, status int, message, typ string, param *string, code any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, FakeOpenAIErrorBody(message, typ, param, code))
}
