package ai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Sentinel errors. Every error a method returns matches exactly one of them
// with errors.Is; all but ErrDisabled and ErrInvalidInput come wrapped in an
// *Error with the details.
var (
	ErrDisabled     = errors.New("ai: no language model is configured")
	ErrInvalidInput = errors.New("ai: invalid input")
	ErrTimeout      = errors.New("ai: the language model did not answer in time")
	ErrRateLimited  = errors.New("ai: the language model is rate limited")
	ErrServer       = errors.New("ai: the language model server failed")
	ErrRejected     = errors.New("ai: the language model server rejected the request")
	ErrUnavailable  = errors.New("ai: the language model server could not be reached")
	ErrBadAnswer    = errors.New("ai: the language model gave an unusable answer")
)

// Error describes a failed call. Its message never contains a patient's text
// nor the server's error message (which may echo the prompt); Detail holds
// only fixed phrases and the server's error type or code.
type Error struct {
	Op         string        // "classify", "answer" or "draft"
	Kind       error         // one of the sentinel errors above
	Status     int           // HTTP status of the server's answer; 0 when there was none
	RetryAfter time.Duration // for ErrRateLimited: the server's Retry-After, 0 when absent
	Detail     string

	cause error // a context or transport error; never a server's error body
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ai: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(e.Kind.Error(), "ai: "))
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, ", retry after %s", e.RetryAfter)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.cause != nil {
		b.WriteString(": ")
		b.WriteString(e.cause.Error())
	}
	return b.String()
}

// Unwrap exposes the sentinel and, for context and transport failures, the
// underlying error (so errors.Is(err, context.Canceled) works).
func (e *Error) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Kind, e.cause}
	}
	return []error{e.Kind}
}

// RetryAfter returns how long a rate-limited server asked the caller to wait.
func RetryAfter(err error) (time.Duration, bool) {
	var e *Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		return e.RetryAfter, true
	}
	return 0, false
}

func badAnswer(op, detail string) error {
	return &Error{Op: op, Kind: ErrBadAnswer, Detail: detail}
}

// classifyError maps a go-openai error to an *Error. ctx is the call's context
// (with the client's timeout); header holds the response headers, if any.
func classifyError(ctx context.Context, op string, err error, header http.Header) error {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	status, detail := 0, ""
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
		detail = safeIdent(apiErr.Type)
		if code := safeIdent(codeString(apiErr.Code)); code != "" {
			if detail != "" {
				detail += "/"
			}
			detail += code
		}
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	if status != 0 {
		e := &Error{Op: op, Status: status, Detail: detail}
		switch {
		case status == http.StatusTooManyRequests:
			e.Kind = ErrRateLimited
			e.RetryAfter = parseRetryAfter(header.Get("Retry-After"), time.Now())
		case status == http.StatusRequestTimeout || status == http.StatusGatewayTimeout:
			e.Kind = ErrTimeout
		case status >= 500:
			e.Kind = ErrServer
		case status == http.StatusBadRequest && strings.Contains(detail, "json_validate_failed"):
			e.Kind = ErrBadAnswer // Groq: the model's JSON did not fit the schema
		default:
			e.Kind = ErrRejected
		}
		return e
	}

	// No HTTP error status: the request never completed, or a 2xx body was unreadable.
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &Error{Op: op, Kind: ErrTimeout, cause: context.DeadlineExceeded}
	}
	if errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled) {
		return &Error{Op: op, Kind: ErrUnavailable, Detail: "the caller cancelled", cause: context.Canceled}
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return &Error{Op: op, Kind: ErrTimeout, cause: err}
	}
	var urlErr *url.Error
	var netOp *net.OpError
	if errors.As(err, &urlErr) || errors.As(err, &netOp) {
		// Transport errors name the server's address, never the request body.
		return &Error{Op: op, Kind: ErrUnavailable, cause: err}
	}
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &Error{Op: op, Kind: ErrBadAnswer, Detail: "the response body is not a chat completion"}
	}
	// Library-side refusals (e.g. parameters a model does not accept) are static messages.
	return &Error{Op: op, Kind: ErrRejected, Detail: "refused before sending", cause: err}
}

// codeString renders an OpenAI error code, which may be a string or a number.
func codeString(code any) string {
	switch v := code.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		if v == 0 { // the library decodes "code": null as 0
			return ""
		}
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}

var identRe = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)

// safeIdent keeps an identifier-like string (an error type or code) and drops
// anything else, which could echo request text.
func safeIdent(s string) string {
	if identRe.MatchString(s) {
		return s
	}
	return ""
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
