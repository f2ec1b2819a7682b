package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
)

// buildPrima builds the prima binary from this package into a temporary directory.
func buildPrima(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "prima")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// newTestOutbox is an outbox that queues messages straight into d, for tests
// that seed work before (or while) server processes run.
func newTestOutbox(d *db.DB, channels ...string) *outbox.Outbox {
	return outbox.NewOutbox(d, clock.System{}, channels, outbox.NewDBLookups(d))
}

// primaProc is one `prima serve` process of a multi-process test. It can be
// killed and started again on the same port; its output (every run) goes to
// one log file, and an exit nobody asked for is recorded as a crash.
type primaProc struct {
	Name    string
	Port    int
	Base    string // http://127.0.0.1:<port>
	LogPath string

	bin string
	env []string
	dir string

	mu      sync.Mutex
	cmd     *exec.Cmd
	done    chan struct{} // closed when the current run has exited
	runs    int
	ready   bool // the current run answered /readyz
	ending  bool // the current run is being killed or stopped on purpose
	crashes []string
}

// newPrimaProc prepares (does not start) a process listening on 127.0.0.1:port
// with env added to this process's environment, its own PRIMA_DATA_DIR and
// working directory (so no stray .env is read). Cleanup stops it.
func newPrimaProc(t *testing.T, name, bin string, port int, env []string) *primaProc {
	t.Helper()
	dir := t.TempDir()
	p := &primaProc{Name: name, Port: port, Base: fmt.Sprintf("http://127.0.0.1:%d", port),
		LogPath: filepath.Join(dir, name+".log"), bin: bin, dir: dir,
		env: append(append(os.Environ(), env...), fmt.Sprintf("PRIMA_ADDR=127.0.0.1:%d", port), "PRIMA_DATA_DIR="+dir)}
	t.Cleanup(func() { p.Stop(10 * time.Second) })
	return p
}

// Start starts the process and waits until it is ready; a run that exits
// before it is ready (its port not free yet after a kill) is retried a few times.
func (p *primaProc) Start(readyWithin time.Duration) error {
	var err error
	for try := 0; try < 4; try++ {
		if err = p.startOnce(readyWithin); err == nil {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return err
}

func (p *primaProc) startOnce(readyWithin time.Duration) error {
	p.mu.Lock()
	if p.cmd != nil && !p.exited() {
		p.mu.Unlock()
		return fmt.Errorf("%s is already running", p.Name)
	}
	f, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		p.mu.Unlock()
		return err
	}
	p.runs++
	run := p.runs
	fmt.Fprintf(f, "----- %s run %d, started %s -----\n", p.Name, run, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(p.bin, "serve")
	cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = p.env, p.dir, f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		p.mu.Unlock()
		return err
	}
	done := make(chan struct{})
	p.cmd, p.done, p.ready, p.ending = cmd, done, false, false
	p.mu.Unlock()
	go func() {
		werr := cmd.Wait()
		fmt.Fprintf(f, "----- %s run %d exited %s: %v -----\n", p.Name, run, time.Now().Format(time.RFC3339Nano), werr)
		f.Close()
		p.mu.Lock()
		if p.ready && !p.ending {
			p.crashes = append(p.crashes, fmt.Sprintf("%s run %d exited on its own: %v", p.Name, run, werr))
		}
		p.mu.Unlock()
		close(done)
	}()

	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(readyWithin)
	for {
		select {
		case <-done:
			return fmt.Errorf("%s run %d exited before it was ready (see %s)", p.Name, run, p.LogPath)
		default:
		}
		if resp, err := client.Get(p.Base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.mu.Lock()
				p.ready = true
				p.mu.Unlock()
				return nil
			}
		}
		if time.Now().After(deadline) {
			p.signal(syscall.SIGKILL)
			<-done
			return fmt.Errorf("%s run %d was not ready within %v", p.Name, run, readyWithin)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// exited reports whether the current run has ended; p.mu is held.
func (p *primaProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// signal marks the current run as ended on purpose and signals it; it
// returns the run's done channel (nil when never started).
func (p *primaProc) signal(sig os.Signal) chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return nil
	}
	p.ending = true
	if !p.exited() {
		_ = p.cmd.Process.Signal(sig)
	}
	return p.done
}

// Kill ends the process at once (SIGKILL: no graceful stop) and waits for it.
func (p *primaProc) Kill() {
	if done := p.signal(syscall.SIGKILL); done != nil {
		<-done
	}
}

// Stop asks the process to stop (SIGTERM) and kills it after timeout; it
// reports whether the graceful stop finished in time.
func (p *primaProc) Stop(timeout time.Duration) bool {
	done := p.signal(syscall.SIGTERM)
	if done == nil {
		return true
	}
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		p.Kill()
		return false
	}
}

// Running reports whether the current run is up.
func (p *primaProc) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd != nil && !p.exited()
}

// Crashes lists the runs that exited without being killed or stopped.
func (p *primaProc) Crashes() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.crashes...)
}

// Tail is the last n lines of the process's log (all runs).
func (p *primaProc) Tail(n int) string {
	b, err := os.ReadFile(p.LogPath)
	if err != nil {
		return err.Error()
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}

// logTails prints the tail of every process's log when the test failed.
func logTails(t *testing.T, procs []*primaProc, n int) {
	t.Helper()
	if !t.Failed() {
		return
	}
	var b strings.Builder
	for _, p := range procs {
		fmt.Fprintf(&b, "\n===== %s (%s), last %d lines =====\n%s\n", p.Name, p.LogPath, n, p.Tail(n))
	}
	t.Log(b.String())
}
