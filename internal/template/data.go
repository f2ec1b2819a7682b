package template

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/prima-health/prima/internal/patient"
)

// DataFromPatient builds the values a message to p can use:
//   - name: the patient's name;
//   - first_name: its first word;
//   - clinic: the tenant's name, which the caller passes;
//   - attributes.KEY: every top-level attribute whose KEY is a valid variable
//     key and whose value is a string, a number or a boolean (objects, arrays
//     and null give no value).
//
// extra adds the values of the moment (medication, dose, time,
// appointment_date, appointment_time, doctor, location, link) and wins over the
// patient's own values. Values that are empty or only whitespace are left out,
// so rendering reports them as missing rather than sending a blank.
func DataFromPatient(p patient.Patient, clinic string, extra map[string]string) Data {
	d := Data{}
	put := func(k, v string) {
		if strings.TrimSpace(v) != "" {
			d[k] = v
		}
	}
	put(VarName, strings.TrimSpace(p.Name))
	if words := strings.Fields(p.Name); len(words) > 0 {
		put(VarFirstName, words[0])
	}
	put(VarClinic, strings.TrimSpace(clinic))
	for k, v := range scalarAttributes(p.Attributes) {
		put(AttributePrefix+k, v)
	}
	for k, v := range extra {
		put(k, v)
	}
	return d
}

// scalarAttributes returns the top-level attributes usable as variables, as text.
func scalarAttributes(raw patient.Attributes) map[string]string {
	out := map[string]string{}
	if len(bytes.TrimSpace(raw)) == 0 {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return out
	}
	for k, v := range obj {
		if !attributeKey.MatchString(k) {
			continue
		}
		switch x := v.(type) {
		case string:
			out[k] = x
		case json.Number:
			out[k] = x.String()
		case bool:
			if x {
				out[k] = "true"
			} else {
				out[k] = "false"
			}
		}
	}
	return out
}

// BodyFor picks the body a patient speaking lang gets: the body in lang when
// the template has one, otherwise the first of Indonesian, English and Korean
// that it has. It returns the body and its language ("" and "" for a template
// without bodies, which validation never lets through).
func BodyFor(t Template, lang string) (body, language string) {
	if b := t.Bodies.Get(lang); b != "" {
		return b, lang
	}
	for _, l := range Languages {
		if b := t.Bodies.Get(l); b != "" {
			return b, l
		}
	}
	return "", ""
}

// RenderFor renders the body a patient speaking lang gets (see BodyFor for the
// fallback: the patient's language, then id, en, ko) and returns the text and
// the language it is in. Errors are Render's.
func RenderFor(t Template, lang string, data Data) (text, language string, err error) {
	body, language := BodyFor(t, lang)
	if language == "" {
		return "", "", &ParseError{Reason: "the template has no body"}
	}
	text, err = Render(body, data)
	if err != nil {
		return "", "", err
	}
	return text, language, nil
}

// KakaoParams returns the AlimTalk template parameters of t filled from data:
// each parameter name with the value of the variable it maps to. A parameter
// whose variable has no value in data is present with "" so the set of names is
// always complete; check MissingVariables (or RenderFor) before sending.
func KakaoParams(t Template, data Data) map[string]string {
	out := make(map[string]string, len(t.KakaoParameters))
	for param, variable := range t.KakaoParameters {
		v := data[variable]
		if strings.TrimSpace(v) == "" {
			v = ""
		}
		out[param] = v
	}
	return out
}

// MissingVariables lists, sorted, the variables that the body a patient
// speaking lang gets, or t's Kakao parameters, use and data has no value for.
// An empty result means RenderFor and KakaoParams have everything they need.
func MissingVariables(t Template, lang string, data Data) []string {
	var missing []string
	add := func(v string) {
		if strings.TrimSpace(data[v]) == "" && !slices.Contains(missing, v) {
			missing = append(missing, v)
		}
	}
	body, _ := BodyFor(t, lang)
	vars, _ := Parse(body)
	for _, v := range vars {
		add(v)
	}
	for _, v := range t.KakaoParameters {
		add(v)
	}
	slices.Sort(missing)
	return missing
}
