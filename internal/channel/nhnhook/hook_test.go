package nhnhook_test

import (
	"errors"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/channel"
	"github.com/prima-health/prima/internal/channel/nhnhook"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

func TestVerifyStatic(t *testing.T) {
	if !nhnhook.VerifyStatic("s3cret-signature", "s3cret-signature") {
		t.Fatal("equal values refused")
	}
	for _, c := range [][2]string{{"s3cret-signature", ""}, {"s3cret-signature", "s3cret-signaturX"}, {"s3cret", "s3cret-signature"}, {"", ""}} {
		if nhnhook.VerifyStatic(c[0], c[1]) {
			t.Errorf("VerifyStatic(%q, %q) accepted", c[0], c[1])
		}
	}
}

func TestParseSMSResults(t *testing.T) {
	body := fakeprovider.NHNSMSResultHook(
		fakeprovider.NHNResult{RequestID: "20180810100630ReZQ6KZzAH0", RecipientSeq: 1, RecipientNo: "01012345678", MessageStatus: "COMPLETED", ResultCode: "1000", SenderGroupingKey: "msg-1"},
		fakeprovider.NHNResult{RequestID: "R2", RecipientSeq: 2, RecipientNo: "01000000000", MessageStatus: "FAILED", ResultCode: "3003"},
		fakeprovider.NHNResult{RequestID: "R3", RecipientSeq: 1, MessageStatus: "FAILED_AD"},
		fakeprovider.NHNResult{RequestID: "R4", RecipientSeq: 1, MessageStatus: "CANCEL"},
		fakeprovider.NHNResult{RequestID: "R5", RecipientSeq: 1, MessageStatus: "DUPLICATED"},
		fakeprovider.NHNResult{RequestID: "R6", RecipientSeq: 1, MessageStatus: "SOMETHING_NEW"},
	)
	w, err := nhnhook.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if w.Channel != channel.SMS || w.ProductName != "SMS" || w.HooksID == "" || len(w.Results) != 6 {
		t.Fatalf("webhook = %+v", w)
	}
	want := []nhnhook.Status{nhnhook.Delivered, nhnhook.Failed, nhnhook.Failed, nhnhook.Cancelled, nhnhook.Duplicate, nhnhook.Unknown}
	for i, s := range want {
		if w.Results[i].Status != s {
			t.Errorf("result %d: %s, want %s", i, w.Results[i].Status, s)
		}
	}
	r := w.Results[0]
	if r.ProviderMessageID != "20180810100630ReZQ6KZzAH0:1" || r.RecipientNo != "01012345678" || r.ResultCode != "1000" || r.SenderGroupingKey != "msg-1" {
		t.Fatalf("result = %+v", r)
	}
}

func TestParseAlimTalkResults(t *testing.T) {
	body := fakeprovider.NHNAlimTalkResultHook(
		fakeprovider.NHNResult{RequestID: "A1", RecipientSeq: 1, RecipientNo: "01012345678", ResultCode: "1000", RecipientGroupingKey: "msg-7"},
		fakeprovider.NHNResult{RequestID: "A2", RecipientSeq: 3, RecipientNo: "01012345678", ResultCode: "3018"},
	)
	w, err := nhnhook.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if w.Channel != channel.Kakao || w.Event != "MESSAGE_RESULT_UPDATE" || len(w.Results) != 2 {
		t.Fatalf("webhook = %+v", w)
	}
	if r := w.Results[0]; r.Status != nhnhook.Delivered || r.KakaoMessageType != "ALIMTALK_NORMAL" || r.RecipientGroupingKey != "msg-7" || r.ProviderMessageID != "A1:1" {
		t.Fatalf("result 0 = %+v", r)
	}
	if r := w.Results[1]; r.Status != nhnhook.Failed || r.ProviderMessageID != "A2:3" {
		t.Fatalf("result 1 = %+v", r)
	}
}

func TestParseFlexibleTypes(t *testing.T) {
	body := []byte(`{"hooksId":"h","productName":"Other","event":"X","hooks":[
		{"requestId":"R","recipientSeq":"4","resultCode":1000,"kakaoMessageType":"ALIMTALK_NORMAL"},
		{"requestId":"S","recipientSeq":null,"resultCode":null},
		{"hookId":"no-request-id"}]}`)
	w, err := nhnhook.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Results) != 2 || w.Channel != channel.Kakao {
		t.Fatalf("webhook = %+v", w)
	}
	if r := w.Results[0]; r.RecipientSeq != 4 || r.ResultCode != "1000" || r.Status != nhnhook.Delivered {
		t.Fatalf("result = %+v", r)
	}
	if r := w.Results[1]; r.Status != nhnhook.Unknown || r.ProviderMessageID != "S:0" {
		t.Fatalf("result = %+v", r)
	}
}

func TestParseUnsubscribe(t *testing.T) {
	at := time.Date(2020, 9, 9, 11, 25, 10, 0, time.FixedZone("KST", 9*3600))
	w, err := nhnhook.Parse(fakeprovider.NHNUnsubscribeHook("01012341234", "08012341234", at))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Unsubscribes) != 1 || len(w.Results) != 0 {
		t.Fatalf("webhook = %+v", w)
	}
	u := w.Unsubscribes[0]
	if u.RecipientNo != "01012341234" || u.UnsubscribeNo != "08012341234" || !u.CreatedAt.Equal(at) {
		t.Fatalf("unsubscribe = %+v", u)
	}
	if e164, ok := nhnhook.ToE164(u.RecipientNo, "KR"); !ok || e164 != "+821012341234" {
		t.Fatalf("ToE164 = %q, %v", e164, ok)
	}
	if _, ok := nhnhook.ToE164("12", "KR"); ok {
		t.Fatal("invalid number accepted")
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{``, `null`, `[]`, `{"hooks":[]}`, `{"event":"X","hooks":{}}`, `{"event":"X","hooks":[{"recipientSeq":{}}]}`} {
		if _, err := nhnhook.Parse([]byte(in)); !errors.Is(err, nhnhook.ErrMalformed) {
			t.Errorf("%s: err = %v", in, err)
		}
	}
}

func FuzzParseNHNHook(f *testing.F) {
	f.Add(fakeprovider.NHNSMSResultHook(fakeprovider.NHNResult{RequestID: "R", RecipientSeq: 1, MessageStatus: "COMPLETED"}))
	f.Add(fakeprovider.NHNAlimTalkResultHook(fakeprovider.NHNResult{RequestID: "A", RecipientSeq: 2, ResultCode: "1000"}))
	f.Add(fakeprovider.NHNUnsubscribeHook("01012341234", "0801234", time.Unix(0, 0)))
	f.Add([]byte(`{"event":"E","hooks":[{"requestId":"x","recipientSeq":"9999999999999999999999","resultCode":1e400}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		w, err := nhnhook.Parse(body)
		if err != nil {
			return
		}
		for _, r := range w.Results {
			if r.RequestID == "" {
				t.Fatal("result without request id")
			}
		}
		_ = nhnhook.VerifyStatic(string(body), string(body))
	})
}
