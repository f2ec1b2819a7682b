package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
)

// loadSpecDoc is openapi.yaml, loaded and validated.
func loadSpecDoc(t *testing.T) *openapi3.T {
	t.Helper()
	b, err := os.ReadFile("../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatal(err)
	}
	return doc
}

// specOperation is one operation of openapi.yaml.
type specOperation struct {
	method, path string
	op           *openapi3.Operation
}

func (o specOperation) String() string { return o.method + " " + o.path }

func specOperations(doc *openapi3.T) []specOperation {
	var out []specOperation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, specOperation{method: method, path: path, op: op})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// jsonRequestExample is the example of an operation's JSON request body, if it has one.
func jsonRequestExample(o specOperation) (*openapi3.MediaType, bool) {
	if o.op.RequestBody == nil || o.op.RequestBody.Value == nil {
		return nil, false
	}
	mt := o.op.RequestBody.Value.Content.Get("application/json")
	return mt, mt != nil
}

// TestRequestExamplesMatchTheirSchemas: every JSON request body in openapi.yaml
// carries an example (assembled by openapigen from the `example:` tags) that its
// own schema accepts, formats included.
func TestRequestExamplesMatchTheirSchemas(t *testing.T) {
	doc := loadSpecDoc(t)
	n := 0
	for _, o := range specOperations(doc) {
		mt, ok := jsonRequestExample(o)
		if !ok {
			continue
		}
		n++
		if mt.Example == nil {
			t.Errorf("%s: the JSON request body has no example", o)
			continue
		}
		if err := mt.Schema.Value.VisitJSON(mt.Example, openapi3.VisitAsRequest(), openapi3.MultiErrors(),
			openapi3.EnableFormatValidation()); err != nil {
			t.Errorf("%s: the request example does not match its schema: %v", o, err)
		}
	}
	if n < 20 {
		t.Fatalf("only %d operations with a JSON body: is openapi.yaml generated?", n)
	}
}

// Request examples that are not sent to the test server, and why.
var examplesNotSent = map[string]string{
	"POST /api/v1/hooks/clerk":           "a provider's payload; it needs the provider's signature (hooks tests cover it)",
	"POST /api/v1/hooks/gowa":            "a provider's payload; it needs the provider's signature (hooks tests cover it)",
	"POST /api/v1/hooks/nhn":             "a provider's payload; it needs the provider's signature (hooks tests cover it)",
	"POST /api/v1/hooks/in/{webhook_id}": "a caller's own payload; it needs the webhook's signature (webhook tests cover it)",
	"POST /api/v1/dev/sign-in":           "development sign-in answers without a bearer token (devauth tests cover it)",
	"POST /api/v1/dev/simulate-inbound":  "development only, and it needs a sent message to reply to",
	"POST /api/v1/ai/draft":              "needs a language model (ai_draft tests use a fake one)",
	"POST /api/v1/users/{id}/approve":    "needs a pending user; the harness approves its users with this body",
	"PATCH /api/v1/users/{id}":           "changing a user's role mid-test changes the harness's tokens",
}

// prepare puts the fixtures in the state an example needs, by operation.
var prepare = map[string]func(a *testApp, path string){
	// Only an active workflow runs.
	"POST /api/v1/workflows/{id}/run": func(a *testApp, path string) {
		a.ok(a.do("POST", strings.TrimSuffix(path, "/run")+"/activate", nil, a.admin), 200)
	},
}

// Create operations sent first, in an order that makes the fixtures later
// examples refer to; the rest follow in path order.
var sendFirst = []string{
	"POST /api/v1/patients", "POST /api/v1/templates", "POST /api/v1/articles", "POST /api/v1/videos",
	"POST /api/v1/appointments", "POST /api/v1/webhooks", "POST /api/v1/workflows", "POST /api/v1/reminders",
	"POST /api/v1/campaigns", "POST /api/v1/messages", "POST /api/v1/event-subscriptions",
}

// sendLast are sent after all the others: they remove what the others use.
var sendLast = []string{"POST /api/v1/patients/{id}/erase"}

// fixtureOf names the kind of resource a field or path parameter holding an id refers to.
func fixtureOf(field string) string {
	field = strings.TrimSuffix(strings.TrimSuffix(field, "_ids"), "_id")
	return field
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// TestRequestExamplesAreAccepted sends the example of every JSON request body
// (creates first) to a server as an admin and expects 2xx: an example in the
// contract is a request PRIMA takes.
//
// Examples cannot know the ids of the test's data, so the test substitutes
// them: a string holding a UUID in a field named <kind>_id or <kind>_ids (e.g.
// patient_id, patient_ids) becomes the id of the <kind> the earlier examples
// created, as does a path parameter {id} (the resource the path names) or
// {<kind>_id}. A body's `version` is set to the resource's current version,
// since the examples before it changed the resource. A few operations need
// their fixture in a state first (prepare).
func TestRequestExamplesAreAccepted(t *testing.T) {
	doc := loadSpecDoc(t)
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		fixtures := map[string]string{"user": a.volunteerID}
		ops := map[string]specOperation{}
		var order []string
		for _, o := range specOperations(doc) {
			if _, ok := jsonRequestExample(o); ok {
				ops[o.String()] = o
				order = append(order, o.String())
			}
		}
		sort.SliceStable(order, func(i, j int) bool { return rank(order[i]) < rank(order[j]) })
		for _, key := range order {
			o := ops[key]
			if _, skip := examplesNotSent[key]; skip {
				continue
			}
			t.Run(key, func(t *testing.T) {
				a := a.as(t)
				mt, _ := jsonRequestExample(o)
				body := substituteIDs(t, deepCopy(mt.Example), "", fixtures)
				path := substitutePath(t, o.path, fixtures)
				if m, ok := body.(map[string]any); ok {
					if _, has := m["version"]; has {
						m["version"] = currentVersion(a, resourcePath(path))
					}
				}
				if p := prepare[key]; p != nil {
					p(a, path)
				}
				r := a.do(strings.ToUpper(o.method), path, body, a.admin)
				if r.code < 200 || r.code > 299 {
					js, _ := json.Marshal(body)
					t.Fatalf("%s with its example body answered %d: %s\nbody sent: %s", key, r.code, r.body, js)
				}
				if strings.ToUpper(o.method) == http.MethodPost && !strings.Contains(o.path, "{") {
					var created struct {
						ID string `json:"id"`
					}
					if json.Unmarshal(r.body, &created) == nil && created.ID != "" {
						kind := strings.TrimSuffix(strings.TrimPrefix(o.path, "/api/v1/"), "s")
						if _, set := fixtures[kind]; !set {
							fixtures[kind] = created.ID
						}
					}
				}
			})
		}
	})
}

