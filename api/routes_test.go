package api

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// Routes that are not part of the REST contract.
var undocumented = map[string]bool{
	"GET /openapi.yaml": true, "GET /docs": true, "GET /docs/*": true, "GET /*": true,
}

var echoParam = regexp.MustCompile(`:([a-z_]+)`)

func TestEveryRouteIsInTheSpecAndEverySpecOperationIsRegistered(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	b, err := os.ReadFile("../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatal(err)
	}
	inSpec := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			inSpec[method+" "+path] = true
		}
	}
	registered := map[string]bool{}
	for _, r := range a.e.Routes() {
		if strings.HasPrefix(r.Path, "/api/*") || r.Method == "echo_route_any" || undocumented[r.Method+" "+r.Path] {
			continue
		}
		if strings.HasPrefix(r.Path, "/api/*") {
			continue
		}
		key := r.Method + " " + echoParam.ReplaceAllString(r.Path, "{$1}")
		registered[key] = true
	}
	var missing, extra []string
	for k := range registered {
		if !inSpec[k] {
			missing = append(missing, k)
		}
	}
	for k := range inSpec {
		if !registered[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("registered routes missing from openapi.yaml (add swag annotations and run make docs): %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("openapi.yaml operations with no route: %v", extra)
	}
	if len(registered) < 10 {
		t.Fatalf("suspiciously few routes: %v", registered)
	}
}

func TestSpecIsServedAndSwaggerUIUsesIt(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	r := a.do("GET", "/openapi.yaml", nil, "")
	a.ok(r, 200)
	r = a.do("GET", "/docs", nil, "")
	a.ok(r, 302)
	r = a.do("GET", "/docs/index.html", nil, "")
	a.ok(r, 200)
	if !strings.Contains(string(r.body), "swagger-ui-bundle.js") {
		t.Fatalf("swagger ui page: %s", r.body)
	}
	r = a.do("GET", "/docs/swagger-initializer.js", nil, "")
	a.ok(r, 200)
	if !strings.Contains(string(r.body), `url: "/openapi.yaml"`) {
		t.Fatalf("swagger ui must load /openapi.yaml: %s", r.body)
	}
	a.ok(a.do("GET", "/docs/swagger-ui-bundle.js", nil, ""), 200)
}

// specScopes maps "METHOD /path/{param}" to the x-required-scope openapi.yaml
// documents for it.
func specScopes(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if s, ok := op.Extensions["x-required-scope"].(string); ok {
				out[method+" "+path] = s
			}
		}
	}
	return out
}

// Every authenticated operation documents the API key scope it needs, and
// offers API keys in its security unless it is dashboard-only.
func TestEveryAuthenticatedOperationDocumentsItsScope(t *testing.T) {
	b, err := os.ReadFile("../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Security == nil || len(*op.Security) == 0 {
				continue
			}
			n++
			scope, _ := op.Extensions["x-required-scope"].(string)
			keys := false
			for _, req := range *op.Security {
				if _, ok := req["ApiKeyAuth"]; ok {
					keys = true
				}
			}
			switch {
			case scope == "session" && keys:
				t.Errorf("%s %s is dashboard-only but offers API keys", method, path)
			case scope == "read" || scope == "write" || scope == "send":
				if !keys {
					t.Errorf("%s %s needs scope %s but does not offer ApiKeyAuth", method, path, scope)
				}
			case scope != "session":
				t.Errorf("%s %s: x-required-scope %q", method, path, scope)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d authenticated operations", n)
	}
}
