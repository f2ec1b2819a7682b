package fakeprovider

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"unicode/utf8"
)

// SMSRecipient is one recipientList entry as received.
type SMSRecipient struct {
	RecipientNo          string `json:"recipientNo"`
	CountryCode          string `json:"countryCode"`
	RecipientGroupingKey string `json:"recipientGroupingKey"`
}

// SMSRequest is one recorded send to NHN Cloud SMS.
type SMSRequest struct {
	Kind              string // "sms" or "mms" (the endpoint used)
	AppKey            string // from the path
	Title             string
	Body              string
	SendNo            string
	Recipients        []SMSRecipient
	SenderGroupingKey string
	Phone             string // E.164 of the first recipient
	ContentType       string
	Raw               []byte
	Status            int
	RequestID         string // on success
}

// NHNSMS is a fake NHN Cloud SMS API v3.0.
type NHNSMS struct {
	*core[SMSRequest]
	Server    *httptest.Server
	URL       string // NHN_SMS_API_URL for the client
	AppKey    string
	SecretKey string
	SendNo    string // the registered sending number
	ids       requestIDs
}

// NewNHNSMS starts a fake NHN SMS with app key "sms-app", secret "sms-secret"
// and sending number "15446859"; it stops at test cleanup.
//
// Credential failures (wrong app key or secret) are answered with HTTP 401
// and -1000; NHN's exact status for them is unconfirmed.
func NewNHNSMS(t testing.TB) *NHNSMS {
	t.Helper()
	f := &NHNSMS{core: newCore[SMSRequest](nhnStatus), AppKey: "sms-app", SecretKey: "sms-secret", SendNo: "15446859"}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /sms/v3.0/appKeys/{appKey}/sender/{kind}", f.send)
	f.Server = httptest.NewServer(mux)
	f.URL = f.Server.URL
	t.Cleanup(f.Server.Close)
	return f
}

type smsSend struct {
	Title             string         `json:"title"`
	Body              string         `json:"body"`
	SendNo            string         `json:"sendNo"`
	RecipientList     []SMSRecipient `json:"recipientList"`
	SenderGroupingKey string         `json:"senderGroupingKey"`
}

func (f *NHNSMS) send(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	if kind != "sms" && kind != "mms" {
		http.NotFound(w, r)
		return
	}
	raw := readBody(r)
	var in smsSend
	jsonErr := json.Unmarshal(raw, &in)
	phone := ""
	if len(in.RecipientList) > 0 {
		phone = nhnE164(in.RecipientList[0].RecipientNo, in.RecipientList[0].CountryCode)
	}
	override := f.validate(r, kind, in, jsonErr)
	var reqID string
	reply, finish := f.take(phone, override, func(rec *SMSRequest, rep Reply) {
		*rec = SMSRequest{Kind: kind, AppKey: r.PathValue("appKey"), Title: in.Title, Body: in.Body, SendNo: in.SendNo,
			Recipients: in.RecipientList, SenderGroupingKey: in.SenderGroupingKey, Phone: phone,
			ContentType: r.Header.Get("Content-Type"), Raw: raw, Status: nhnStatus(rep)}
		if rep.Code == "" && rep.Raw == "" && rep.Status/100 <= 2 {
			reqID = f.ids.next()
			rec.RequestID = reqID
		}
	})
	finish(hold(r, reply.Delay))
	if nhnFailure(w, reply) {
		return
	}
	type result struct {
		RecipientNo          string `json:"recipientNo"`
		ResultCode           int    `json:"resultCode"`
		ResultMessage        string `json:"resultMessage"`
		RecipientSeq         int    `json:"recipientSeq"`
		RecipientGroupingKey string `json:"recipientGroupingKey"`
	}
	var out struct {
		Header nhnHeader `json:"header"`
		Body   struct {
			Data struct {
				RequestID         string   `json:"requestId"`
				StatusCode        string   `json:"statusCode"`
				SenderGroupingKey string   `json:"senderGroupingKey"`
				SendResultList    []result `json:"sendResultList"`
			} `json:"data"`
		} `json:"body"`
	}
	out.Header = nhnSuccess
	d := &out.Body.Data
	d.RequestID, d.StatusCode, d.SenderGroupingKey = reqID, "2", in.SenderGroupingKey
	for i, rc := range in.RecipientList {
		res := result{RecipientNo: rc.RecipientNo, ResultMessage: "SUCCESS", RecipientSeq: i + 1, RecipientGroupingKey: rc.RecipientGroupingKey}
		if i == 0 && reply.RecipientCode != 0 {
			res.ResultCode, res.ResultMessage = reply.RecipientCode, reply.Message
			if res.ResultMessage == "" {
				res.ResultMessage = nhnMessages[reply.RecipientCode]
			}
		}
		d.SendResultList = append(d.SendResultList, res)
	}
	b, _ := json.Marshal(out)
	writeJSON(w, nhnStatus(reply), reply.RetryAfter, b)
}

// validate refuses what NHN refuses, with NHN's codes.
func (f *NHNSMS) validate(r *http.Request, kind string, in smsSend, jsonErr error) *Reply {
	switch {
	case r.PathValue("appKey") != f.AppKey || r.Header.Get("X-Secret-Key") != f.SecretKey:
		return nhnFail(-1000, http.StatusUnauthorized)
	case !nhnJSON(r):
		return nhnFail(-9996, 0)
	case jsonErr != nil:
		return nhnFail(-9997, 0)
	case in.Body == "" || (kind == "mms" && in.Title == ""):
		return nhnFail(-2014, 0)
	case in.SendNo != f.SendNo:
		return nhnFail(-2312, 0)
	case len(in.RecipientList) == 0:
		return nhnFail(-2001, 0)
	case len(in.RecipientList) > 1000:
		return nhnFail(-2016, 0)
	}
	korean := true
	for _, rc := range in.RecipientList {
		if rc.RecipientNo == "" {
			return nhnFail(-2018, 0)
		}
		if !digitsOnly(rc.RecipientNo) || len(rc.RecipientNo) < 7 {
			return nhnFail(-2019, 0)
		}
		if rc.CountryCode != "" && rc.CountryCode != "82" {
			korean = false
		}
	}
	size := euckrLen(in.Body)
	switch {
	case kind == "mms" && !korean:
		return nhnFail(-2024, 0)
	case kind == "mms" && (size > 2000 || euckrLen(in.Title) > 40):
		return nhnFail(-2015, 0)
	case kind == "sms" && korean && size > 90:
		return nhnFail(-2015, 0)
	case kind == "sms" && utf8.RuneCountInString(in.Body) > 255:
		return nhnFail(-2015, 0)
	}
	return nil
}
