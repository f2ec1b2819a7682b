package logging

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	phoneRun   = regexp.MustCompile(`\+?\d[\d \-]{6,}\d`)
	wholePhone = regexp.MustCompile(`^\+?\d[\d \-]{6,}\d$`)
	uuidLike   = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	// queryParam is one name=value pair of a query string inside free text.
	queryParam = regexp.MustCompile(`([?&;])([^=&;?#\s"']+)=([^&;#\s"']*)`)
)

// Scrub masks, inside free text, the values of secret query parameters (by
// their decoded name: ?k%65y= is ?key=) and phone-like digit runs. Digit runs
// inside identifiers (UUIDs, request ids such as req-0123456789ab-cdef,
// msg_0812345678) are left whole, so log lines can be matched to records.
func Scrub(s string) string {
	s = queryParam.ReplaceAllStringFunc(s, func(m string) string {
		sub := queryParam.FindStringSubmatch(m)
		return sub[1] + scrubParam(sub[2], sub[3])
	})
	return maskPhones(s)
}

// ScrubURI is Scrub for a request URI: the path and every query parameter are
// percent-decoded before they are checked, so encoding hides neither a secret
// parameter's name nor a phone number.
func ScrubURI(uri string) string {
	path, query, hasQuery := strings.Cut(uri, "?")
	if dec, err := url.PathUnescape(path); err == nil {
		if masked := maskPhones(dec); masked != dec {
			path = escapeLogValue(masked)
		}
	} else {
		path = maskPhones(path)
	}
	if !hasQuery {
		return path
	}
	pairs := strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' })
	for i, p := range pairs {
		name, value, _ := strings.Cut(p, "=")
		pairs[i] = scrubParam(name, value)
	}
	return path + "?" + strings.Join(pairs, "&")
}

// scrubParam returns "name=value" with value masked when the decoded name is
// a secret's or a phone's, or when the decoded value holds a phone number.
func scrubParam(rawName, rawValue string) string {
	name, err := url.QueryUnescape(rawName)
	if err != nil {
		name = rawName
	}
	switch {
	case SecretName(name):
		return rawName + "=[redacted]"
	case sensitiveKeys[strings.ToLower(name)] == "phone":
		return rawName + "=" + MaskPhone(rawValue)
	case sensitiveKeys[strings.ToLower(name)] == "text":
		return rawName + "=[redacted text]"
	}
	value, err := url.QueryUnescape(rawValue)
	if err != nil {
		return rawName + "=" + maskPhones(rawValue)
	}
	if masked := maskPhones(value); masked != value {
		return rawName + "=" + escapeLogValue(masked)
	}
	return rawName + "=" + rawValue
}

// SecretName reports whether a parameter or field called name carries a
// credential: key, api_key, token, secret, password, signature, session, …
func SecretName(name string) bool {
	n := strings.ToLower(name)
	n = strings.NewReplacer("-", "", "_", "", ".", "", " ", "").Replace(n)
	if n == "key" || n == "sig" || strings.HasSuffix(n, "key") {
		return true
	}
	for _, w := range []string{"token", "secret", "password", "passwd", "signature", "auth", "session", "credential", "cookie"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// escapeLogValue keeps a decoded, masked value on one readable token.
var escapeLogValue = strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", " ", "%20", "\n", "%0A").Replace

// maskPhones masks phone-like digit runs that are not part of an identifier:
// a run inside a UUID, or glued to letters or underscores (req-0123456789ab,
// msg_0812345678), is left alone.
func maskPhones(s string) string {
	ids := uuidLike.FindAllStringIndex(s, -1)
	var b strings.Builder
	prev := 0
	for _, loc := range phoneRun.FindAllStringIndex(s, -1) {
		if insideAny(loc, ids) || inIdentifier(s, loc[0], loc[1]) {
			continue
		}
		b.WriteString(s[prev:loc[0]])
		b.WriteString(MaskPhone(s[loc[0]:loc[1]]))
		prev = loc[1]
	}
	if prev == 0 {
		return s
	}
	b.WriteString(s[prev:])
	return b.String()
}

func insideAny(loc []int, spans [][]int) bool {
	for _, sp := range spans {
		if loc[0] < sp[1] && sp[0] < loc[1] {
			return true
		}
	}
	return false
}

// inIdentifier reports whether s[start:end] is part of a word (letters,
// digits, '-', '_') that has a letter or an underscore outside the run.
func inIdentifier(s string, start, end int) bool {
	isWord := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
	}
	isIDChar := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
	for i := start - 1; i >= 0 && isWord(s[i]); i-- {
		if isIDChar(s[i]) {
			return true
		}
	}
	for i := end; i < len(s) && isWord(s[i]); i++ {
		if isIDChar(s[i]) {
			return true
		}
	}
	return false
}

// isPhone reports whether the whole of v is a phone number (8 to 15 digits,
// optionally with +, spaces and dashes) and not a UUID.
func isPhone(v string) bool {
	if !wholePhone.MatchString(v) || uuidLike.MatchString(v) {
		return false
	}
	digits := 0
	for i := 0; i < len(v); i++ {
		if v[i] >= '0' && v[i] <= '9' {
			digits++
		}
	}
	return digits >= 8 && digits <= 15
}