// rank orders the create operations of sendFirst before the rest.
func rank(key string) int {
	for i, k := range sendFirst {
		if k == key {
			return i
		}
	}
	for i, k := range sendLast {
		if k == key {
			return len(sendFirst) + 1 + i
		}
	}
	return len(sendFirst)
}

func deepCopy(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// substituteIDs replaces the ids in an example with the fixtures' (see TestRequestExamplesAreAccepted).
func substituteIDs(t *testing.T, v any, field string, fixtures map[string]string) any {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, inner := range x {
			x[k] = substituteIDs(t, inner, k, fixtures)
		}
	case []any:
		for i, inner := range x {
			x[i] = substituteIDs(t, inner, field, fixtures)
		}
	case string:
		if !uuidPattern.MatchString(x) {
			return x
		}
		id, ok := fixtures[fixtureOf(field)]
		if !ok {
			t.Fatalf("the example's %s holds an id, and no earlier example created a %q to stand for it", field, fixtureOf(field))
		}
		return id
	}
	return v
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// substitutePath fills a path's parameters with fixture ids.
func substitutePath(t *testing.T, path string, fixtures map[string]string) string {
	t.Helper()
	var missing []string
	out := pathParam.ReplaceAllStringFunc(path, func(p string) string {
		name := strings.Trim(p, "{}")
		kind := fixtureOf(name)
		if name == "id" { // the resource the path names: /api/v1/<kind>s/{id}
			kind = strings.TrimSuffix(strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")[0], "s")
		}
		id, ok := fixtures[kind]
		if !ok {
			missing = append(missing, kind)
		}
		return id
	})
	if len(missing) > 0 {
		t.Fatalf("%s: no earlier example created a %s to fill the path", path, strings.Join(missing, ", "))
	}
	return out
}

// resourcePath is the resource an action path acts on: /api/v1/webhooks/1/rotate-secret → /api/v1/webhooks/1.
func resourcePath(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")
	if len(parts) > 2 {
		parts = parts[:2]
	}
	return "/api/v1/" + strings.Join(parts, "/")
}

func currentVersion(a *testApp, path string) int {
	a.t.Helper()
	r := a.do("GET", path, nil, a.admin)
	a.ok(r, 200)
	var v struct {
		Version *int `json:"version"`
	}
	r.decode(&v)
	if v.Version == nil {
		a.t.Fatalf("GET %s has no version", path)
	}
	return *v.Version
}

// TestErrorExamplesAreWhatPRIMASends: every error response in openapi.yaml
// carries examples (made by openapigen from the status), each with the status
// of its response, and the type and title PRIMA's error handler gives its code.
func TestErrorExamplesAreWhatPRIMASends(t *testing.T) {
	doc := loadSpecDoc(t)
	seen := map[string]bool{}
	for _, o := range specOperations(doc) {
		for status, resp := range o.op.Responses.Map() {
			mt := resp.Value.Content.Get("application/problem+json")
			if mt == nil {
				continue
			}
			if len(mt.Examples) == 0 {
				t.Errorf("%s %s: no examples", o, status)
			}
			for name, ex := range mt.Examples {
				v, _ := ex.Value.Value.(map[string]any)
				code, _ := v["code"].(string)
				st, _ := v["status"].(float64)
				seen[code] = true
				want := toProblem(newError(int(st), code, ""))
				if status != "default" && fmt.Sprint(st) != status {
					t.Errorf("%s %s example %s: status %v", o, status, name, st)
				}
				if v["title"] != want.Title || v["type"] != want.Type || want.Title == "" {
					t.Errorf("%s %s example %s: title %q type %q, PRIMA sends %q %q", o, status, name, v["title"], v["type"], want.Title, want.Type)
				}
				if id, _ := v["request_id"].(string); !ids.Valid(id) {
					t.Errorf("%s %s example %s: request_id %q is not an id PRIMA makes", o, status, name, id)
				}
				if code == CodeValidation {
					if errs, _ := v["errors"].([]any); len(errs) == 0 {
						t.Errorf("%s %s example %s: a validation problem without field errors", o, status, name)
					}
				}
			}
		}
	}
	for _, code := range []string{CodeValidation, CodeUnauthenticated, CodeForbidden, CodeApprovalPending, CodeNotFound, CodeConflict,
		CodeTooLarge, CodeUnsupportedType, CodeUnprocessable, CodeRateLimited, CodeInternal, CodeInvalidSig} {
		if !seen[code] {
			t.Errorf("no error example shows %s", code)
		}
	}
}
