package middleware

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/idempotency"
	"github.com/prima-health/prima/internal/platform/errs"
)

// IdempotencyStore is what the middleware needs from internal/idempotency.
type IdempotencyStore interface {
	Begin(ctx context.Context, userID, key, hash string, now time.Time) (idempotency.Record, bool, error)
	Complete(ctx context.Context, userID, key string, status int, contentType string, body []byte) error
	Release(ctx context.Context, userID, key string) error
}

// HeaderIdempotencyKey is the request header.
const HeaderIdempotencyKey = "Idempotency-Key"

// ErrIdempotencyMismatch is the 422 for a key reused with another request.
type ErrIdempotencyMismatch struct{}

func (ErrIdempotencyMismatch) Error() string {
	return "This Idempotency-Key was used with a different request."
}

// Idempotency replays the first response to a POST sent again with the same
// Idempotency-Key and body within 24 h; the same key with another body is 422.
// It must run after Authenticate (keys are per user).
func Idempotency(store IdempotencyStore, now func() time.Time) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := c.Request().Header.Get(HeaderIdempotencyKey)
			if key == "" || c.Request().Method != http.MethodPost {
				return next(c)
			}
			if len(key) > 255 {
				return errs.Invalid("Idempotency-Key", "must be at most 255 characters")
			}
			p := PrincipalFrom(c)
			if p == nil {
				return errs.ErrUnauthenticated
			}
			req := c.Request()
			body, err := io.ReadAll(req.Body)
			if err != nil {
				return err
			}
			req.Body = io.NopCloser(bytes.NewReader(body))
			sum := sha256.Sum256(append([]byte(req.Method+" "+req.URL.Path+"\n"), body...))
			hash := hex.EncodeToString(sum[:])
			ctx := req.Context()
			rec, claimed, err := store.Begin(ctx, p.CallerID(), key, hash, now())
			if err != nil {
				return err
			}
			if !claimed {
				switch {
				case rec.RequestHash != hash:
					return ErrIdempotencyMismatch{}
				case rec.StatusCode == 0:
					return errs.Conflict("A request with this Idempotency-Key is still being processed.")
				}
				c.Response().Header().Set("Idempotent-Replayed", "true")
				return c.Blob(rec.StatusCode, rec.ContentType, rec.ResponseBody)
			}

			rec2 := &recorder{ResponseWriter: c.Response().Writer}
			c.Response().Writer = rec2
			if err := next(c); err != nil {
				c.Error(err)
			}
			status := c.Response().Status
			if status >= 500 || status == http.StatusTooManyRequests {
				return store.Release(context.WithoutCancel(ctx), p.CallerID(), key)
			}
			return store.Complete(context.WithoutCancel(ctx), p.CallerID(), key, status,
				c.Response().Header().Get(echo.HeaderContentType), rec2.buf.Bytes())
		}
	}
}

type recorder struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}
