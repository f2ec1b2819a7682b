package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/platform/errs"
)

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// fieldSet is the set of top-level JSON keys a request body carried, so a PATCH
// can tell "absent" from "null".
type fieldSet map[string]bool

// bindJSON decodes the request body into dst strictly: only application/json,
// text that is UTF-8 without NUL characters (see jsonTextErrors), no unknown
// fields (all of them listed), type errors named by field.
// It returns the keys present in the body.
func bindJSON(c echo.Context, dst any) (fieldSet, error) {
	req := c.Request()
	ct := req.Header.Get(echo.HeaderContentType)
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != echo.MIMEApplicationJSON {
		return nil, newError(http.StatusUnsupportedMediaType, CodeUnsupportedType, "Send the body as application/json.")
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, newError(http.StatusRequestEntityTooLarge, CodeTooLarge, "The request body is larger than allowed.")
		}
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, newError(http.StatusBadRequest, CodeValidation, "The request body could not be read.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, newError(http.StatusBadRequest, CodeValidation, "A JSON body is required.", errs.FieldError{Field: "body", Message: "is required"})
	}
	if fe := jsonTextErrors(body); len(fe) > 0 {
		return nil, newError(http.StatusBadRequest, CodeValidation, "Text must be UTF-8 without NUL characters.", fe...)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, decodeError(err)
	}
	known := jsonFields(reflect.TypeOf(dst))
	var unknown []string
	present := fieldSet{}
	for k := range raw {
		if !known[k] {
			unknown = append(unknown, k)
		}
		present[k] = true
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		fields := make([]errs.FieldError, 0, len(unknown))
		for _, k := range unknown {
			fields = append(fields, errs.FieldError{Field: k, Message: "is not a known field"})
		}
		return nil, newError(http.StatusBadRequest, CodeValidation, "Unknown fields: "+strings.Join(unknown, ", "), fields...)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var pe *time.ParseError
		if errors.As(err, &pe) {
			// encoding/json does not say which field held the bad time: find it.
			if f := badTimeField(reflect.TypeOf(dst), raw); f != "" {
				return nil, newError(http.StatusBadRequest, CodeValidation, f+": must be an RFC 3339 time",
					errs.FieldError{Field: f, Code: "invalid_format", Message: "must be an RFC 3339 time such as 2026-11-22T08:00:00Z"})
			}
		}
		return nil, decodeError(err)
	}
	return present, nil
}

// badTimeField names the top-level field of raw that does not decode into
// its field of t (a struct or pointer to one), or "".
func badTimeField(t reflect.Type, raw map[string]json.RawMessage) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return ""
	}
	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if strings.Split(f.Tag.Get("json"), ",")[0] != k {
				continue
			}
			v := reflect.New(f.Type)
			if err := json.Unmarshal(raw[k], v.Interface()); err != nil {
				return k
			}
		}
	}
	return ""
}

func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return newError(http.StatusBadRequest, CodeValidation, fmt.Sprintf("%s: must be %s", field, jsonKind(te.Type)),
			errs.FieldError{Field: field, Message: "must be " + jsonKind(te.Type)})
	case errors.As(err, &se):
		return newError(http.StatusBadRequest, CodeValidation, fmt.Sprintf("The body is not valid JSON (offset %d).", se.Offset),
			errs.FieldError{Field: "body", Message: "is not valid JSON"})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return newError(http.StatusBadRequest, CodeValidation, "Unknown field: "+name, errs.FieldError{Field: name, Message: "is not a known field"})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return newError(http.StatusBadRequest, CodeValidation, "The body is not valid JSON.", errs.FieldError{Field: "body", Message: "is not valid JSON"})
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return newError(http.StatusRequestEntityTooLarge, CodeTooLarge, "The request body is larger than allowed.")
	}
	return newError(http.StatusBadRequest, CodeValidation, "The body must be a JSON object.", errs.FieldError{Field: "body", Message: "must be a JSON object"})
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "of another type"
}

// jsonFields lists the JSON names of a struct's fields.
func jsonFields(t reflect.Type) map[string]bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	out := map[string]bool{}
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			for k := range jsonFields(f.Type) {
				out[k] = true
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = true
	}
	return out
}
