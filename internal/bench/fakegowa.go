package bench

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// fakeGOWA is a local stand-in for go-whatsapp-web-multidevice that answers
// every POST /send/message at once with GOWA's success envelope, and counts
// the sends per message text so the bench can check that every message was
// handed over exactly once.
type fakeGOWA struct {
	URL       string
	BasicAuth string

	srv   *http.Server
	seq   atomic.Uint64
	total atomic.Int64

	mu     sync.Mutex
	byText map[string]int32
	times  []time.Time // when each accepted send arrived
	bad    int64       // requests that were not a valid send (wrong auth, bad JSON)
}

type gowaSendRequest struct {
	Phone   string `json:"phone"`
	Message string `json:"message"`
}

type gowaEnvelope struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Results *gowaResults `json:"results,omitempty"`
}

type gowaResults struct {
	MessageID string `json:"message_id"`
	Status    string `json:"status"`
}

// startFakeGOWA listens on a loopback port.
func startFakeGOWA() (*fakeGOWA, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &fakeGOWA{BasicAuth: "prima:bench", byText: map[string]int32{}}
	f.URL = "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /send/message", f.send)
	f.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

func (f *fakeGOWA) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = f.srv.Shutdown(ctx)
}

func (f *fakeGOWA) send(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var in gowaSendRequest
	switch {
	case r.Header.Get("Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(f.BasicAuth)):
		f.refuse(w, http.StatusUnauthorized, "401", "unauthorized")
		return
	case json.Unmarshal(raw, &in) != nil || in.Phone == "" || in.Message == "":
		f.refuse(w, http.StatusBadRequest, "VALIDATION_ERROR", "invalid request body")
		return
	}
	f.total.Add(1)
	f.mu.Lock()
	f.byText[in.Message]++
	f.times = append(f.times, time.Now())
	f.mu.Unlock()
	id := "3EB0BENCH" + strconv.FormatUint(f.seq.Add(1), 16)
	body, _ := json.Marshal(gowaEnvelope{Code: "SUCCESS", Message: "Success", Results: &gowaResults{MessageID: id, Status: "sent"}})
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func (f *fakeGOWA) refuse(w http.ResponseWriter, status int, code, msg string) {
	f.mu.Lock()
	f.bad++
	f.mu.Unlock()
	body, _ := json.Marshal(gowaEnvelope{Code: code, Message: msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// reset forgets every count.
func (f *fakeGOWA) reset() {
	f.mu.Lock()
	clear(f.byText)
	f.times = nil
	f.bad = 0
	f.mu.Unlock()
	f.total.Store(0)
}

// sendStats summarises the sends since the last reset.
type sendStats struct {
	Total    int64 // requests accepted
	Distinct int   // distinct message texts
	MaxCopy  int32 // most sends of one text
	Bad      int64 // requests refused
	First    time.Time
	Last     time.Time
}

func (f *fakeGOWA) stats() sendStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := sendStats{Total: f.total.Load(), Distinct: len(f.byText), Bad: f.bad}
	if len(f.times) > 0 {
		st.First, st.Last = f.times[0], f.times[len(f.times)-1]
	}
	for _, n := range f.byText {
		st.MaxCopy = max(st.MaxCopy, n)
	}
	return st
}

// sentSince counts the accepted sends that arrived after t.
func (f *fakeGOWA) sentSince(t time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, at := range f.times {
		if at.After(t) {
			n++
		}
	}
	return n
}

// sent is the number of accepted sends since the last reset.
func (f *fakeGOWA) sent() int64 { return f.total.Load() }
