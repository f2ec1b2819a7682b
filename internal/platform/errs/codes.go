package errs

import (
	"regexp"
	"strings"
)

// Codes of field errors: stable machine words a client translates. The
// English message stays beside them for people and logs.
const (
	CodeRequired          = "required"           // missing, empty or null
	CodeTooLong           = "too_long"           // params: max (characters)
	CodeTooLarge          = "too_large"          // params: max (KiB)
	CodeTooMany           = "too_many"           // params: max (items)
	CodeOutOfRange        = "out_of_range"       // params: min and/or max
	CodeInvalidRange      = "invalid_range"      // two values in the wrong order (from after to, end before start)
	CodeInvalidFormat     = "invalid_format"     // params: example, when the message gives one
	CodeInvalidType       = "invalid_type"       // a JSON value of the wrong type
	CodeInvalidEnum       = "invalid_enum"       // params: allowed, when the message lists them
	CodeInvalidPhone      = "invalid_phone"      // not a phone number of any region
	CodeUnknownField      = "unknown_field"      // a JSON key the resource does not have
	CodeNotFoundRef       = "not_found_ref"      // an id that names nothing the caller may use
	CodeDuplicate         = "duplicate"          // given twice, or already taken
	CodeMutuallyExclusive = "mutually_exclusive" // give one of two fields, not both
	CodeNotAllowed        = "not_allowed"        // valid in itself but not here or not for this caller
	CodeUnknownVariable   = "unknown_variable"   // a template placeholder that is no variable
	CodeMissingVariable   = "missing_variable"   // a variable the template needs has no value
	CodeInvalid           = "invalid"            // anything else
)

// Codes lists every field error code (the API documents the same list).
var Codes = []string{
	CodeRequired, CodeTooLong, CodeTooLarge, CodeTooMany, CodeOutOfRange, CodeInvalidRange, CodeInvalidFormat,
	CodeInvalidType, CodeInvalidEnum, CodeInvalidPhone, CodeUnknownField, CodeNotFoundRef, CodeDuplicate,
	CodeMutuallyExclusive, CodeNotAllowed, CodeUnknownVariable, CodeMissingVariable, CodeInvalid,
}

// rule gives a code to the messages its pattern matches; the pattern's named
// groups become params.
type rule struct {
	re   *regexp.Regexp
	code string
}

func r(pattern, code string) rule { return rule{regexp.MustCompile(pattern), code} }

// rules read the messages PRIMA's validation writes, in order: the first match
// wins. A message nothing matches is CodeInvalid; the errs tests list the
// messages of every package so a new wording gets a rule (or an explicit code).
var rules = []rule{
	r(`^is not a known field$`, CodeUnknownField),
	r(`^(cannot|must not) be null$`, CodeRequired),
	r(`valid phone number for region (?P<region>[A-Z]{2})\b`, CodeInvalidPhone),
	r(`valid phone number`, CodeInvalidPhone),
	r(`^no value for `, CodeMissingVariable),
	r(`^(unknown variable|is not a variable|must name a variable)|an attribute name is 1 to 64`, CodeUnknownVariable),
	r(`^give either .* not both$|cannot be combined with|^must not contain both`, CodeMutuallyExclusive),
	r(`^(is required|at least one .* is required|must name at least one|needs a text in at least one|give the ids)`, CodeRequired),
	r(`^is the same .* as row \d+$|^is already in the order$|^is listed twice$|^is given twice$|already exists$|given twice$`, CodeDuplicate),
	r(`^(is not an? \w+ of (your organization|this patient)|the template no longer exists|must be the id of a user of your organization|must be an approved, active)`, CodeNotFoundRef),
	r(`at most (?P<max>\d+) characters`, CodeTooLong),
	r(`at most (?P<max>\d+) KiB`, CodeTooLarge),
	r(`^(must hold )?at most (?P<max>\d+) `, CodeTooMany),
	r(`must be between (?P<min>-?\d+) and (?P<max>-?\d+)|from (?P<min>\d+) to (?P<max>\d+)$`, CodeOutOfRange),
	r(`^must be a whole number of at least (?P<min>\d+)$`, CodeOutOfRange),
	r(`^must be a date between (?P<min>\d+) and (?P<max>\d+)$`, CodeOutOfRange),
	r(`^the range may span at most (?P<max>\d+) days$|^cannot be in the future$|^produces no dates within`, CodeOutOfRange),
	r(`^must (not )?be (after|before) (from|to)$|^start and end must differ$|is before (start_date|the rule's first)`, CodeInvalidRange),
	r(`^must be (a string|a whole number|a number|an array|an object|true or false|of another type|a JSON object)$`, CodeInvalidType),
	r(`^(must be one of|use one of) (?P<allowed>.+)$`, CodeInvalidEnum),
	r(`^must be (?P<allowed>[\w-]+(, [\w-]+)* or [\w-]+)$`, CodeInvalidEnum),
	r(`^unknown weekday|^FREQ must be`, CodeInvalidEnum),
	r(`^(is only used|are only used|you cannot|only \w+ messages can be retried|must not contain (DTSTART|[A-Z]+ \())|only scheduled appointments have reminders|is not part of RFC 5545|is not configured on this server|^must be a template of kind`, CodeNotAllowed),
	r(` such as (?P<example>\S+)$`, CodeInvalidFormat),
	r(`^(must be an? |is not (a )?valid|must not contain control characters|must be UTF-8 text|must be the |could not be read|has more cells than|.*plain text$|.* is never closed|empty \{\{\}\}|UNTIL must be|.* is not NAME=VALUE)`, CodeInvalidFormat),
}

// Classify names the code of a field error message that was given none, with
// the limits or examples the message states as params (nil when none).
func Classify(message string) (code string, params map[string]string) {
	m := strings.TrimSpace(message)
	for _, ru := range rules {
		sub := ru.re.FindStringSubmatch(m)
		if sub == nil {
			continue
		}
		for i, name := range ru.re.SubexpNames() {
			if name == "" || sub[i] == "" {
				continue
			}
			if params == nil {
				params = map[string]string{}
			}
			params[name] = sub[i]
		}
		return ru.code, params
	}
	return CodeInvalid, nil
}

// Coded is a field error with the code Classify gives its message.
func Coded(field, message string) FieldError {
	code, params := Classify(message)
	return FieldError{Field: field, Code: code, Message: message, Params: params}
}

// WithCodes returns fields with a code on each: those that have none get
// Classify's. The slice given is not changed.
func WithCodes(fields []FieldError) []FieldError {
	if fields == nil {
		return nil
	}
	out := make([]FieldError, len(fields))
	for i, f := range fields {
		if f.Code == "" {
			c := Coded(f.Field, f.Message)
			f.Code = c.Code
			if f.Params == nil {
				f.Params = c.Params
			}
		}
		out[i] = f
	}
	return out
}
