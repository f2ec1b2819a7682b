package flow

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/prima-health/prima/internal/platform/errs"
)

func parseUpdatePatient(r *reader) UpdatePatient {
	var v UpdatePatient
	before := len(*r.fe)
	tag := func(field, s string) bool {
		return checkText(r, field, strings.TrimSpace(s), MaxTagLen, false)
	}
	add, _ := r.list("add_tags", MaxTags, tag)
	remove, _ := r.list("remove_tags", MaxTags, tag)
	v.AddTags, v.RemoveTags = trimAll(add), trimAll(remove)
	for i, t := range v.RemoveTags {
		if slices.ContainsFunc(v.AddTags, func(a string) bool { return strings.EqualFold(a, t) }) {
			r.fail("remove_tags["+strconv.Itoa(i)+"]", errs.CodeMutuallyExclusive,
				"must not contain both adding and removing the same tag")
		}
	}
	v.Set = parseSet(r)
	if len(v.AddTags) == 0 && len(v.RemoveTags) == 0 && len(v.Set) == 0 && len(*r.fe) == before {
		r.fail("", errs.CodeRequired, "at least one of add_tags, remove_tags or set is required")
	}
	return v
}

func trimAll(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// parseSet reads update_patient's set: known fields and attributes.<name>.
func parseSet(r *reader) map[string]any {
	raw, present := r.get("set")
	if !present {
		return nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		r.fail("set", errs.CodeInvalidType, "must be a JSON object")
		return nil
	}
	if len(m) > MaxSetKeys {
		r.fail("set", errs.CodeTooMany, "must hold at most "+strconv.Itoa(MaxSetKeys)+" keys")
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := setValue(r, k, m[k]); ok {
			out[k] = v
		}
	}
	return out
}

// setValue checks one value of update_patient's set.
func setValue(r *reader, key string, v any) (any, bool) {
	field := "set." + key
	if name, isAttr := strings.CutPrefix(key, AttributePrefix); isAttr {
		if name == "" || len([]rune(name)) > MaxAttributeNameLen || strings.ContainsFunc(name, func(c rune) bool { return isControl(c, false) }) {
			r.fail(field, errs.CodeInvalidFormat, "must be attributes.<name> with a name of 1 to 64 characters")
			return nil, false
		}
		return scalar(r, field, v, true)
	}
	if !slices.Contains(SetFields, key) {
		r.fail(field, errs.CodeNotAllowed, "is not a field a workflow may set; use one of "+
			strings.Join(SetFields, ", ")+" or attributes.<name>")
		return nil, false
	}
	if v == nil {
		if key == "language" {
			r.fail(field, errs.CodeRequired, "cannot be null")
			return nil, false
		}
		return nil, true
	}
	s, ok := v.(string)
	if !ok {
		r.fail(field, errs.CodeInvalidType, "must be a string")
		return nil, false
	}
	switch key {
	case "language":
		return s, r.oneOf(field, s, Languages)
	case "preferred_channel":
		s = channel(s)
		return s, r.oneOf(field, s, PreferredChannels)
	case "cancer_stage":
		return s, checkText(r, field, s, 50, false)
	case "diagnosis":
		return s, checkText(r, field, s, 2000, true)
	}
	return s, checkText(r, field, s, MaxSetTextLen, true)
}

// scalar checks a string, number, boolean or (when nullable) null value.
func scalar(r *reader, field string, v any, nullable bool) (any, bool) {
	if v == nil {
		if !nullable {
			r.fail(field, errs.CodeRequired, "is required")
		}
		return nil, nullable
	}
	if f, ok := number(v); ok {
		return f, true
	}
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		if len([]rune(x)) > MaxValueLen {
			r.fail(field, errs.CodeTooLong, "must be at most "+strconv.Itoa(MaxValueLen)+" characters")
			return nil, false
		}
		return x, true
	}
	r.fail(field, errs.CodeInvalidType, "must be a string, a number or true or false")
	return nil, false
}

func parseCallWebhook(r *reader) CallWebhook {
	var v CallWebhook
	if _, present := r.get("url"); !present {
		r.fail("url", errs.CodeRequired, "is required")
	} else if s, ok := r.str("url"); ok {
		if validURL(s) {
			v.URL = s
		} else {
			r.fail("url", errs.CodeInvalidFormat, "must be an absolute http or https URL such as https://example.org/hook")
		}
	}
	if body, present := r.get("body"); present {
		b, err := json.Marshal(body)
		switch {
		case err != nil:
			r.fail("body", errs.CodeInvalidType, "must be JSON")
		case len(b) > MaxBodyBytes:
			r.fail("body", errs.CodeTooLarge, "must be at most "+strconv.Itoa(MaxBodyBytes>>10)+" KiB of JSON")
		default:
			v.Body = deepCopy(body)
		}
	}
	return v
}

func validURL(s string) bool {
	if len(s) > MaxURLLen || strings.ContainsFunc(s, func(c rune) bool { return c <= ' ' || c == 0x7f }) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Hostname() != "" && u.User == nil
}

// deepCopy copies the maps and arrays of a JSON value so that no one shares them.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}
