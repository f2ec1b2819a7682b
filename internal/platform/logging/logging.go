// Package logging builds PRIMA's slog JSON logger. Phone numbers, message
// bodies and secrets never reach the log: attributes with sensitive names are
// masked, and phone-like digit runs inside any string are masked too (never
// inside identifiers, which stay whole).
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// New returns a JSON logger at the given level ("debug", "info", "warn", "error").
func New(w io.Writer, level string) *slog.Logger {
	var lv slog.Level
	switch level {
	case "debug":
		lv = slog.LevelDebug
	case "warn":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	default:
		lv = slog.LevelInfo
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lv, ReplaceAttr: Redact})
	return slog.New(h)
}

var sensitiveKeys = map[string]string{
	"phone": "phone", "to": "phone", "from": "phone", "sender": "phone", "recipient": "phone",
	"body": "text", "message": "text", "text": "text", "content": "text", "diagnosis": "text",
	"notes": "text", "cancer_stage": "text",
	"password": "secret", "secret": "secret", "token": "secret", "authorization": "secret",
	"api_key": "secret", "key": "secret", "cookie": "secret",
}

// Redact is a slog ReplaceAttr that masks sensitive values. Identifiers
// (request_id, *_id) stay whole so log lines can be matched to records, unless
// the whole value is a phone number.
func Redact(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() != slog.KindString {
		return a
	}
	key := strings.ToLower(a.Key)
	if kind, ok := sensitiveKeys[key]; ok {
		switch kind {
		case "phone":
			return slog.String(a.Key, MaskPhone(a.Value.String()))
		case "secret":
			return slog.String(a.Key, "[redacted]")
		default:
			return slog.String(a.Key, "[redacted text]")
		}
	}
	if key == "id" || strings.HasSuffix(key, "_id") {
		if v := a.Value.String(); isPhone(v) {
			return slog.String(a.Key, MaskPhone(v))
		}
		return a
	}
	return slog.String(a.Key, Scrub(a.Value.String()))
}

// MaskPhone keeps the last two digits of a phone number.
func MaskPhone(p string) string {
	digits := 0
	for _, r := range p {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 4 {
		return "***"
	}
	var b strings.Builder
	seen := 0
	for _, r := range p {
		if r >= '0' && r <= '9' {
			seen++
			if seen > digits-2 {
				b.WriteRune(r)
			} else {
				b.WriteByte('*')
			}
			continue
		}
		if r == '+' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type ctxKey struct{}

// With stores a logger in the context.
func With(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From returns the context's logger, or the default one.
func From(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(ctxKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}
