package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHelpVersionAndUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "migrate up") {
		t.Fatalf("help: %d %s", code, out.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"version"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "prima ") {
		t.Fatalf("version: %d %s", code, out.String())
	}
	if code := run(context.Background(), []string{"launch"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Fatalf("unknown: %d %s", code, errOut.String())
	}
}

func cleanEnv(t *testing.T) string {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, k := range []string{"PRIMA_ENV", "DATABASE_URL", "REDIS_URL", "PRIMA_ADDR", "PRIMA_DEV_AUTH", "CRON_SECRET", "PRIMA_ENCRYPTION_KEY",
		"CLERK_SECRET_KEY", "CLERK_JWT_KEY", "PRIMA_BASE_URL", "PRIMA_SEED_DEMO", "PRIMA_AUTO_MIGRATE"} {
		t.Setenv(k, "")
	}
	t.Setenv("PRIMA_DATA_DIR", dir)
	t.Setenv("PRIMA_LOG_LEVEL", "error")
	return dir
}

func TestMigrateUpAndStatusAndOutdatedSchemaRefusal(t *testing.T) {
	dir := cleanEnv(t)
	t.Setenv("DATABASE_URL", "sqlite:"+filepath.Join(dir, "m.db"))
	t.Setenv("PRIMA_AUTO_MIGRATE", "false")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"serve"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "prima migrate up") {
		t.Fatalf("serve on an outdated schema must refuse: %d %s", code, errOut.String())
	}
	if code := run(context.Background(), []string{"migrate", "status"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "pending") {
		t.Fatalf("status: %s %s", out.String(), errOut.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"migrate", "up"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "applied") {
		t.Fatalf("up: %s %s", out.String(), errOut.String())
	}
	out.Reset()
	run(context.Background(), []string{"migrate", "status"}, &out, &errOut)
	if strings.Contains(out.String(), "pending") {
		t.Fatalf("still pending: %s", out.String())
	}
	if code := run(context.Background(), []string{"migrate", "sideways"}, &out, &errOut); code != 1 {
		t.Fatal("bad migrate usage must fail")
	}
}

func TestProductionRefusesToStartWithDevelopmentSettings(t *testing.T) {
	cleanEnv(t)
	t.Setenv("PRIMA_ENV", "production")
	t.Setenv("PRIMA_DEV_AUTH", "true")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"serve"}, &out, &errOut)
	for _, want := range []string{"PRIMA_DEV_AUTH", "CRON_SECRET", "PRIMA_ENCRYPTION_KEY"} {
		if code != 1 || !strings.Contains(errOut.String(), want) {
			t.Fatalf("production start must name %s: %d %s", want, code, errOut.String())
		}
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestServeStartsWithDemoDataAndStopsGracefully(t *testing.T) {
	cleanEnv(t)
	port := freePort(t)
	t.Setenv("PRIMA_ADDR", fmt.Sprintf("127.0.0.1:%d", port))
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, &out, &errOut) }()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server never became ready: %s", errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.Post(base+"/api/v1/dev/sign-in", "application/json", strings.NewReader(`{"role":"admin"}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("dev sign-in: %v %v", resp, err)
	}
	var tok struct{ Token string }
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("me: %v %v", resp, err)
	}
	var me struct {
		Tenant struct{ Name string }
	}
	_ = json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if me.Tenant.Name != "PRIMA Demo Clinic" {
		t.Fatalf("demo tenant: %+v", me)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
	case <-time.After(25 * time.Second):
		t.Fatal("no graceful shutdown")
	}
	if !strings.Contains(out.String(), "swagger ui") || !strings.Contains(out.String(), "/docs") {
		t.Fatalf("start-up summary: %s", out.String())
	}
}

func TestTickRunsOnceAndPrintsItsSummary(t *testing.T) {
	cleanEnv(t)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"tick"}, &out, &errOut); code != 0 {
		t.Fatalf("tick: %d %s", code, errOut.String())
	}
	var sum map[string]any
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("tick must print JSON: %v %s", err, out.String())
	}
	for _, k := range []string{"started_at", "duration_ms", "occurrences_created", "messages_queued", "retries", "failovers", "missed"} {
		if _, ok := sum[k]; !ok {
			t.Fatalf("summary lacks %s: %s", k, out.String())
		}
	}
}
