package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// binaryResult is the real binary's start-up and idle memory.
type binaryResult struct {
	Built     time.Duration // go build time (0 when given a binary)
	ColdStart time.Duration // exec → /readyz 200, on an empty SQLite database (migrations run)
	Restart   time.Duration // the same on the now-migrated database
	IdleRSS   int64         // bytes, a few seconds after ready
	Err       error
}

// moduleRoot is the folder of the main module's go.mod.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the bench from inside the PRIMA module")
	}
	return filepath.Dir(mod), nil
}

// measureBinary builds cmd/prima (unless bin is given), starts `prima serve`
// on an empty SQLite database in a temporary folder with the development
// defaults (demo data off), times it to ready, reads its idle RSS, stops it,
// and times a second start on the same database.
func measureBinary(ctx context.Context, bin string) binaryResult {
	var res binaryResult
	dir, err := os.MkdirTemp("", "prima-bench-bin-")
	if err != nil {
		return binaryResult{Err: err}
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		root, err := moduleRoot(ctx)
		if err != nil {
			return binaryResult{Err: err}
		}
		bin = filepath.Join(dir, "prima")
		start := time.Now()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/prima")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return binaryResult{Err: fmt.Errorf("go build ./cmd/prima: %w: %.400s", err, out)}
		}
		res.Built = time.Since(start)
	}
	res.ColdStart, res.IdleRSS, res.Err = startOnce(ctx, bin, dir, 3*time.Second)
	if res.Err != nil {
		return res
	}
	res.Restart, _, res.Err = startOnce(ctx, bin, dir, 0)
	return res
}

// startOnce starts the binary, waits for /readyz, optionally idles and reads
// its RSS, then stops it with SIGTERM.
func startOnce(ctx context.Context, bin, dir string, idle time.Duration) (ready time.Duration, rss int64, err error) {
	port, err := freePort()
	if err != nil {
		return 0, 0, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	data := filepath.Join(dir, "data")
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir // no .env from the caller's folder
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "PRIMA_ENV=development", "PRIMA_ADDR=" + addr,
		"PRIMA_DATA_DIR=" + data, "DATABASE_URL=sqlite:" + filepath.Join(data, "prima.db"), "PRIMA_SEED_DEMO=false",
		"PRIMA_LOG_LEVEL=warn"}
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	hc := &http.Client{Timeout: 200 * time.Millisecond}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	deadline := start.Add(30 * time.Second)
	for {
		if ctx.Err() != nil {
			return 0, 0, ctx.Err()
		}
		select {
		case <-exited:
			return 0, 0, fmt.Errorf("prima serve exited before ready (%v): %.400s", waitErr, out.String())
		default:
		}
		if readyz(hc, "http://"+addr+"/readyz") {
			ready = time.Since(start)
			break
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("prima serve not ready after 30 s: %.400s", out.String())
		}
		time.Sleep(time.Millisecond)
	}
	if idle > 0 {
		time.Sleep(idle)
		rss, err = procRSS(cmd.Process.Pid)
	}
	return ready, rss, err
}

// syncBuffer collects the child's output; it is read while the child may still write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func readyz(hc *http.Client, url string) bool {
	resp, err := hc.Get(url)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// procRSS reads VmRSS of a process (pid 0: this one), in bytes.
func procRSS(pid int) (int64, error) {
	v, err := procStatus(pid, "VmRSS")
	return v, err
}

// procStatus reads a "kB" field of /proc/<pid>/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	path := "/proc/self/status"
	if pid > 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			break
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		return kb * 1024, err
	}
	return 0, fmt.Errorf("%s: no %s", path, field)
}
