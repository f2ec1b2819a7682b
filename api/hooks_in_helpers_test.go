package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"

	"github.com/prima-health/prima/pkg/stdwebhooks"
)

// tenantOf is the tenant id of a token's user.
func (a *testApp) tenantOf(token string) string {
	a.t.Helper()
	var me Me
	a.do("GET", "/api/v1/me", nil, token).decode(&me)
	return me.Tenant.ID
}

var hookMsgSeq atomic.Int64

// hookMsgID is a fresh Standard Webhooks message id.
func hookMsgID() string { return "msg_" + strconv.FormatInt(hookMsgSeq.Add(1), 10) }

// stdHeaders signs body with the Standard Webhooks scheme at the app's clock.
func (a *testApp) stdHeaders(secret, msgID string, body []byte) http.Header {
	a.t.Helper()
	h, err := stdwebhooks.Headers(stdwebhooks.Standard, secret, msgID, a.clock.Now(), body)
	if err != nil {
		a.t.Fatal(err)
	}
	return h
}

// seedHeaders signs body the seed integrations' way.
func seedHeaders(secret string, body []byte, extra ...string) http.Header {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	h := http.Header{}
	h.Set("x-webhook-signature", "sha256="+hex.EncodeToString(m.Sum(nil)))
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return h
}

// hookRequest is a call of an inbound webhook.
func hookRequest(id string, body []byte, h http.Header) *http.Request {
	req := httptest.NewRequest("POST", "/api/v1/hooks/in/"+id, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range h {
		req.Header[k] = v
	}
	return req
}

// callHook posts body to an inbound webhook with headers h.
func (a *testApp) callHook(id string, body []byte, h http.Header) *response {
	a.t.Helper()
	return a.send(hookRequest(id, body, h))
}

// hook calls an inbound webhook with a fresh Standard Webhooks signature.
func (a *testApp) hook(w Webhook, payload any) *response {
	a.t.Helper()
	body, _ := json.Marshal(payload)
	return a.callHook(w.ID, body, a.stdHeaders(w.Secret, hookMsgID(), body))
}

// hookResult decodes an accepted or replayed call.
func (r *response) hookResult() InboundHookResult {
	r.t.Helper()
	var out InboundHookResult
	r.decode(&out)
	return out
}

// executionsOf lists a webhook's recorded calls as token sees them.
func (a *testApp) executionsOf(token, id string) []WebhookExecution {
	a.t.Helper()
	r := a.do("GET", "/api/v1/webhooks/"+id+"/executions?per_page=100", nil, token)
	a.ok(r, 200)
	var list WebhookExecutionList
	r.decode(&list)
	return list.Data
}

// outcomesOf are "outcome:status" of a webhook's calls, newest first.
func (a *testApp) outcomesOf(id string) []string {
	a.t.Helper()
	var out []string
	for _, e := range a.executionsOf(a.admin, id) {
		out = append(out, e.Outcome+":"+strconv.Itoa(e.StatusCode))
	}
	return out
}
