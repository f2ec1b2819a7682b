package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxExampleDepth bounds how deep nested schemas are followed (and ends recursion).
const maxExampleDepth = 8

// exampleOf assembles an example value for a schema from the `example:` tags of
// the Go types behind it. An object gets every required property, and every
// optional one that has an example of its own (or holds one); a required
// property with no example falls back to a value of its type and format.
// explicit says whether any of the value came from an example tag.
func exampleOf(ref *openapi3.SchemaRef, depth int) (value any, explicit bool) {
	if ref == nil || ref.Value == nil || depth > maxExampleDepth {
		return nil, false
	}
	s := ref.Value
	if s.Example != nil {
		return s.Example, true
	}
	if len(s.AllOf) > 0 {
		merged := map[string]any{}
		for _, part := range s.AllOf {
			v, ex := exampleOf(part, depth+1)
			if m, ok := v.(map[string]any); ok {
				for k, x := range m {
					merged[k] = x
				}
				explicit = explicit || ex
			}
		}
		if own, ex := objectExample(s, depth); len(own) > 0 {
			for k, x := range own {
				merged[k] = x
			}
			explicit = explicit || ex
		}
		return merged, explicit
	}
	if s.Default != nil {
		return s.Default, false
	}
	if len(s.Enum) > 0 {
		return s.Enum[0], false
	}
	switch {
	case s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0:
		return objectExample(s, depth)
	case s.Type.Is(openapi3.TypeArray):
		// A list shows one item when its items have examples, else none.
		item, ex := exampleOf(s.Items, depth+1)
		if item == nil || !ex {
			return []any{}, false
		}
		return []any{item}, true
	case s.Type.Is(openapi3.TypeString):
		return stringExample(s.Format), false
	case s.Type.Is(openapi3.TypeInteger), s.Type.Is(openapi3.TypeNumber):
		if s.Min != nil {
			return *s.Min, false
		}
		return 0, false
	case s.Type.Is(openapi3.TypeBoolean):
		return false, false
	}
	return nil, false
}

func objectExample(s *openapi3.Schema, depth int) (map[string]any, bool) {
	out := map[string]any{}
	explicit := false
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := s.Properties[name]
		required := isRequired(s, name)
		v, ex := exampleOf(p, depth+1)
		switch {
		case leftOutOfExamples(p) || (!ex && nullable(p)):
			// A field the example does without: absent, or null when it must be there.
			if required {
				out[name] = nil
			}
			continue
		case v == nil || (!ex && !required):
			continue
		}
		out[name] = v
		explicit = explicit || ex
	}
	return out, explicit
}

// omitExtension marks a property (struct tag `extensions:"x-example-omit"`)
// that assembled examples leave out, such as one of two fields a request must
// not combine. Its own example still documents it.
const omitExtension = "x-example-omit"

func leftOutOfExamples(p *openapi3.SchemaRef) bool {
	if p == nil || p.Value == nil {
		return false
	}
	v, ok := p.Value.Extensions[omitExtension]
	return ok && v != false
}

func nullable(p *openapi3.SchemaRef) bool {
	return p != nil && p.Value != nil && p.Value.Nullable
}

// dropOmitMarks removes the x-example-omit marks once the examples are made:
// they are the generator's, not part of the contract.
func dropOmitMarks(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		delete(s.Extensions, omitExtension)
		if len(s.Extensions) == 0 {
			s.Extensions = nil
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		for _, list := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, x := range list {
				walk(x)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
	}
	if doc.Components == nil {
		return
	}
	for _, s := range doc.Components.Schemas {
		walk(s)
	}
}

func isRequired(s *openapi3.Schema, name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// stringExample is a value of a string format, for a required string with no example.
func stringExample(format string) string {
	switch strings.ToLower(format) {
	case "date-time":
		return "2026-03-02T08:00:00Z"
	case "date":
		return "2026-03-02"
	case "uuid":
		return exampleUUID
	case "email":
		return "siti@example.org"
	case "uri", "url":
		return "https://example.org"
	}
	return "string"
}

// exampleUUID is the UUIDv7 the generated examples use for ids they make up.
const exampleUUID = "0195f3c2-7a4e-7b1d-9c3a-5e2f8d4b6a10"

// requestExamples gives each JSON request body the example assembled from its
// schema, so Swagger UI's "Try it out" starts from a body PRIMA accepts (the api
// tests send every one of them).
func requestExamples(doc *openapi3.T) {
	for _, op := range operations(doc) {
		if op.RequestBody == nil || op.RequestBody.Value == nil {
			continue
		}
		mt := op.RequestBody.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Example != nil || len(mt.Examples) > 0 {
			continue
		}
		if v, _ := exampleOf(mt.Schema, 0); v != nil {
			mt.Example = v
		}
	}
}

// operation is one method of one path.
type operation struct {
	method, path string
	*openapi3.Operation
}

// operations lists the document's operations in a stable order.
func operations(doc *openapi3.T) []operation {
	if doc.Paths == nil {
		return nil
	}
	var out []operation
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			out = append(out, operation{method: method, path: path, Operation: op})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].path != out[j].path {
			return out[i].path < out[j].path
		}
		return out[i].method < out[j].method
	})
	return out
}

// schemaExamples are whole examples of schemas whose parts' examples cannot
// add up to a valid value (a workflow graph's nodes must join up), by schema
// name. The document's validation checks each against its schema, and the api
// tests send the request bodies they end up in.
//
//go:embed schema_examples.json
var schemaExamples []byte

func setSchemaExamples(doc *openapi3.T) error {
	var byName map[string]any
	if err := json.Unmarshal(schemaExamples, &byName); err != nil {
		return fmt.Errorf("schema_examples.json: %w", err)
	}
	for name, ex := range byName {
		if doc.Components == nil || doc.Components.Schemas[name] == nil || doc.Components.Schemas[name].Value == nil {
			return fmt.Errorf("schema_examples.json: no schema is named %s", name)
		}
		doc.Components.Schemas[name].Value.Example = ex
	}
	return nil
}
