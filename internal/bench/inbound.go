package bench

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// benchWebhookSecret signs the bench's GOWA webhooks.
const benchWebhookSecret = "bench-gowa-webhook-secret"

// signedInbound is a GOWA v8 "message" event from phone, signed.
func signedInbound(seq int64, phone, text string) ([]byte, string) {
	jid := phone[1:] + "@s.whatsapp.net"
	b, _ := json.Marshal(map[string]any{"event": "message", "device_id": "628987654321@s.whatsapp.net",
		"payload": map[string]any{"id": fmt.Sprintf("3EB0BENCH%014d", seq), "chat_id": jid, "from": jid,
			"timestamp": time.Now().UTC().Format(time.RFC3339), "is_from_me": false, "body": text}})
	mac := hmac.New(sha256.New, []byte(benchWebhookSecret))
	mac.Write(b)
	return b, "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// inboundTexts are what the bench's patients write: every intent the rules
// know, none needing the language model.
var inboundTexts = []string{"sudah minum obat", "belum, nanti ya", "terima kasih dok", "STOP", "kapan jadwal kontrol saya?",
	"halo selamat pagi", "demam tinggi setelah kemo", "sdh minum 👍"}

// post sends a signed webhook body and returns the status and answer.
func post(ctx context.Context, c *http.Client, url string, body []byte, sig string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature-256", sig)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// inboundWebhook measures POST /api/v1/hooks/gowa with patients' messages
// (each a new WhatsApp message id, from the bulk tenant's patients, signed),
// 64 clients, with the inbound workers running in the background as on a
// server; then a bare Echo handler answering the same JSON to the same
// requests; and the ratio.
func (r *runner) inboundWebhook(ctx context.Context, s *Stack, data *dataset, base string) ([]row, error) {
	c := r.c
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.Conversations.Run(wctx) }()
	defer func() { stop(); wg.Wait() }()
	client := loadClient(c.Clients)
	var seq atomic.Int64
	send := func(url string) func(context.Context, int) (int, []byte, error) {
		return func(ctx context.Context, _ int) (int, []byte, error) {
			n := seq.Add(1)
			body, sig := signedInbound(n, data.phone(int(n%int64(data.bulk))), inboundTexts[n%int64(len(inboundTexts))])
			return post(ctx, client, url, body, sig)
		}
	}
	url := base + "/api/v1/hooks/gowa"
	if code, body, err := send(url)(ctx, 0); err != nil || code != http.StatusOK || !bytes.Contains(body, []byte(`"stored"`)) {
		return nil, fmt.Errorf("inbound webhook: status %d %v %.300s", code, err, body)
	}
	if c.ListWarmup > 0 {
		_ = hammerWith(ctx, c.Clients, c.ListWarmup, send(url))
	}
	_ = s.sql.takeSites()
	r.progress("inbound webhook: %d clients for %s", c.Clients, c.ListDuration)
	sql0 := s.sql.Count()
	var res loadResult
	_ = r.profile("inbound", func() error { res = hammerWith(ctx, c.Clients, c.ListDuration, send(url)); return nil })
	statements := s.sql.Count() - sql0
	r.sites(s, "inbound webhook", res.Requests+res.Errors)
	stored := int64(0)
	if err := s.observer.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM inbound_jobs").Scan(&stored).Error; err != nil {
		return nil, err
	}

	bare, err := startServer(c.bareInbound())
	if err != nil {
		return nil, err
	}
	defer bare.close()
	bareURL := bare.URL + "/api/v1/hooks/gowa"
	if c.ListWarmup > 0 {
		_ = hammerWith(ctx, c.Clients, c.ListWarmup, send(bareURL))
	}
	r.progress("baseline: a bare handler answering the webhook, %d clients for %s", c.Clients, c.ListDuration)
	bres := hammerWith(ctx, c.Clients, c.ListDuration, send(bareURL))

	detail := fmt.Sprintf("%s requests in %s, %d errors; %s messages stored with their work queued; %s SQL statements/request",
		count(res.Requests), secs(res.Elapsed), res.Errors, count(int(stored)), perUnit(statements, res.Requests+res.Errors))
	if res.FirstErr != "" {
		detail += "; first error: " + res.FirstErr
	}
	ratio := "—"
	if bp := bres.PerSecond(); bp > 0 {
		ratio = fmt.Sprintf("%.0f %%", 100*res.PerSecond()/bp)
	}
	return []row{
		{"6", fmt.Sprintf("inbound WhatsApp webhook (rules), %d clients", c.Clients), rate(res.PerSecond()) + " req/s", "≥ 2,000 req/s",
			verdict(res.Errors == 0 && res.PerSecond() >= targetInboundRPS), detail},
		{"6b", "inbound webhook: p99 latency", dur(res.P99), "< 50 ms", verdict(res.Errors == 0 && res.P99 < targetInboundP99),
			fmt.Sprintf("p50 %s, max %s", dur(res.P50), dur(res.Max))},
		{"6c", "baseline: bare " + c.bareName() + " handler, same requests", rate(bres.PerSecond()) + " req/s", "—", "—",
			fmt.Sprintf("%s requests, %d errors; p50 %s, p99 %s; no signature check, no database", count(bres.Requests), bres.Errors, dur(bres.P50), dur(bres.P99))},
		{"6d", "inbound webhook ÷ baseline (the figure to compare across runs)", ratio, "—", "—",
			fmt.Sprintf("%s req/s ÷ %s req/s", rate(res.PerSecond()), rate(bres.PerSecond()))},
	}, nil
}

// Targets of the inbound webhook (SPEC §15).
const (
	targetInboundRPS = 2000
	targetInboundP99 = 50 * time.Millisecond
)

// bareInbound is the inbound baseline handler.
func (c Config) bareInbound() http.Handler {
	body := []byte(`{"status":"stored","updated":1}`)
	if c.BareInbound != nil {
		return c.BareInbound(body)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}
