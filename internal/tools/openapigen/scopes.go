package main

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// scopeExtension is the annotation (@x-required-scope) every authenticated
// operation carries: the API key scope it needs, or "session" for the
// dashboard-only operations no API key may call.
const scopeExtension = "x-required-scope"

// apiKeySecurity describes API keys as a second HTTP bearer scheme and, per
// operation, offers it (in Swagger UI's "Authorize" too) next to the session
// token, saying in the description which scope a key needs.
func apiKeySecurity(doc *openapi3.T) error {
	if doc.Components == nil || doc.Components.SecuritySchemes == nil {
		return nil
	}
	if _, ok := doc.Components.SecuritySchemes["ApiKeyAuth"]; !ok {
		return nil
	}
	doc.Components.SecuritySchemes["ApiKeyAuth"] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
		Type: "http", Scheme: "bearer", BearerFormat: "prima_…",
		Description: "An API key (`prima_…`). Each operation names the scope a key needs in `x-required-scope` " +
			"(read, write or send); a key without it is refused with 403. Keys are created on the dashboard's API keys page.",
	}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Security == nil || !requires(*op.Security, "BearerAuth") {
				continue
			}
			scope, _ := op.Extensions[scopeExtension].(string)
			switch scope {
			case "read", "write", "send":
				sec := openapi3.SecurityRequirements{{"BearerAuth": []string{}}, {"ApiKeyAuth": []string{}}}
				op.Security = &sec
				op.Description = strings.TrimSpace(op.Description + "\n\nAPI keys need the `" + scope + "` scope.")
			case "session":
				sec := openapi3.SecurityRequirements{{"BearerAuth": []string{}}}
				op.Security = &sec
				op.Description = strings.TrimSpace(op.Description + "\n\nDashboard sessions only: API keys are refused (403).")
			default:
				return fmt.Errorf("%s %s: authenticated operations need @x-required-scope read, write, send or session", method, path)
			}
		}
	}
	return nil
}

func requires(reqs openapi3.SecurityRequirements, scheme string) bool {
	for _, r := range reqs {
		if _, ok := r[scheme]; ok {
			return true
		}
	}
	return false
}
