// Package primaclient is a Go client for PRIMA's REST API, generated from
// openapi.yaml by oapi-codegen (client.gen.go; `make docs` regenerates it).
//
//	c, err := primaclient.NewClientWithResponses("https://prima.example.org",
//		primaclient.WithRequestEditorFn(primaclient.WithBearerToken(token)))
//	created, err := c.CreatePatientWithResponse(ctx, nil, primaclient.PatientInput{
//		Name: "Siti Rahmawati", Phone: "0812-3456-7890"})
//	// created.JSON201 is the patient; created.ApplicationproblemJSON400 and the
//	// like hold the problem detail of an error.
package primaclient

import (
	"context"
	"net/http"
)

// WithBearerToken sends a session token or API key as the Authorization
// bearer token of every request it edits.
func WithBearerToken(token string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}
