package main

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// What PRIMA's error handler (api/errors.go) writes, repeated here because a
// tool may not import api/; an api test checks every example against it.
var problemTitles = map[string]string{
	"validation_failed": "Validation failed", "not_found": "Not found", "unauthenticated": "Authentication required",
	"forbidden": "Forbidden", "approval_pending": "Approval pending", "conflict": "Conflict",
	"rate_limited": "Too many requests", "payload_too_large": "Payload too large",
	"unsupported_media_type": "Unsupported media type", "invalid_signature": "Invalid signature",
	"internal": "Internal error", "method_not_allowed": "Method not allowed", "unprocessable": "Unprocessable request",
	"unavailable": "Service unavailable", "ai_disabled": "AI drafting is off",
}

// exampleRequestID is the request id the examples carry (PRIMA's ids are UUIDv7).
const exampleRequestID = "0195f3c2-8b1d-7e4f-a2c6-3d9e1f7b5a42"

// fieldError is one entry of a problem's errors list.
type fieldError struct {
	field, code, message string
}

// problemExample is one named example of an error response.
type problemExample struct {
	name, summary string
	status        int
	code, detail  string
	fields        []fieldError
}

func (p problemExample) value() map[string]any {
	v := map[string]any{
		"type": "urn:prima:problem:" + p.code, "title": problemTitles[p.code], "status": p.status,
		"code": p.code, "detail": p.detail, "request_id": exampleRequestID,
	}
	if len(p.fields) > 0 {
		list := make([]any, 0, len(p.fields))
		for _, f := range p.fields {
			list = append(list, map[string]any{"field": f.field, "code": f.code, "message": f.message})
		}
		v["errors"] = list
	}
	return v
}

