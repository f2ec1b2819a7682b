package patient

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone normalisation errors; their messages are safe to show (they never echo
// the number). A national number that is not valid is a *RegionError, which
// is ErrPhoneInvalid too.
var (
	ErrPhoneEmpty   = errors.New("is required")
	ErrPhoneInvalid = errors.New("is not a valid phone number")
)

// RegionError is a number written without a country code that is not valid in
// the region it was read with; its message names the region, so a clinic
// whose region is wrong (or a patient from abroad) sees why.
type RegionError struct{ Region string }

func (e *RegionError) Error() string {
	return "is not a valid phone number for region " + e.Region + " (write numbers of other countries with + and the country code)"
}

// Is makes errors.Is(err, ErrPhoneInvalid) true.
func (e *RegionError) Is(target error) bool { return target == ErrPhoneInvalid }

const maxPhoneInput = 40

// NormalizePhone turns a phone number written in national form ("0812-3456-7890")
// or international form ("+62 812 3456 7890", "0062 812…", or "62812…" without
// the plus) into E.164 ("+6281234567890"). defaultRegion (ISO 3166 alpha-2, e.g.
// "ID", "KR") decides how national numbers are read. Numbers that libphonenumber
// does not consider valid are refused.
func NormalizePhone(raw, defaultRegion string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", ErrPhoneEmpty
	}
	if len(s) > maxPhoneInput {
		return "", ErrPhoneInvalid
	}
	plus := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/':
		default:
			// Letters (vanity numbers, extensions) and anything else are refused.
			return "", ErrPhoneInvalid
		}
	}
	digits := phonenumbers.NormalizeDigitsOnly(s)
	if len(digits) < 5 {
		return "", ErrPhoneInvalid
	}
	region := strings.ToUpper(strings.TrimSpace(defaultRegion))
	if phonenumbers.GetCountryCodeForRegion(region) == 0 {
		region = "ZZ" // unknown region: only international forms can be read
	}
	if plus {
		return parseValid("+"+digits, "ZZ")
	}
	if out, err := parseValid(digits, region); err == nil {
		return out, nil
	}
	// Written internationally without the plus: "0062 812…" or "62812…".
	intl := "+" + digits
	if rest, ok := strings.CutPrefix(digits, "00"); ok {
		intl = "+" + rest
	}
	out, err := parseValid(intl, "ZZ")
	if err != nil && region != "ZZ" {
		return "", &RegionError{Region: region}
	}
	return out, err
}

func parseValid(s, region string) (string, error) {
	n, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", ErrPhoneInvalid
	}
	out := phonenumbers.Format(n, phonenumbers.E164)
	if !strings.HasPrefix(out, "+") {
		return "", ErrPhoneInvalid
	}
	return out, nil
}

// PhoneRegion returns the region ("ID", "KR", …) of an E.164 number, or "".
func PhoneRegion(e164 string) string {
	n, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil {
		return ""
	}
	r := phonenumbers.GetRegionCodeForNumber(n)
	if r == "ZZ" {
		return ""
	}
	return r
}
