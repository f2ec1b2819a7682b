package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/valid"
)

// payload is a call's body, read:
//
//	{"external_id": "EMR-1"  | "phone": "0812…"  (one at least),
//	 "patient": {name, email, birth_date, gender, language, timezone, tags, attributes,
//	             preferred_channel, last_visit_date, last_surgery_date, diagnosis,
//	             cancer_stage, notes}   (used only when the patient is created),
//	 "data": {…}}   (anything; the workflow reads it, with the rest, as its context)
type payload struct {
	externalID string
	phone      string
	patient    patient.Input
	context    map[string]any
}

// topLevel are the keys a payload may have.
var topLevel = []string{"external_id", "phone", "patient", "data"}

// patientFields decode the "patient" object's keys into an Input.
var patientFields = map[string]func(in *patient.Input) any{
	"name":              func(in *patient.Input) any { return &in.Name },
	"email":             func(in *patient.Input) any { return &in.Email },
	"birth_date":        func(in *patient.Input) any { return &in.BirthDate },
	"gender":            func(in *patient.Input) any { return &in.Gender },
	"language":          func(in *patient.Input) any { return &in.Language },
	"timezone":          func(in *patient.Input) any { return &in.Timezone },
	"tags":              func(in *patient.Input) any { return &in.Tags },
	"attributes":        func(in *patient.Input) any { return &in.Attributes },
	"preferred_channel": func(in *patient.Input) any { return &in.PreferredChannel },
	"last_visit_date":   func(in *patient.Input) any { return &in.LastVisitDate },
	"last_surgery_date": func(in *patient.Input) any { return &in.LastSurgeryDate },
	"diagnosis":         func(in *patient.Input) any { return &in.Diagnosis },
	"cancer_stage":      func(in *patient.Input) any { return &in.CancerStage },
	"notes":             func(in *patient.Input) any { return &in.Notes },
}

// parsePayload reads a call's body, naming every field that is wrong.
func parsePayload(body []byte) (payload, error) {
	var p payload
	var fe errs.Fields
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return p, errs.Invalid("body", "is required")
	case !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0:
		return p, errs.Invalid("body", valid.TextMessage)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || !json.Valid(body) {
			return p, errs.Invalid("body", "is not valid JSON")
		}
		return p, errs.Invalid("body", "must be a JSON object")
	}
	if raw == nil {
		return p, errs.Invalid("body", "must be a JSON object")
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(topLevel, k) {
			fe.Add(k, "is not a known field")
		}
	}
	p.externalID = optString(raw["external_id"], "external_id", &fe)
	p.phone = optString(raw["phone"], "phone", &fe)
	if v, ok := raw["patient"]; ok && !isNull(v) {
		readPatient(v, &p.patient, &fe)
	}
	if v, ok := raw["data"]; ok && !isNull(v) && !isObject(v) {
		fe.Add("data", "must be a JSON object")
	}
	if err := fe.Err(); err != nil {
		return p, err
	}
	if err := json.Unmarshal(body, &p.context); err != nil {
		return p, errs.Invalid("body", "must be a JSON object")
	}
	if path := nulPath(p.context, ""); path != "" {
		return p, errs.Invalid(path, valid.TextMessage)
	}
	if strings.TrimSpace(p.externalID) == "" && strings.TrimSpace(p.phone) == "" {
		fe.Add("external_id", "is required when there is no phone")
		fe.Add("phone", "is required when there is no external_id")
	}
	return p, fe.Err()
}

func isNull(v json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(v), []byte("null")) }

func isObject(v json.RawMessage) bool {
	t := bytes.TrimSpace(v)
	return len(t) > 0 && t[0] == '{'
}

// optString reads a string field; null or absent is "".
func optString(v json.RawMessage, field string, fe *errs.Fields) string {
	if v == nil || isNull(v) {
		return ""
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		fe.Add(field, "must be a string")
	}
	return s
}

// readPatient decodes the "patient" object key by key, so that each wrong
// key is named ("patient.tags").
func readPatient(v json.RawMessage, in *patient.Input, fe *errs.Fields) {
	var obj map[string]json.RawMessage
	if !isObject(v) || json.Unmarshal(v, &obj) != nil {
		fe.Add("patient", "must be a JSON object")
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		dst, ok := patientFields[k]
		if !ok {
			fe.Add("patient."+k, "is not a known field")
			continue
		}
		if isNull(obj[k]) {
			continue
		}
		if k == "attributes" {
			if !isObject(obj[k]) {
				fe.Add("patient.attributes", "must be a JSON object")
				continue
			}
			in.Attributes = append(json.RawMessage(nil), obj[k]...)
			continue
		}
		if err := json.Unmarshal(obj[k], dst(in)); err != nil {
			if k == "tags" {
				fe.Add("patient.tags", "must be an array")
			} else {
				fe.Add("patient."+k, "must be a string")
			}
		}
	}
}

// nulPath is the path of the first key or string holding a NUL character, "" when none.
func nulPath(v any, path string) string {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch x := v.(type) {
	case string:
		if strings.ContainsRune(x, 0) {
			return nonEmpty(path)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.ContainsRune(k, 0) {
				return nonEmpty(path)
			}
			if p := nulPath(x[k], join(k)); p != "" {
				return p
			}
		}
	case []any:
		for _, e := range x {
			if p := nulPath(e, path); p != "" {
				return p
			}
		}
	}
	return ""
}

func nonEmpty(path string) string {
	if path == "" {
		return "body"
	}
	return path
}