// validationDetail is the detail PRIMA gives a validation error.
func validationDetail(fields ...fieldError) string {
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		parts = append(parts, f.field+": "+f.message)
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// specialProblems are the error examples a few operations answer instead of
// the ones their status alone suggests, by "METHOD path" and status.
var specialProblems = map[string]map[string][]problemExample{
	"POST /api/v1/ai/draft": {
		"409": {{name: "ai_disabled", summary: "AI is off for the clinic, or no language model is configured", status: 409,
			code: "ai_disabled", detail: "AI drafting is turned off in Settings."}},
		"502": {{name: "unusable_answer", summary: "The language model's answer could not be used", status: 502,
			code: "unavailable", detail: "The language model's answer could not be used; try again or rephrase the brief."}},
		"503": {{name: "model_timeout", summary: "The language model did not answer in time", status: 503,
			code: "unavailable", detail: "The language model did not answer in time; try again shortly."}},
	},
	"POST /api/v1/patients/import": {
		"422": {{name: "invalid_rows", summary: "Some rows are invalid; nothing was imported", status: 422,
			code: "validation_failed", detail: "1 of 120 rows are invalid; nothing was imported.",
			fields: []fieldError{{"rows[3].phone", "invalid_phone", "is not a valid phone number"}}},
			idempotencyMismatch},
		"415": {{name: "unsupported_media_type", summary: "The file was not sent as multipart/form-data or text/csv", status: 415,
			code: "unsupported_media_type", detail: "Send the file as multipart/form-data in the field \"file\" (or the body as text/csv)."}},
	},
	"GET /api/v1/cron/trigger":  {"401": {cronUnauthenticated}},
	"POST /api/v1/cron/trigger": {"401": {cronUnauthenticated}},
	"GET /metrics": {"401": {{name: "unauthenticated", summary: "PRIMA_METRICS_TOKEN is required", status: 401,
		code: "unauthenticated", detail: "Send PRIMA_METRICS_TOKEN as a bearer token."}}},
	"POST /api/v1/uploads": {
		"415": {{name: "unsupported_media_type", summary: "Not an image PRIMA accepts", status: 415,
			code: "unsupported_media_type", detail: "Only JPEG, PNG, GIF and WebP images can be uploaded."}},
	},
	"POST /api/v1/campaigns/{id}/execute": {
		"422": {{name: "preflight_failed", summary: "The campaign did not pass its pre-flight check", status: 422,
			code: "unprocessable", detail: "The campaign did not pass its pre-flight check.",
			fields: []fieldError{{"template_id", "missing_variable", "no value for {{medication}} for 3 recipients"}}}},
	},
}

var cronUnauthenticated = problemExample{name: "unauthenticated", summary: "The cron secret is missing or wrong", status: 401,
	code: "unauthenticated", detail: "Send the cron secret as a bearer token (or ?key=)."}

var idempotencyMismatch = problemExample{name: "idempotency_key_reused", summary: "The Idempotency-Key was used with another request body",
	status: 422, code: "unprocessable", detail: "This Idempotency-Key was used with a different request."}

// problemExamplesFor lists the examples of one error response of an operation.
func problemExamplesFor(op operation, status string) []problemExample {
	if special, ok := specialProblems[strings.ToUpper(op.method)+" "+op.path][status]; ok {
		return special
	}
	n, _ := strconv.Atoi(status)
	switch n {
	case http.StatusBadRequest:
		f := invalidField(op)
		return []problemExample{{name: "validation_failed", summary: "A field is missing or invalid", status: n,
			code: "validation_failed", detail: validationDetail(f), fields: []fieldError{f}}}
	case http.StatusUnauthorized:
		if strings.HasPrefix(op.path, "/api/v1/hooks/") {
			return []problemExample{{name: "invalid_signature", summary: "The webhook's signature is missing, wrong or too old", status: n,
				code: "invalid_signature", detail: "The webhook signature is missing, wrong or too old."}}
		}
		return []problemExample{{name: "unauthenticated", summary: "No valid bearer token", status: n,
			code: "unauthenticated", detail: "A valid session token or API key is required."}}
	case http.StatusForbidden:
		out := []problemExample{{name: "forbidden", summary: "The caller's role does not allow this", status: n,
			code: "forbidden", detail: "Your role does not allow this."}}
		if op.Security != nil && len(*op.Security) > 0 {
			out = append(out, problemExample{name: "approval_pending", summary: "The caller's account awaits an administrator's approval",
				status: n, code: "approval_pending", detail: "An administrator of your organization has to approve your account first."})
		}
		return out
	case http.StatusNotFound:
		return []problemExample{{name: "not_found", summary: "No such resource in the caller's organization", status: n,
			code: "not_found", detail: "The resource does not exist."}}
	case http.StatusConflict:
		var out []problemExample
		if hasParam(op, "header", "If-Match") || op.method == http.MethodPatch || op.method == http.MethodPut {
			out = append(out, problemExample{name: "stale_version", summary: "The resource changed since the caller read it", status: n,
				code: "conflict", detail: "The resource was changed by someone else; reload it and try again."})
		}
		if hasParam(op, "header", "Idempotency-Key") {
			out = append(out, problemExample{name: "idempotency_in_progress", summary: "A request with this Idempotency-Key is still running",
				status: n, code: "conflict", detail: "A request with this Idempotency-Key is still being processed."})
		}
		if len(out) == 0 {
			out = append(out, problemExample{name: "conflict", summary: "The resource's current state does not allow this", status: n,
				code: "conflict", detail: "The resource's current state does not allow this."})
		}
		return out
	case http.StatusRequestEntityTooLarge:
		return []problemExample{{name: "payload_too_large", summary: "The body is larger than allowed", status: n,
			code: "payload_too_large", detail: "The request body is larger than allowed."}}
	case http.StatusUnsupportedMediaType:
		return []problemExample{{name: "unsupported_media_type", summary: "The body is not JSON", status: n,
			code: "unsupported_media_type", detail: "Send the body as application/json."}}
	case http.StatusUnprocessableEntity:
		return []problemExample{idempotencyMismatch}
	case http.StatusTooManyRequests:
		return []problemExample{rateLimited}
	case http.StatusServiceUnavailable, http.StatusBadGateway:
		return []problemExample{{name: "unavailable", summary: "A dependency is unavailable", status: n,
			code: "unavailable", detail: "A dependency is unavailable; try again shortly."}}
	case http.StatusInternalServerError:
		return []problemExample{internalError}
	}
	return nil
}

var (
	rateLimited = problemExample{name: "rate_limited", summary: "Too many requests (see the Retry-After header)", status: 429,
		code: "rate_limited", detail: "Too many requests; slow down."}
	internalError = problemExample{name: "internal", summary: "A server error; quote the request id when reporting it", status: 500,
		code: "internal", detail: "Something went wrong on our side. Quote the request id when you report it."}
)

// invalidField is a field error the operation could answer with 400: a
// required body field left out, a query or header parameter of the wrong
// form, or an unknown body field.
func invalidField(op operation) fieldError {
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			s := mt.Schema.Value
			required := append([]string(nil), s.Required...)
			sort.Strings(required)
			if len(required) > 0 {
				return fieldError{required[0], "required", "is required"}
			}
		}
	}
	for _, p := range op.Parameters {
		if p.Value == nil || (p.Value.In != "query" && p.Value.In != "header") {
			continue
		}
		if f, ok := paramError(p.Value); ok {
			return f
		}
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil && op.RequestBody.Value.Content.Get("application/json") != nil {
		return fieldError{"nickname", "unknown_field", "is not a known field"}
	}
	return fieldError{"id", "invalid", "cannot be used for this request"}
}

