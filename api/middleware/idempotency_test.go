package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/idempotency"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/user"
)

func TestIdempotencyReplaysTheFirstResponseAndRefusesAnotherBody(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		var calls atomic.Int64
		now := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
		e := echo.New()
		principal := func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				c.Set("prima.principal", &user.Principal{User: user.User{ID: c.Request().Header.Get("X-User")}})
				return next(c)
			}
		}
		e.POST("/things", func(c echo.Context) error {
			n := calls.Add(1)
			return c.JSON(http.StatusCreated, map[string]int64{"n": n})
		}, principal, middleware.Idempotency(idempotency.NewStore(d, nil), func() time.Time { return now }))

		post := func(userID, key, body string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", "/things", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-User", userID)
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			return rec
		}
		first := post("u1", "k1", `{"a":1}`)
		again := post("u1", "k1", `{"a":1}`)
		if first.Code != 201 || again.Code != 201 || again.Body.String() != first.Body.String() || calls.Load() != 1 {
			t.Fatalf("replay: %d %s / %d %s calls=%d", first.Code, first.Body, again.Code, again.Body, calls.Load())
		}
		if again.Header().Get("Idempotent-Replayed") != "true" {
			t.Fatal("a replay must say so")
		}
		if other := post("u1", "k1", `{"a":2}`); other.Code == 201 || calls.Load() != 1 {
			t.Fatalf("same key, other body must be refused: %d", other.Code)
		}
		// Keys are per user, and requests without a key always run.
		post("u2", "k1", `{"a":1}`)
		post("u1", "", `{"a":1}`)
		if calls.Load() != 3 {
			t.Fatalf("calls=%d", calls.Load())
		}
		// After 24 hours the key is forgotten.
		now = now.Add(25 * time.Hour)
		post("u1", "k1", `{"a":1}`)
		if calls.Load() != 4 {
			t.Fatalf("expired key must run again: calls=%d", calls.Load())
		}
	})
}
