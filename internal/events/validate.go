package events

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/safehttp"
	"github.com/prima-health/prima/internal/platform/valid"
)

// checkURL validates an endpoint URL: absolute https (http too when private
// addresses are allowed, for development), no credentials, no fragment, and
// no loopback or private address literal unless allowed. Names are resolved
// and checked again at every delivery.
func checkURL(raw string, allowPrivate bool, fe *errs.Fields) string {
	s := strings.TrimSpace(raw)
	switch {
	case !valid.Text(s):
		fe.AddCode("url", errs.CodeInvalidFormat, valid.TextMessage)
		return ""
	case s == "":
		fe.AddCode("url", errs.CodeRequired, "is required")
		return ""
	case utf8.RuneCountInString(s) > MaxURLLen:
		fe.AddCode("url", errs.CodeTooLong, fmt.Sprintf("must be at most %d characters", MaxURLLen))
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		fe.AddCode("url", errs.CodeInvalidFormat, "must be an absolute https URL such as https://example.org/prima-events")
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "https" && !(scheme == "http" && allowPrivate):
		fe.AddCode("url", errs.CodeInvalidFormat, "must be an https URL such as https://example.org/prima-events")
		return ""
	case u.User != nil:
		fe.AddCode("url", errs.CodeInvalidFormat, "must not carry a user name or password")
		return ""
	case u.Fragment != "" || strings.Contains(s, "#"):
		fe.AddCode("url", errs.CodeInvalidFormat, "must not carry a fragment (#…)")
		return ""
	case strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r == 0x7f }):
		fe.AddCode("url", errs.CodeInvalidFormat, "must not contain spaces or control characters")
		return ""
	}
	if !allowPrivate && privateHost(u.Hostname()) {
		fe.AddCode("url", errs.CodeNotAllowed, "must not point at a loopback or private address")
		return ""
	}
	return s
}

// privateHost reports whether host is an address literal PRIMA may not call,
// or a name that is local by definition.
func privateHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || strings.HasSuffix(h, ".local") || strings.HasSuffix(h, ".internal") {
		return true
	}
	if ip := net.ParseIP(h); ip != nil {
		addr, ok := netip.AddrFromSlice(ip)
		return !ok || safehttp.Forbidden(addr)
	}
	return false
}

// checkEvents validates the event types of a subscription: at least one,
// each known, none twice. Errors name the element (events[i]).
func checkEvents(in []string, fe *errs.Fields) []string {
	if len(in) == 0 {
		fe.AddCode("events", errs.CodeRequired, "must name at least one event type")
		return nil
	}
	if len(in) > len(Types) {
		fe.AddCode("events", errs.CodeTooMany, fmt.Sprintf("must have at most %d items", len(Types)))
		return nil
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for i, t := range in {
		field := fmt.Sprintf("events[%d]", i)
		t = strings.TrimSpace(t)
		switch {
		case !KnownType(t):
			e := errs.Coded(field, "must be one of: "+strings.Join(Types, ", "))
			e.Code = errs.CodeInvalidEnum
			e.Params = map[string]string{"allowed": strings.Join(Types, ",")}
			*fe = append(*fe, e)
		case seen[t]:
			fe.AddCode(field, errs.CodeDuplicate, "is given twice")
		default:
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// checkDescription validates a description.
func checkDescription(s string, fe *errs.Fields) string {
	s = strings.TrimSpace(s)
	switch {
	case !valid.Text(s):
		fe.AddCode("description", errs.CodeInvalidFormat, valid.TextMessage)
	case utf8.RuneCountInString(s) > MaxDescriptionLen:
		fe.AddCode("description", errs.CodeTooLong, fmt.Sprintf("must be at most %d characters", MaxDescriptionLen))
	case strings.ContainsFunc(s, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f }):
		fe.AddCode("description", errs.CodeInvalidFormat, "must not contain control characters")
	}
	return s
}
