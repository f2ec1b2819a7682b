// Package wire holds what the provider clients share: sending a request with
// transport failures classified, reading answers, Retry-After, and scrubbing
// provider texts of phone numbers and message bodies.
package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/platform/logging"
)

// MaxAnswer bounds how much of a provider's answer is read.
const MaxAnswer = 1 << 20

// Answer is a provider's HTTP answer, fully read.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// PostJSON marshals v and POSTs it to target with the given headers
// (Content-Type is set unless given). Transport failures come back as
// *channel.Error: Retryable when no connection to the provider was ever
// made, UnknownOutcome once one was (the request may have been received).
// A non-2xx status is not an error here; the caller classifies it.
func PostJSON(ctx context.Context, hc *http.Client, target string, header http.Header, v any) (Answer, error) {
	payload, err := json.Marshal(v)
	if err != nil {
		return Answer{}, &channel.Error{Class: channel.Permanent, Code: "encode", Message: "request could not be encoded", Err: err}
	}
	var connected atomic.Bool
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { connected.Store(true) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		return Answer{}, &channel.Error{Class: channel.Misconfigured, Code: "bad_url", Message: "provider URL is invalid", Err: err}
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Answer{}, transportError(err, connected.Load())
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxAnswer)) // let the connection be reused
	ans := Answer{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if err != nil {
		// The provider answered but the body broke off.
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return ans, &channel.Error{Class: channel.UnknownOutcome, Code: "read_answer", Message: "provider answer broke off", Err: unwrapURL(err)}
		}
		ans.Body = nil
	}
	return ans, nil
}

func transportError(err error, connected bool) *channel.Error {
	cause := unwrapURL(err)
	if !connected {
		return &channel.Error{Class: channel.Retryable, Code: "connect", Message: "could not connect to provider", Err: cause}
	}
	code := "transport"
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		code = "timeout"
	}
	return &channel.Error{Class: channel.UnknownOutcome, Code: code, Message: "no answer from provider; the request may have been received", Err: cause}
}

// unwrapURL drops *url.Error, whose text carries the full URL (with app keys).
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// RetryAfter reads a Retry-After header (seconds or an HTTP date).
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// StatusClass is the class a bare HTTP status implies when the body says nothing better.
func StatusClass(status int) channel.Class {
	switch {
	case status == http.StatusTooManyRequests:
		return channel.Throttled
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return channel.Misconfigured
	case status == http.StatusRequestTimeout || status >= 500:
		return channel.Retryable
	case status >= 200 && status < 300:
		return channel.UnknownOutcome
	default:
		return channel.Permanent
	}
}

// StatusCode is the Code used for failures known only by their HTTP status.
func StatusCode(status int) string { return "http_" + strconv.Itoa(status) }

const maxText = 200

// SafeText makes a provider's free text fit for an error message: the
// recipient's number (in any of its usual spellings) and the message body are
// removed, remaining phone-like digit runs are masked, control characters
// dropped, and the result is cut to a short length.
func SafeText(s string, m channel.Message) string {
	if s == "" {
		return ""
	}
	if len(s) > 4*maxText {
		s = s[:4*maxText]
	}
	if b := strings.TrimSpace(m.Body); len(b) >= 3 {
		s = strings.ReplaceAll(s, b, "[text]")
	}
	if d := strings.TrimPrefix(m.To, "+"); len(d) >= 4 {
		s = strings.ReplaceAll(s, d, "[phone]")
	}
	s = logging.Scrub(s)
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxText {
		cut := maxText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
