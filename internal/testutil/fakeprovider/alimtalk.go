package fakeprovider

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// AlimTalkRecipient is one recipientList entry as received.
type AlimTalkRecipient struct {
	RecipientNo       string            `json:"recipientNo"`
	TemplateParameter map[string]string `json:"templateParameter"`
	ResendParameter   *struct {
		IsResend *bool `json:"isResend"`
	} `json:"resendParameter"`
	RecipientGroupingKey string `json:"recipientGroupingKey"`
}

// IsResend is resendParameter.isResend, or nil when it was not sent.
func (r AlimTalkRecipient) IsResend() *bool {
	if r.ResendParameter == nil {
		return nil
	}
	return r.ResendParameter.IsResend
}

// AlimTalkRequest is one recorded send to NHN AlimTalk.
type AlimTalkRequest struct {
	AppKey            string // from the path
	IdempotencyKey    string // X-NC-API-IDEMPOTENCY-KEY
	SenderKey         string
	TemplateCode      string
	SenderGroupingKey string
	Recipients        []AlimTalkRecipient
	Phone             string // E.164 of the first recipient
	Duplicate         bool   // refused with -1005
	Raw               []byte
	Status            int
	RequestID         string // on success
}

// AlimTalk is a fake NHN KakaoTalk Bizmessage AlimTalk API v2.3. An
// idempotency key it accepted is refused with -1005 for 10 minutes (by Now);
// keys of refused sends are not remembered.
type AlimTalk struct {
	*core[AlimTalkRequest]
	Server    *httptest.Server
	URL       string // NHN_KAKAO_API_URL for the client
	AppKey    string
	SecretKey string
	SenderKey string
	// Templates, when not nil, lists the registered template codes; others
	// are refused with -3003.
	Templates map[string]bool
	// ResendConfigured says whether SMS fallback is set up in NHN's console;
	// isResend:true without it is refused with -2502.
	ResendConfigured bool
	// Now is the fake's clock for the idempotency window.
	Now func() time.Time

	keysMu sync.Mutex
	keys   map[string]time.Time
	ids    requestIDs
}

const idempotencyWindow = 10 * time.Minute

