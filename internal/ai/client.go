// Package ai is PRIMA's client for an OpenAI-compatible chat-completions server
// (OpenAI, Groq, Ollama, vLLM). It classifies the intent of patient messages,
// drafts answers grounded in a clinic's published articles, and drafts template
// and campaign text. It never sends anything to a patient itself.
//
// Privacy: only what a method's arguments name is sent (a message text and a
// first name, never a phone number or a clinical field), and errors never echo
// a patient's text or a server's error message.
package ai

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// DefaultTimeout bounds one method call when Config.Timeout is not set.
const DefaultTimeout = 10 * time.Second

// DefaultOpenAIModel is used when Model is empty and BaseURL points at OpenAI.
const DefaultOpenAIModel = "gpt-4o-mini"

// temperature is low: PRIMA wants consistent, literal answers.
const temperature = 0.2

// reasoningBudget is max_completion_tokens for reasoning models, whose hidden
// reasoning counts against the same limit as the visible answer.
const reasoningBudget = 2048

// Config configures a Client. It mirrors the OPENAI_* settings.
type Config struct {
	APIKey, BaseURL, Model string
	Timeout                time.Duration // one method call, retries included (OPENAI_TIMEOUT; default 10s)
	HTTPClient             *http.Client  // optional; the timeout is applied through the context
}

// Client calls the language model. It is safe for concurrent use. A nil
// *Client is valid: AI is off and every method returns ErrDisabled.
type Client struct {
	api       *openai.Client
	model     string
	timeout   time.Duration
	reasoning bool // the model takes max_completion_tokens and no temperature

	// mode is the structured-output mode this process uses; it only ever
	// moves down (json_schema → json_object → prompt only) when a server
	// rejects a mode.
	mode atomic.Int32
}

// outputMode is how JSON output is requested.
type outputMode int32

const (
	modeJSONSchema outputMode = iota // response_format json_schema, strict
	modeJSONObject                   // response_format json_object
	modePromptOnly                   // no response_format; the prompt asks for JSON
)

func (m outputMode) String() string {
	switch m {
	case modeJSONSchema:
		return "json_schema"
	case modeJSONObject:
		return "json_object"
	default:
		return "prompt"
	}
}

// New returns a Client, or nil when neither APIKey nor BaseURL is set (AI off:
// rules only). An empty BaseURL means OpenAI; an empty APIKey sends no
// Authorization header (Ollama and local vLLM need none).
func New(c Config) *Client {
	if strings.TrimSpace(c.APIKey) == "" && strings.TrimSpace(c.BaseURL) == "" {
		return nil
	}
	cfg := openai.DefaultConfig(strings.TrimSpace(c.APIKey))
	if base := strings.TrimRight(strings.TrimSpace(c.BaseURL), "/"); base != "" {
		cfg.BaseURL = base
	}
	if c.HTTPClient != nil {
		cfg.HTTPClient = c.HTTPClient
	}
	model := strings.TrimSpace(c.Model)
	if model == "" && strings.TrimSpace(c.BaseURL) == "" {
		model = DefaultOpenAIModel
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Client{
		api:       openai.NewClientWithConfig(cfg),
		model:     model,
		timeout:   timeout,
		reasoning: isReasoningModel(model),
	}
}

// Enabled reports whether a language model is configured.
func (c *Client) Enabled() bool { return c != nil }

// isReasoningModel reports whether the library refuses max_tokens and a
// temperature for this model (OpenAI's o-series and gpt-5 families).
func isReasoningModel(model string) bool {
	probe := openai.ChatCompletionRequest{Model: model, MaxTokens: 1, Temperature: temperature} //nolint:staticcheck // see request
	return openai.NewReasoningValidator().Validate(probe) != nil
}

// call is one structured request: system and user prompts, the JSON schema of
// the expected answer, and the output budget.
type call struct {
	op        string // "classify", "answer", "draft"; named in errors
	system    string
	user      string
	schema    string          // schema name
	schemaDef json.RawMessage // JSON schema of the answer object
	maxTokens int
}

// complete sends the call and returns the assistant's message content. The
// whole exchange, including a retry after a rejected response_format, is
// bounded by the client's timeout.
func (c *Client) complete(ctx context.Context, k call) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	mode := outputMode(c.mode.Load())
	for {
		resp, err := c.api.CreateChatCompletion(ctx, c.request(k, mode))
		if err != nil {
			if mode < modePromptOnly && rejectsResponseFormat(err) {
				mode = c.downgrade(mode)
				continue
			}
			return "", classifyError(ctx, k.op, err, resp.Header())
		}
		if len(resp.Choices) == 0 {
			return "", badAnswer(k.op, "no choices in the response")
		}
		choice := resp.Choices[0]
		if choice.FinishReason == openai.FinishReasonLength {
			return "", badAnswer(k.op, "the answer was cut at the token limit")
		}
		if choice.FinishReason == openai.FinishReasonContentFilter {
			return "", badAnswer(k.op, "the answer was withheld by a content filter")
		}
		if strings.TrimSpace(choice.Message.Content) == "" {
			if choice.Message.Refusal != "" {
				return "", badAnswer(k.op, "the model refused")
			}
			return "", badAnswer(k.op, "empty message content")
		}
		return choice.Message.Content, nil
	}
}

// downgrade moves the process-wide mode below from (never back up) and
// returns the mode to use now.
func (c *Client) downgrade(from outputMode) outputMode {
	for {
		cur := c.mode.Load()
		if outputMode(cur) > from {
			return outputMode(cur)
		}
		if c.mode.CompareAndSwap(cur, int32(from+1)) {
			return from + 1
		}
	}
}

func (c *Client) request(k call, mode outputMode) openai.ChatCompletionRequest {
	r := openai.ChatCompletionRequest{
		Model: c.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: k.system},
			{Role: openai.ChatMessageRoleUser, Content: k.user},
		},
		Stream: false,
	}
	if c.reasoning {
		r.MaxCompletionTokens = reasoningBudget
	} else {
		r.MaxTokens = k.maxTokens //nolint:staticcheck // max_tokens is what OpenAI-compatible servers (Groq, Ollama, vLLM) read
		r.Temperature = temperature
	}
	switch mode {
	case modeJSONSchema:
		r.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: k.schema, Schema: k.schemaDef, Strict: true,
			},
		}
	case modeJSONObject:
		r.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	return r
}

// rejectsResponseFormat reports whether the server refused the request because
// it does not support the requested response_format (some Ollama, vLLM and
// llama.cpp versions, and models without structured outputs).
func rejectsResponseFormat(err error) bool {
	var text string
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.HTTPStatusCode != http.StatusBadRequest && apiErr.HTTPStatusCode != http.StatusUnprocessableEntity {
			return false
		}
		code := codeString(apiErr.Code)
		if code == "json_validate_failed" { // Groq: the model's JSON failed the schema
			return false
		}
		text = apiErr.Message + " " + apiErr.Type + " " + code
		if apiErr.Param != nil {
			text += " " + *apiErr.Param
		}
	case errors.As(err, &reqErr):
		if reqErr.HTTPStatusCode != http.StatusBadRequest && reqErr.HTTPStatusCode != http.StatusUnprocessableEntity {
			return false
		}
		text = string(reqErr.Body)
		if strings.Contains(text, "json_validate_failed") {
			return false
		}
	default:
		return false
	}
	text = strings.ToLower(text)
	for _, s := range []string{"response_format", "response format", "json_schema", "json schema", "json_object", "structured output"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
