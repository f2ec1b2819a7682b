package fakeprovider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

// nhnHeader is the header of every NHN Cloud answer.
type nhnHeader struct {
	IsSuccessful  bool   `json:"isSuccessful"`
	ResultCode    int    `json:"resultCode"`
	ResultMessage string `json:"resultMessage"`
}

var nhnSuccess = nhnHeader{IsSuccessful: true, ResultCode: 0, ResultMessage: "SUCCESS"}

// nhnMessages are NHN's texts for the codes the fakes answer with.
var nhnMessages = map[int]string{
	-1000: "Invalid appKey.", -1001: "Invalid secretKey.", -1005: "The same 'X-NC-API-IDEMPOTENCY-KEY' was used within the last 10 minute.",
	-2001: "RecipientList can not be null.", -2014: "The recipient can not be empty.", -2015: "Title or Body exceed maximum byte.",
	-2016: "The max recipient size is 1000.", -2017: "Not exist plus friend.", -2018: "RecipientNo can not be empty.",
	-2019: "RecipientNo is invalid.", -2024: "LMS/MMS Type is not sent to outside of Korea.", -2312: "Not regist sendno.",
	-2502: "Please set up the plus-friend resend setting.", -3003: "Template does not exist.",
	-9996: "Only application/json Content-type is supported.", -9997: "Invalid API parameters.", -9999: "System error.",
}

// nhnFail is a validation or credential refusal (HTTP 200 unless status is given).
func nhnFail(code, status int) *Reply {
	return &Reply{Status: status, Code: strconv.Itoa(code)}
}

// nhnStatus is the HTTP status a reply is answered with. NHN reports its
// own refusals in the header with HTTP 200.
func nhnStatus(r Reply) int {
	if r.Status != 0 {
		return r.Status
	}
	return http.StatusOK
}

// nhnFailure writes a refusal; it reports whether it did (false = success answer needed).
func nhnFailure(w http.ResponseWriter, r Reply) bool {
	status := nhnStatus(r)
	switch {
	case r.Raw != "":
		writeJSON(w, status, r.RetryAfter, []byte(r.Raw))
		return true
	case r.accepted():
		return false
	case r.Code == "" && r.RecipientCode != 0:
		return false // header success, recipient failure: written by the caller
	case r.Code == "" && status == http.StatusTooManyRequests:
		// Throttling comes from NHN's gateway, in plain text.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if r.RetryAfter != "" {
			w.Header().Set("Retry-After", r.RetryAfter)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte("Too Many Requests"))
		return true
	}
	code, err := strconv.Atoi(r.Code)
	if err != nil || code == 0 {
		code = -9999
	}
	msg := r.Message
	if msg == "" {
		msg = nhnMessages[code]
	}
	b, _ := json.Marshal(struct {
		Header nhnHeader `json:"header"`
	}{nhnHeader{IsSuccessful: false, ResultCode: code, ResultMessage: msg}})
	writeJSON(w, status, r.RetryAfter, b)
	return true
}

// nhnJSON reports whether the request declares a JSON body.
func nhnJSON(r *http.Request) bool {
	return strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "application/json")
}

// nhnE164 rebuilds an E.164 number from NHN's national recipient number and
// country code (82 when absent): the trunk 0 is dropped.
func nhnE164(recipientNo, countryCode string) string {
	if recipientNo == "" {
		return ""
	}
	if countryCode == "" {
		if !strings.HasPrefix(recipientNo, "0") {
			return "+" + recipientNo // already international
		}
		countryCode = "82"
	}
	return "+" + countryCode + strings.TrimPrefix(recipientNo, "0")
}

// requestIDs makes NHN-shaped request ids: a timestamp and a counter.
type requestIDs struct{ n atomic.Uint64 }

func (g *requestIDs) next() string {
	return time.Now().UTC().Format("20060102150405") + fmt.Sprintf("%011d", g.n.Add(1))
}

// euckrLen counts s in EUC-KR bytes with golang.org/x/text's encoder;
// characters EUC-KR cannot write count as two bytes.
func euckrLen(s string) int {
	if b, err := korean.EUCKR.NewEncoder().String(s); err == nil {
		return len(b)
	}
	n := 0
	enc := korean.EUCKR.NewEncoder()
	for _, r := range s {
		b, err := enc.String(string(r))
		if err != nil || r == utf8.RuneError {
			n += 2
			continue
		}
		n += len(b)
	}
	return n
}
