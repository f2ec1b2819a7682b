package fakeprovider

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// GOWARequest is one recorded POST /send/message.
type GOWARequest struct {
	Phone          string // E.164 form of the JID's number ("+62…"), "" when unreadable
	JID            string // the phone field as sent
	Message        string
	ReplyMessageID string
	IsForwarded    bool
	DeviceID       string // X-Device-Id
	Raw            []byte // the JSON body as received
	Status         int    // HTTP status answered
	MessageID      string // id given on success
}

// GOWA is a fake go-whatsapp-web-multidevice server (v8+ send API).
type GOWA struct {
	*core[GOWARequest]
	Server *httptest.Server
	URL    string // GOWA_API_URL for the client
	// BasicAuth is the accepted "user:pass"; empty = no auth required.
	BasicAuth string
	// Devices lists registered device ids. With several, X-Device-Id is
	// required (400 DEVICE_ID_REQUIRED); an unknown one is 404
	// DEVICE_NOT_FOUND. Empty = one device, any header accepted.
	Devices []string
	seq     atomic.Uint64
}

// NewGOWA starts a fake GOWA with basic auth "prima:secret"; it stops at test cleanup.
func NewGOWA(t testing.TB) *GOWA {
	t.Helper()
	f := &GOWA{core: newCore[GOWARequest](gowaStatus), BasicAuth: "prima:secret"}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /send/message", f.send)
	f.Server = httptest.NewServer(mux)
	f.URL = f.Server.URL
	t.Cleanup(f.Server.Close)
	return f
}

type gowaSend struct {
	Phone          string `json:"phone"`
	Message        string `json:"message"`
	ReplyMessageID string `json:"reply_message_id"`
	IsForwarded    bool   `json:"is_forwarded"`
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

func (f *GOWA) send(w http.ResponseWriter, r *http.Request) {
	raw := readBody(r)
	var in gowaSend
	jsonErr := json.Unmarshal(raw, &in)
	jid := strings.TrimPrefix(strings.TrimSpace(in.Phone), "+")
	user, _, _ := strings.Cut(jid, "@")
	if jid != "" && !strings.Contains(jid, "@") {
		jid += "@s.whatsapp.net"
	}
	phone := ""
	if digitsOnly(user) && len(user) >= 8 && user[0] != '0' {
		phone = "+" + user
	}
	device := r.Header.Get("X-Device-Id")

	var override *Reply
	switch {
	case f.BasicAuth != "" && r.Header.Get("Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(f.BasicAuth)):
		override = &Reply{Status: http.StatusUnauthorized, Code: "401"}
	case len(f.Devices) > 1 && device == "":
		override = &Reply{Status: http.StatusBadRequest, Code: "DEVICE_ID_REQUIRED", Message: "device_id is required when several devices are registered"}
	case len(f.Devices) > 0 && device != "" && !slices.Contains(f.Devices, device):
		override = &Reply{Status: http.StatusNotFound, Code: "DEVICE_NOT_FOUND", Message: "device not found"}
	case jsonErr != nil:
		override = &Reply{Status: http.StatusBadRequest, Code: "VALIDATION_ERROR", Message: "invalid request body"}
	case in.Phone == "" || strings.HasPrefix(jid, "0"):
		override = &Reply{Status: http.StatusBadRequest, Code: "VALIDATION_ERROR", Message: "phone: must be international digits, got " + in.Phone}
	case in.Message == "":
		override = &Reply{Status: http.StatusBadRequest, Code: "VALIDATION_ERROR", Message: "message: cannot be blank."}
	case phone == "" || !strings.HasSuffix(jid, "@s.whatsapp.net"):
		override = &Reply{Status: http.StatusBadRequest, Code: "INVALID_JID", Message: "invalid JID " + jid}
	}
	var msgID string
	reply, finish := f.take(phone, override, func(rec *GOWARequest, rep Reply) {
		*rec = GOWARequest{Phone: phone, JID: in.Phone, Message: in.Message, ReplyMessageID: in.ReplyMessageID,
			IsForwarded: in.IsForwarded, DeviceID: device, Raw: raw, Status: gowaStatus(rep)}
		if rep.accepted() {
			msgID = fmt.Sprintf("3EB0%016X", f.seq.Add(1))
			rec.MessageID = msgID
		}
	})
	finish(hold(r, reply.Delay))
	f.answer(w, reply, jid, msgID)
}

func gowaStatus(r Reply) int {
	if r.Status != 0 {
		return r.Status
	}
	switch r.Code {
	case "":
		return http.StatusOK
	case "DEVICE_NOT_FOUND":
		return http.StatusNotFound
	case "INTERNAL_SERVER_ERROR":
		return http.StatusInternalServerError
	case "GATEWAY_TIMEOUT":
		return http.StatusGatewayTimeout
	case "WA_REACHOUT_TIMELOCK":
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

var gowaDefaultCodes = map[int]string{
	400: "VALIDATION_ERROR", 404: "DEVICE_NOT_FOUND", 429: "TOO_MANY_REQUESTS",
	500: "INTERNAL_SERVER_ERROR", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT",
}

func (f *GOWA) answer(w http.ResponseWriter, r Reply, jid, msgID string) {
	status := gowaStatus(r)
	if r.Raw != "" {
		writeJSON(w, status, r.RetryAfter, []byte(r.Raw))
		return
	}
	if status == http.StatusUnauthorized {
		// GOWA's basic-auth middleware answers in plain text, not in its envelope.
		w.Header().Set("WWW-Authenticate", `Basic realm="Restricted"`)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("Unauthorized"))
		return
	}
	var env gowaEnvelope
	if r.accepted() {
		text := fmt.Sprintf("Message sent to %s (server timestamp: %s)", jid, time.Now().UTC().Format(time.RFC3339))
		env = gowaEnvelope{Code: "SUCCESS", Message: text, Results: &gowaResults{MessageID: msgID, Status: text}}
	} else {
		env = gowaEnvelope{Code: r.Code, Message: r.Message}
		if env.Code == "" {
			env.Code = gowaDefaultCodes[status]
		}
		if env.Message == "" {
			env.Message = strings.ToLower(strings.ReplaceAll(env.Code, "_", " "))
		}
	}
	b, _ := json.Marshal(env)
	writeJSON(w, status, r.RetryAfter, b)
}

func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
