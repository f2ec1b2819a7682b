package template

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// Preview is a template rendered for one patient.
type Preview struct {
	TemplateID string
	PatientID  string
	// Language is the language the patient gets: their own when the template
	// has a body in it, otherwise the fallback (id, en, ko).
	Language string
	// Body is the text the patient would get.
	Body string
	// Bodies holds every language the template has a body in, rendered.
	Bodies            map[string]string
	KakaoTemplateCode *string
	KakaoParameters   map[string]string
	// Samples are the variables the template uses that were given no value and
	// got a made-up one (medication, dose, time, appointment_date,
	// appointment_time, doctor, location, link), with that value.
	Samples map[string]string
	// Missing lists the variables that have no value for this patient even so
	// (e.g. an attribute the patient lacks); the texts keep them as {{name}}.
	Missing []string
}

// sampleValues are what a preview shows for the values of the moment when the
// caller gives none.
func sampleValues(now time.Time) Data {
	return Data{
		VarMedication:      "Tamoxifen",
		VarDose:            "20 mg",
		VarTime:            "08:00",
		VarAppointmentDate: now.AddDate(0, 0, 1).Format("2006-01-02"),
		VarAppointmentTime: "09:00",
		VarDoctor:          "dr. Sari Wulandari",
		VarLocation:        "Poli Onkologi",
		VarLink:            "https://example.org/l/sample",
	}
}

// checkValues validates preview values: known variables, bounded text.
func checkValues(values map[string]string) error {
	var fe errs.Fields
	for _, k := range slices.Sorted(maps.Keys(values)) {
		v := values[k]
		switch {
		case !IsVariable(k):
			fe.Add("values."+k, "is not a variable: use one of "+strings.Join(KnownVariables, ", ")+" or attributes.KEY")
		case !utf8.ValidString(v) || utf8.RuneCountInString(v) > MaxValueLen:
			fe.Add("values."+k, fmt.Sprintf("must be UTF-8 text of at most %d characters", MaxValueLen))
		}
	}
	return fe.Err()
}

// Preview renders a template for a patient the actor can see, in every
// language the template has, and names the language the patient would get.
// values fill or override variables (e.g. medication); the values of the moment
// that are still missing get samples, listed in Samples.
func (s *Service) Preview(ctx context.Context, a identity.Actor, templateID, patientID string, values map[string]string) (Preview, error) {
	if err := requireRead(a); err != nil {
		return Preview{}, err
	}
	switch {
	case strings.TrimSpace(patientID) == "":
		return Preview{}, errs.Invalid("patient_id", "is required")
	case !ids.Valid(patientID):
		return Preview{}, errs.Invalid("patient_id", "must be a patient id")
	}
	if err := checkValues(values); err != nil {
		return Preview{}, err
	}
	t, err := s.load(ctx, a, templateID)
	if err != nil {
		return Preview{}, err
	}
	p, err := s.patients.Get(ctx, a, patientID)
	if err != nil {
		return Preview{}, err
	}
	clinic, err := s.store.TenantName(ctx, a.TenantID)
	if err != nil {
		return Preview{}, err
	}
	data := DataFromPatient(p, clinic, values)
	if _, given := data[VarLink]; !given && t.LinkArticleID != nil {
		// The linked article's public URL, not a sample: what the patient gets.
		link, err := s.LinkURL(ctx, a.TenantID, t)
		if err != nil && !errors.Is(err, errs.ErrNotFound) {
			return Preview{}, err
		}
		if link != "" {
			data[VarLink] = link
		}
	}
	used := t.Variables()
	out := Preview{TemplateID: t.ID, PatientID: p.ID, Bodies: map[string]string{}, KakaoTemplateCode: t.KakaoTemplateCode,
		Samples: map[string]string{}, Missing: []string{}}
	for k, v := range sampleValues(s.now()) {
		if _, given := data[k]; !given && slices.Contains(used, k) {
			data[k] = v
			out.Samples[k] = v
		}
	}
	for _, lang := range Languages {
		body := t.Bodies.Get(lang)
		if body == "" {
			continue
		}
		text, missing, err := renderLenient(body, data)
		if err != nil {
			return Preview{}, err
		}
		out.Bodies[lang] = text
		for _, m := range missing {
			if !slices.Contains(out.Missing, m) {
				out.Missing = append(out.Missing, m)
			}
		}
	}
	_, out.Language = BodyFor(t, p.Language)
	out.Body = out.Bodies[out.Language]
	out.KakaoParameters = KakaoParams(t, data)
	for _, v := range t.KakaoParameters {
		if data[v] == "" && !slices.Contains(out.Missing, v) {
			out.Missing = append(out.Missing, v)
		}
	}
	slices.Sort(out.Missing)
	return out, nil
}
