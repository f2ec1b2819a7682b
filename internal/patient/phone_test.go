package patient

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	cases := []struct {
		raw, region, want string
	}{
		// Indonesia: mobile numbers in every form staff type them.
		{"0812-3456-7890", "ID", "+6281234567890"},
		{"081234567890", "ID", "+6281234567890"},
		{"0812 3456 7890", "ID", "+6281234567890"},
		{"+62 812 3456 7890", "ID", "+6281234567890"},
		{"+62 (0) 812 3456 7890", "ID", "+6281234567890"},
		{"6281234567890", "ID", "+6281234567890"},
		{"0062 812 3456 7890", "ID", "+6281234567890"},
		{"(021) 555-1234", "ID", "+62215551234"},
		{"  0812.3456.7890  ", "id", "+6281234567890"},
		// Korea.
		{"010-1234-5678", "KR", "+821012345678"},
		{"01012345678", "KR", "+821012345678"},
		{"+82 10 1234 5678", "KR", "+821012345678"},
		{"821012345678", "KR", "+821012345678"},
		{"02-312-3456", "KR", "+8223123456"},
		// Another country's number written internationally.
		{"+82 10-1234-5678", "ID", "+821012345678"},
		{"+62 812 3456 7890", "KR", "+6281234567890"},
		{"6281234567890", "KR", "+6281234567890"},
		// Unknown or empty default region: international forms still work.
		{"+6281234567890", "", "+6281234567890"},
		{"+6281234567890", "XX", "+6281234567890"},
	}
	for _, c := range cases {
		got, err := NormalizePhone(c.raw, c.region)
		if err != nil || got != c.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q", c.raw, c.region, got, err, c.want)
		}
	}
}

func TestNormalizePhoneRejects(t *testing.T) {
	cases := []struct{ raw, region string }{
		{"12345", "ID"},
		{"0812", "ID"},
		{"not a phone", "ID"},
		{"0812-3456-7890 ext 12", "ID"},
		{"1-800-FLOWERS", "ID"},
		{"+0000000000", "ID"},
		{"+62 812", "ID"},
		{"010-1234", "KR"},
		{"081234567890", ""}, // national form without a region cannot be read
		{strings.Repeat("1", 60), "ID"},
		{"08++1234567890", "ID"},
	}
	for _, c := range cases {
		if got, err := NormalizePhone(c.raw, c.region); !errors.Is(err, ErrPhoneInvalid) {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want ErrPhoneInvalid", c.raw, c.region, got, err)
		}
	}
	if _, err := NormalizePhone("   ", "ID"); !errors.Is(err, ErrPhoneEmpty) {
		t.Errorf("blank phone: got %v, want ErrPhoneEmpty", err)
	}
}

func TestPhoneRegion(t *testing.T) {
	if r := PhoneRegion("+821012345678"); r != "KR" {
		t.Errorf("PhoneRegion(KR number) = %q", r)
	}
	if r := PhoneRegion("+6281234567890"); r != "ID" {
		t.Errorf("PhoneRegion(ID number) = %q", r)
	}
	if r := PhoneRegion("garbage"); r != "" {
		t.Errorf("PhoneRegion(garbage) = %q", r)
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"0812-3456-7890", "+62 812 3456 7890", "6281234567890", "010-1234-5678",
		"+82 10 1234 5678", "0062 812 3456 7890", "(021) 555-1234", "+", "00", "+0", "٠٨١٢٣٤٥٦٧٨٩٠", "0812\x00"} {
		f.Add(s, "ID")
		f.Add(s, "KR")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		out, err := NormalizePhone(raw, region)
		if err != nil {
			return
		}
		if !strings.HasPrefix(out, "+") {
			t.Fatalf("NormalizePhone(%q, %q) = %q: not E.164", raw, region, out)
		}
		again, err := NormalizePhone(out, region)
		if err != nil || again != out {
			t.Fatalf("NormalizePhone(%q) = %q, %v; want it unchanged (from %q, %q)", out, again, err, raw, region)
		}
	})
}
