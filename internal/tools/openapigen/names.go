package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

const schemaRefPrefix = "#/components/schemas/"

// goPackagePrefix is the "api." (or "errs.") swag puts before a Go type's name.
var goPackagePrefix = regexp.MustCompile(`^[a-z][a-z0-9_]*\.`)

// plainSchemaName is a schema's name without its Go package: "Patient" for "api.Patient".
func plainSchemaName(name string) string {
	return goPackagePrefix.ReplaceAllString(name, "")
}

// withoutPackagePrefixes renames every schema of an OpenAPI document (as JSON)
// to its name without the Go package and rewrites every $ref to match. Two
// schemas that would end up with one name (api.Status and errs.Status) are an
// error: the contract's names must not depend on which one wins.
func withoutPackagePrefixes(doc []byte) ([]byte, error) {
	var root map[string]any
	if err := json.Unmarshal(doc, &root); err != nil {
		return nil, err
	}
	components, _ := root["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)
	if len(schemas) == 0 {
		return doc, nil
	}
	renames := make(map[string]string, len(schemas))
	owners := make(map[string][]string, len(schemas))
	for name := range schemas {
		plain := plainSchemaName(name)
		renames[name] = plain
		owners[plain] = append(owners[plain], name)
	}
	var collisions []string
	for plain, from := range owners {
		if len(from) > 1 {
			sort.Strings(from)
			collisions = append(collisions, fmt.Sprintf("%s (from %s)", plain, strings.Join(from, ", ")))
		}
	}
	if len(collisions) > 0 {
		sort.Strings(collisions)
		return nil, fmt.Errorf("schema names collide once the Go package is dropped; rename one of the types: %s",
			strings.Join(collisions, "; "))
	}
	renamed := make(map[string]any, len(schemas))
	for name, s := range schemas {
		renamed[renames[name]] = s
	}
	components["schemas"] = renamed
	if err := rewriteRefs(root, renames); err != nil {
		return nil, err
	}
	return json.Marshal(root)
}

// rewriteRefs points every "$ref" to a schema at the schema's new name.
func rewriteRefs(node any, renames map[string]string) error {
	switch n := node.(type) {
	case map[string]any:
		for k, v := range n {
			if ref, ok := v.(string); ok && k == "$ref" && strings.HasPrefix(ref, schemaRefPrefix) {
				to, known := renames[strings.TrimPrefix(ref, schemaRefPrefix)]
				if !known {
					return fmt.Errorf("$ref %s names no schema", ref)
				}
				n[k] = schemaRefPrefix + to
				continue
			}
			if err := rewriteRefs(v, renames); err != nil {
				return err
			}
		}
	case []any:
		for _, v := range n {
			if err := rewriteRefs(v, renames); err != nil {
				return err
			}
		}
	}
	return nil
}
