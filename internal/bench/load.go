package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// server is the real HTTP handler on a loopback port.
type server struct {
	URL string
	srv *http.Server
}

// startServer serves h on 127.0.0.1 with cmd/prima's server timeouts.
func startServer(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &server{URL: "http://" + ln.Addr().String(), srv: srv}, nil
}

func (s *server) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

func loadClient(conns int) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, MaxConnsPerHost: conns, IdleConnTimeout: time.Minute,
		DisableCompression: true,
	}}
}

// get fetches url with the bearer token and returns the status and body.
func get(ctx context.Context, c *http.Client, url, token string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// listPage is the part of the patient list the bench checks.
type listPage struct {
	Data []struct {
		ID           string   `json:"id"`
		Adherence30d *float64 `json:"adherence_30d"`
	} `json:"data"`
	Total int64 `json:"total"`
}

// checkList makes sure the request the load repeats answers a full page with
// adherence, and returns the page and its body.
func checkList(ctx context.Context, c *http.Client, url, token string, perPage int) (listPage, []byte, error) {
	code, body, err := get(ctx, c, url, token)
	if err != nil {
		return listPage{}, nil, err
	}
	if code != http.StatusOK {
		return listPage{}, nil, fmt.Errorf("GET %s: status %d: %.300s", url, code, body)
	}
	var page listPage
	if err := json.Unmarshal(body, &page); err != nil {
		return listPage{}, nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if len(page.Data) != perPage {
		return page, nil, fmt.Errorf("GET %s: %d patients, want %d", url, len(page.Data), perPage)
	}
	return page, body, nil
}

// withAdherence counts the rows with a 30-day adherence figure.
func (p listPage) withAdherence() int {
	n := 0
	for _, row := range p.Data {
		if row.Adherence30d != nil {
			n++
		}
	}
	return n
}

// loadResult is one load run.
type loadResult struct {
	Requests int
	Errors   int
	FirstErr string
	Elapsed  time.Duration
	P50, P99 time.Duration
	Max      time.Duration
}

func (r loadResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// hammer has clients concurrent clients GET url back to back for d and
// records every request's latency (errors and non-200 answers count apart).
// No request is cut off: each client stops starting requests at the end of d
// and the run lasts until the last answer.
func hammer(ctx context.Context, c *http.Client, url, token string, clients int, d time.Duration) loadResult {
	return hammerWith(ctx, clients, d, func(context.Context, int) (int, []byte, error) { return get(ctx, c, url, token) })
}

// hammerWith is hammer for any request: do makes one (client is the
// client's number) and returns its status and body.
func hammerWith(ctx context.Context, clients int, d time.Duration, do func(ctx context.Context, client int) (int, []byte, error)) loadResult {
	var mu sync.Mutex
	var all []time.Duration
	res := loadResult{}
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 4096)
			errs, first := 0, ""
			for ctx.Err() == nil && time.Now().Before(end) {
				t0 := time.Now()
				code, body, err := do(ctx, i)
				took := time.Since(t0)
				if err != nil || code != http.StatusOK {
					errs++
					if first == "" {
						first = fmt.Sprintf("status %d %v %.200s", code, err, body)
					}
					continue
				}
				lat = append(lat, took)
			}
			mu.Lock()
			all = append(all, lat...)
			res.Errors += errs
			if res.FirstErr == "" {
				res.FirstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Requests = len(all)
	if len(all) > 0 {
		slices.Sort(all)
		res.P50, res.P99, res.Max = all[len(all)/2], all[min(len(all)-1, len(all)*99/100)], all[len(all)-1]
	}
	return res
}