// NewAlimTalk starts a fake AlimTalk with app key "kakao-app", secret
// "kakao-secret" and a 40-character sender key; it stops at test cleanup.
// Credential failures are answered with HTTP 401 (status unconfirmed).
func NewAlimTalk(t testing.TB) *AlimTalk {
	t.Helper()
	f := &AlimTalk{core: newCore[AlimTalkRequest](nhnStatus), AppKey: "kakao-app", SecretKey: "kakao-secret",
		SenderKey: "0123456789abcdef0123456789abcdef01234567", ResendConfigured: true, Now: time.Now, keys: map[string]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /alimtalk/v2.3/appkeys/{appkey}/messages", f.send)
	f.Server = httptest.NewServer(mux)
	f.URL = f.Server.URL
	t.Cleanup(f.Server.Close)
	return f
}

type alimtalkSend struct {
	SenderKey         string              `json:"senderKey"`
	TemplateCode      string              `json:"templateCode"`
	SenderGroupingKey string              `json:"senderGroupingKey"`
	RecipientList     []AlimTalkRecipient `json:"recipientList"`
}

func (f *AlimTalk) send(w http.ResponseWriter, r *http.Request) {
	raw := readBody(r)
	var in alimtalkSend
	jsonErr := json.Unmarshal(raw, &in)
	phone := ""
	if len(in.RecipientList) > 0 {
		phone = nhnE164(in.RecipientList[0].RecipientNo, "")
	}
	key := r.Header.Get("X-NC-API-IDEMPOTENCY-KEY")
	override := f.validate(r, in, jsonErr)
	duplicate := false
	if override == nil && key != "" {
		if duplicate = !f.claim(key); duplicate {
			override = nhnFail(-1005, 0)
		}
	}
	var reqID string
	reply, finish := f.take(phone, override, func(rec *AlimTalkRequest, rep Reply) {
		*rec = AlimTalkRequest{AppKey: r.PathValue("appkey"), IdempotencyKey: key, SenderKey: in.SenderKey,
			TemplateCode: in.TemplateCode, SenderGroupingKey: in.SenderGroupingKey, Recipients: in.RecipientList,
			Phone: phone, Duplicate: duplicate, Raw: raw, Status: nhnStatus(rep)}
		if rep.Code == "" && rep.Raw == "" && rep.Status/100 <= 2 {
			reqID = f.ids.next()
			rec.RequestID = reqID
		}
	})
	if key != "" && !duplicate && !reply.accepted() {
		f.release(key)
	}
	finish(hold(r, reply.Delay))
	if nhnFailure(w, reply) {
		return
	}
	type result struct {
		RecipientSeq         int    `json:"recipientSeq"`
		RecipientNo          string `json:"recipientNo"`
		ResultCode           int    `json:"resultCode"`
		ResultMessage        string `json:"resultMessage"`
		RecipientGroupingKey string `json:"recipientGroupingKey"`
	}
	var out struct {
		Header  nhnHeader `json:"header"`
		Message struct {
			RequestID         string   `json:"requestId"`
			SenderGroupingKey string   `json:"senderGroupingKey"`
			SendResults       []result `json:"sendResults"`
		} `json:"message"`
	}
	out.Header = nhnSuccess
	out.Message.RequestID, out.Message.SenderGroupingKey = reqID, in.SenderGroupingKey
	for i, rc := range in.RecipientList {
		res := result{RecipientSeq: i + 1, RecipientNo: rc.RecipientNo, ResultMessage: "SUCCESS", RecipientGroupingKey: rc.RecipientGroupingKey}
		if i == 0 && reply.RecipientCode != 0 {
			res.ResultCode, res.ResultMessage = reply.RecipientCode, reply.Message
		}
		out.Message.SendResults = append(out.Message.SendResults, res)
	}
	b, _ := json.Marshal(out)
	writeJSON(w, nhnStatus(reply), reply.RetryAfter, b)
}

func (f *AlimTalk) validate(r *http.Request, in alimtalkSend, jsonErr error) *Reply {
	switch {
	case r.PathValue("appkey") != f.AppKey:
		return nhnFail(-1000, http.StatusUnauthorized)
	case r.Header.Get("X-Secret-Key") != f.SecretKey:
		return nhnFail(-1001, http.StatusUnauthorized)
	case !nhnJSON(r):
		return nhnFail(-9996, 0)
	case jsonErr != nil:
		return nhnFail(-9997, 0)
	case in.SenderKey != f.SenderKey:
		return nhnFail(-2017, 0)
	case in.TemplateCode == "":
		return &Reply{Code: "-2001", Message: "The 'templateCode' must not be blank."}
	case f.Templates != nil && !f.Templates[in.TemplateCode]:
		return nhnFail(-3003, 0)
	case len(in.RecipientList) == 0:
		return &Reply{Code: "-2001", Message: "The 'recipientList' must not be blank."}
	case len(in.RecipientList) > 1000:
		return &Reply{Code: "-2005", Message: "The 'recipientList' must be less than or equal to 1000."}
	}
	for _, rc := range in.RecipientList {
		if rc.RecipientNo == "" {
			return &Reply{Code: "-2001", Message: "The 'recipientNo' must not be blank."}
		}
		if p := rc.IsResend(); p != nil && *p && !f.ResendConfigured {
			return nhnFail(-2502, 0)
		}
	}
	return nil
}

// claim records key as used unless it was used within the window.
func (f *AlimTalk) claim(key string) bool {
	now := f.Now()
	f.keysMu.Lock()
	defer f.keysMu.Unlock()
	if at, ok := f.keys[key]; ok && now.Sub(at) < idempotencyWindow {
		return false
	}
	if len(f.keys) >= 4096 && len(f.keys)%4096 == 0 {
		for k, at := range f.keys {
			if now.Sub(at) >= idempotencyWindow {
				delete(f.keys, k)
			}
		}
	}
	f.keys[key] = now
	return true
}

func (f *AlimTalk) release(key string) {
	f.keysMu.Lock()
	delete(f.keys, key)
	f.keysMu.Unlock()
}

// Reset forgets scripts, counts, recorded requests and idempotency keys.
func (f *AlimTalk) Reset() {
	f.core.Reset()
	f.keysMu.Lock()
	clear(f.keys)
	f.keysMu.Unlock()
}
