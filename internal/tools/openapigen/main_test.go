package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestSchemaNamesLoseTheirGoPackage(t *testing.T) {
	in := `{"components":{"schemas":{"api.Patient":{"type":"object","properties":{"errors":{"type":"array","items":{"$ref":"#/components/schemas/errs.FieldError"}}}},
"errs.FieldError":{"type":"object"}}},"paths":{"/p":{"get":{"responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/api.Patient"}}}}}}}}}`
	out, err := withoutPackagePrefixes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "api.") || strings.Contains(s, "errs.") {
		t.Fatalf("package prefixes left: %s", s)
	}
	for _, want := range []string{`"#/components/schemas/Patient"`, `"#/components/schemas/FieldError"`, `"Patient":`, `"FieldError":`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in %s", want, s)
		}
	}
}

func TestSchemaNameCollisionsFailGeneration(t *testing.T) {
	in := `{"components":{"schemas":{"api.Status":{"type":"object"},"errs.Status":{"type":"string"}}}}`
	_, err := withoutPackagePrefixes([]byte(in))
	if err == nil || !strings.Contains(err.Error(), "Status (from api.Status, errs.Status)") {
		t.Fatalf("want a collision error, got %v", err)
	}
}

func TestDanglingRefFailsGeneration(t *testing.T) {
	in := `{"components":{"schemas":{"api.A":{"$ref":"#/components/schemas/api.Missing"}}}}`
	if _, err := withoutPackagePrefixes([]byte(in)); err == nil {
		t.Fatal("a $ref to no schema must fail")
	}
}

// The committed swag output converts, with examples for every error response
// and every JSON request body, and validates.
func TestGenerateFromTheCommittedSwaggerOutput(t *testing.T) {
	raw := mustRead(t, "../../../docs/swagger/swagger.json")
	js, err := generate(raw)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody *struct {
				Content map[string]struct {
					Example any `json:"example"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]struct {
					Examples map[string]any `json:"examples"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths {
		for method, op := range item {
			if op.RequestBody != nil {
				if mt, ok := op.RequestBody.Content["application/json"]; ok && mt.Example == nil {
					t.Errorf("%s %s: JSON request body without an example", method, path)
				}
			}
			for status, r := range op.Responses {
				if mt, ok := r.Content["application/problem+json"]; ok && len(mt.Examples) == 0 {
					t.Errorf("%s %s %s: error response without examples", method, path, status)
				}
			}
		}
	}
	if strings.Contains(string(js), omitExtension) {
		t.Errorf("%s marks are left in the document", omitExtension)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOperationIDsFollowTheRESTShapes(t *testing.T) {
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/api/v1/patients", "listPatients"},
		{"POST", "/api/v1/patients", "createPatient"},
		{"GET", "/api/v1/patients/{id}", "getPatient"},
		{"PATCH", "/api/v1/patients/{id}", "updatePatient"},
		{"DELETE", "/api/v1/api-keys/{id}", "deleteApiKey"},
		{"POST", "/api/v1/reminders/{id}/pause", "pauseReminder"},
		{"GET", "/api/v1/patients/{id}/timeline", "getPatientTimeline"},
		{"GET", "/api/v1/workflow-executions", "listWorkflowExecutions"},
		{"POST", "/api/v1/patients/{id}/erase", "erasePatient"},
		{"GET", "/healthz", "listHealthz"},
		{"POST", "/api/v1/things/do-it", "postThingsDoIt"},
	} {
		if got := operationID(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.method, c.path, got, c.want)
		}
	}
}