// paramError is the error PRIMA gives a malformed value of a parameter.
func paramError(p *openapi3.Parameter) (fieldError, bool) {
	if p.Name == "If-Match" {
		return fieldError{p.Name, "invalid_format", `must be the resource version, e.g. "3"`}, true
	}
	if p.Schema == nil || p.Schema.Value == nil {
		return fieldError{}, false
	}
	s := p.Schema.Value
	switch {
	case len(s.Enum) > 0:
		allowed := make([]string, 0, len(s.Enum))
		for _, e := range s.Enum {
			allowed = append(allowed, fmt.Sprint(e))
		}
		return fieldError{p.Name, "invalid_enum", "must be one of " + strings.Join(allowed, ", ")}, true
	case s.Type.Is(openapi3.TypeBoolean):
		return fieldError{p.Name, "invalid_type", "must be true or false"}, true
	case s.Type.Is(openapi3.TypeInteger) && s.Min != nil && s.Max != nil:
		return fieldError{p.Name, "out_of_range", fmt.Sprintf("must be between %g and %g", *s.Min, *s.Max)}, true
	case s.Format == "date-time":
		return fieldError{p.Name, "invalid_format", "must be an RFC 3339 time such as 2026-11-22T08:00:00Z"}, true
	case s.Format == "date":
		return fieldError{p.Name, "invalid_format", "must be a date such as 2026-11-22"}, true
	}
	return fieldError{}, false
}

func hasParam(op operation, in, name string) bool {
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == in && strings.EqualFold(p.Value.Name, name) {
			return true
		}
	}
	return false
}

// problemExamples documents every error response of every operation with
// examples fitting its status, and the default response with the errors any
// call can meet (429, 500). A response whose schema extends the problem
// (a pre-flight check's report) gets that schema's other fields from their
// own examples.
func problemExamples(doc *openapi3.T) error {
	for _, op := range operations(doc) {
		if op.Responses == nil {
			continue
		}
		for status, resp := range op.Responses.Map() {
			if resp.Value == nil {
				continue
			}
			mt := resp.Value.Content.Get("application/problem+json")
			if mt == nil {
				continue
			}
			var list []problemExample
			if status == "default" {
				list = []problemExample{internalError, rateLimited}
			} else {
				list = problemExamplesFor(op, status)
			}
			if len(list) == 0 {
				return fmt.Errorf("%s %s: no problem example for status %s; add one to openapigen", strings.ToUpper(op.method), op.path, status)
			}
			mt.Example = nil
			mt.Examples = openapi3.Examples{}
			for _, p := range list {
				v := p.value()
				if extra, _ := exampleOf(mt.Schema, 0); extra != nil {
					if m, ok := extra.(map[string]any); ok {
						for k, x := range m {
							if _, set := v[k]; !set && !isProblemField(k) {
								v[k] = x
							}
						}
					}
				}
				mt.Examples[p.name] = &openapi3.ExampleRef{Value: &openapi3.Example{Summary: p.summary, Value: v}}
			}
		}
	}
	return nil
}

// isProblemField: the fields of the problem itself, which the example sets (or leaves out).
func isProblemField(name string) bool {
	switch name {
	case "type", "title", "status", "detail", "code", "errors", "request_id":
		return true
	}
	return false
}
