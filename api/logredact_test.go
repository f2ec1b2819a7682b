package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/testutil"
)

// logBuffer collects a server's JSON log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// requestLines are the access-log lines ("msg":"request") written so far.
func (b *logBuffer) requestLines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", sc.Text())
		}
		if m["msg"] == "request" {
			out = append(out, m)
		}
	}
	return out
}

// withoutTimings is the log with the fields PRIMA writes itself and whose
// digits vary (time, duration), so that a search for a phone's digits cannot
// match a timestamp's nanoseconds.
func (b *logBuffer) withoutTimings(t *testing.T) string {
	t.Helper()
	var out strings.Builder
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", sc.Text())
		}
		delete(m, "time")
		delete(m, "duration")
		line, _ := json.Marshal(m)
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.String()
}

// loggedApp is the test app's server rebuilt on PRIMA's own JSON logger.
func loggedApp(t *testing.T, d *db.DB) (*testApp, *logBuffer) {
	a := newTestApp(t, d)
	v, err := identity.NewClerkVerifier(identity.ClerkOptions{APIURL: a.cfg.Clerk.APIURL, SecretKey: a.cfg.Clerk.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	a.e = New(Deps{Config: a.cfg, Logger: logging.New(logs, "info"), Clock: a.clock, Database: d, Verifier: v, Users: a.users,
		Scheduler: testScheduler(t, d, a.clock, nil), OpenAPISpec: []byte("openapi: 3.0.3\n")})
	return a, logs
}

func TestCronSecretNeverReachesTheLogWhateverTheParameterSpelling(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a, logs := loggedApp(t, d)
		secret := a.cfg.CronSecret
		for _, q := range []string{"key=", "k%65y=", "%6B%65%79=", "KEY=", "Key=", "x=1&k%65y=", "token=", "api%5Fkey=", "secret="} {
			a.do("GET", "/api/v1/cron/trigger?"+q+secret, nil, "")
		}
		out := logs.String()
		if strings.Contains(out, secret) {
			t.Fatalf("the cron secret reached the log:\n%s", out)
		}
		if n := len(logs.requestLines(t)); n != 9 {
			t.Fatalf("want 9 access-log lines, got %d:\n%s", n, out)
		}
	})
}

func TestLogsKeepRequestIDsWholeAndMaskPhones(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a, logs := loggedApp(t, d)
		ids := []string{"req-0123456789ab-cdef", "req-0123456789-abcd", "01923456-7890-7123-8123-456789012345", "batch_2024_0001234567"}
		for _, id := range ids {
			r := a.do("GET", "/healthz", nil, "", "X-Request-Id", id)
			if r.hdr.Get("X-Request-Id") != id {
				t.Fatalf("request id %q answered as %q", id, r.hdr.Get("X-Request-Id"))
			}
		}
		generated := a.do("GET", "/healthz", nil, "").hdr.Get("X-Request-Id")
		a.do("GET", "/api/v1/patients?search=%2B6281234567890&phone=0812-9876-5432", nil, "")
		lines := logs.requestLines(t)
		if len(lines) != len(ids)+2 {
			t.Fatalf("want %d access-log lines, got %d", len(ids)+2, len(lines))
		}
		for i, want := range append(ids, generated) {
			if got := lines[i]["request_id"]; got != want {
				t.Errorf("request id %q logged as %q", want, got)
			}
		}
		out := logs.withoutTimings(t)
		for _, leak := range []string{"6281234567890", "9876-5432", "9876"} {
			if strings.Contains(out, leak) {
				t.Fatalf("a phone number reached the log (%q):\n%s", leak, out)
			}
		}
	})
}
