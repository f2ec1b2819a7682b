package api

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// The JSON body limit is 1 MiB (1,048,576 bytes), as documented: a body of
// exactly 1 MiB is read (and refused for its content, not its size), one
// byte more is 413.
func TestTheBodyLimitIsOneMebibyte(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.validate = false
		post := func(n int) int {
			body := `{"name":"` + strings.Repeat("a", n-len(`{"name":""}`)) + `"}`
			req := httptest.NewRequest("POST", "/api/v1/patients", bytes.NewReader([]byte(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+a.admin)
			return a.send(req).code
		}
		if code := post(1 << 20); code == 413 {
			t.Fatalf("a body of exactly 1 MiB was refused as too large")
		}
		if code := post(1<<20 + 1); code != 413 {
			t.Fatalf("a body of 1 MiB + 1 byte: %d, want 413", code)
		}
	})
}
