package patient

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"github.com/prima-health/prima/internal/identity"
)

// samplePeople are the made-up patients of a sample file, by the language of the region.
var samplePeople = map[string][2]string{
	LanguageIndonesian: {"Siti Rahmawati", "Budi Santoso"},
	LanguageKorean:     {"김민지", "박서준"},
	LanguageEnglish:    {"Maria Garcia", "John Smith"},
}

// ImportSample returns a small CSV file in the import format: every column of
// ImportColumns and two made-up patients with phone numbers written the way
// the tenant's region writes them, so it imports as it is.
func (s *Service) ImportSample(ctx context.Context, a identity.Actor) ([]byte, error) {
	if _, err := visibleTo(a); err != nil {
		return nil, err
	}
	region, tz, err := s.dir.TenantDefaults(ctx, a.TenantID)
	if err != nil {
		return nil, err
	}
	return sampleCSV(region, tz), nil
}

func sampleCSV(region, tz string) []byte {
	lang := DefaultLanguage(region)
	if !ValidTimezone(tz) {
		tz = "UTC"
	}
	phones := samplePhones(region)
	people := samplePeople[lang]
	rows := []map[string]string{
		{"name": people[0], "phone": phones[0], "email": "patient1@example.org", "birth_date": "1971-04-12", "gender": GenderFemale,
			"language": lang, "timezone": tz, "diagnosis": "Breast cancer", "cancer_stage": "II", "notes": "Prefers morning messages",
			"tags": "tamoxifen, breast", "external_id": "SAMPLE-0001", "consent": ConsentGranted, "preferred_channel": ChannelWhatsApp,
			"last_visit_date": "2026-01-15", "last_surgery_date": "2025-11-03"},
		{"name": people[1], "phone": phones[1], "gender": GenderMale, "language": lang, "tags": "chemo",
			"external_id": "SAMPLE-0002", "consent": ConsentPending},
	}
	var b bytes.Buffer
	b.WriteString("\ufeff") // spreadsheets read the file as UTF-8
	w := csv.NewWriter(&b)
	_ = w.Write(ImportColumns)
	rec := make([]string, len(ImportColumns))
	for _, row := range rows {
		for i, col := range ImportColumns {
			rec[i] = row[col]
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// samplePhones are two valid numbers of the region (mobile when it has
// them), each written in national form when that reads back as the same
// number with the region, else in international form.
func samplePhones(region string) [2]string {
	region = strings.ToUpper(region)
	var out []string
	for _, n := range []*phonenumbers.PhoneNumber{
		phonenumbers.GetExampleNumberForType(region, phonenumbers.MOBILE), phonenumbers.GetExampleNumber(region),
	} {
		if n == nil {
			continue
		}
		for d := uint64(0); d < 10 && len(out) < 2; d++ {
			national := n.GetNationalNumber() + d
			c := &phonenumbers.PhoneNumber{CountryCode: n.CountryCode, NationalNumber: &national, ItalianLeadingZero: n.ItalianLeadingZero}
			if w := writtenFor(c, region); w != "" && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	switch len(out) {
	case 0:
		return [2]string{"+62 812-3456-7890", "+62 813-2222-0102"}
	case 1:
		return [2]string{out[0], out[0]} // a shared phone is allowed; the preview warns
	}
	return [2]string{out[0], out[1]}
}

// writtenFor writes a valid number as a clinic of the region would, or "".
func writtenFor(n *phonenumbers.PhoneNumber, region string) string {
	if !phonenumbers.IsValidNumberForRegion(n, region) {
		return ""
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	for _, f := range []phonenumbers.PhoneNumberFormat{phonenumbers.NATIONAL, phonenumbers.INTERNATIONAL} {
		w := phonenumbers.Format(n, f)
		if got, err := NormalizePhone(w, region); err == nil && got == e164 {
			return w
		}
	}
	return ""
}
