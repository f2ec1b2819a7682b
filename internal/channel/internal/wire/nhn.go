package wire

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prima-health/prima/internal/channel"
)

// NHNHeader is the header every NHN Cloud answer starts with. Success is
// decided from IsSuccessful, not from the HTTP status.
type NHNHeader struct {
	IsSuccessful  bool   `json:"isSuccessful"`
	ResultCode    int    `json:"resultCode"`
	ResultMessage string `json:"resultMessage"`
}

// NHNStatusError classifies the answers whose HTTP status decides on its own
// (429, 5xx), before the body is looked at. It returns nil otherwise.
func NHNStatusError(product string, ans Answer, hdr *NHNHeader, m channel.Message, now time.Time) *channel.Error {
	switch {
	case ans.Status == http.StatusTooManyRequests:
		e := NHNError(product, channel.Throttled, ans, hdr, m)
		e.RetryAfter = RetryAfter(ans.Header, now)
		return e
	case ans.Status >= 500:
		return NHNError(product, channel.Retryable, ans, hdr, m)
	}
	return nil
}

// NHNError builds an error from an answer whose header may or may not have
// been read (hdr nil = unreadable).
func NHNError(product string, class channel.Class, ans Answer, hdr *NHNHeader, m channel.Message) *channel.Error {
	e := &channel.Error{Class: class, Code: StatusCode(ans.Status), Message: product + ": " + http.StatusText(ans.Status)}
	if hdr != nil && hdr.ResultCode != 0 {
		e.Code = strconv.Itoa(hdr.ResultCode)
		if t := SafeText(hdr.ResultMessage, m); t != "" {
			e.Message = product + ": " + t
		}
	}
	return e
}
