package wire

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/prima-health/prima/internal/channel"
)

// Phone is a recipient number split the ways providers want it.
type Phone struct {
	E164        string // +821012345678
	Digits      string // 821012345678: international digits without '+'
	CountryCode string // 82
	National    string // 01012345678: national digits with the trunk prefix
	Region      string // KR
}

// errBadRecipient is the error for a To that is not a usable E.164 number.
// It never repeats the number.
func errBadRecipient() *channel.Error {
	return &channel.Error{Class: channel.InvalidRecipient, Code: "bad_number", Message: "recipient is not an E.164 phone number"}
}

// E164Digits checks the shape of an E.164 number ("+" then 8 to 15 digits,
// no leading 0) and returns its digits. It is cheap: no metadata look-up.
func E164Digits(to string) (string, error) {
	if len(to) < 9 || len(to) > 16 || to[0] != '+' || to[1] == '0' {
		return "", errBadRecipient()
	}
	digits := to[1:]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return "", errBadRecipient()
		}
	}
	return digits, nil
}

// ParsePhone checks that to is E.164 and splits it with libphonenumber's metadata.
func ParsePhone(to string) (Phone, error) {
	digits, err := E164Digits(to)
	if err != nil {
		return Phone{}, err
	}
	n, err := phonenumbers.Parse(to, "ZZ")
	if err != nil || n.GetCountryCode() == 0 {
		return Phone{}, errBadRecipient()
	}
	national := digitsOnly(phonenumbers.Format(n, phonenumbers.NATIONAL))
	if national == "" {
		national = phonenumbers.GetNationalSignificantNumber(n)
	}
	return Phone{
		E164:        to,
		Digits:      digits,
		CountryCode: strconv.Itoa(int(n.GetCountryCode())),
		National:    national,
		Region:      phonenumbers.GetRegionCodeForNumber(n),
	}, nil
}

func digitsOnly(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
