package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	primaclient "github.com/prima-health/prima/pkg/client"
)

// The Go client generated from openapi.yaml (pkg/client) talks to a real PRIMA
// server over HTTP the way an integration does: an admin's session creates an
// API key, and the key registers a patient and reads it back; problem details
// come back as problems.
func TestGoClientCreatesAndReadsAPatient(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		srv := httptest.NewServer(a.e)
		t.Cleanup(srv.Close)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()

		session, err := primaclient.NewClientWithResponses(srv.URL,
			primaclient.WithRequestEditorFn(primaclient.WithBearerToken(a.admin)))
		if err != nil {
			t.Fatal(err)
		}
		k, err := session.CreateApiKeyWithResponse(ctx, nil, primaclient.APIKeyInput{Name: "EMR sync",
			Scopes: []primaclient.APIKeyInputScopes{primaclient.APIKeyInputScopesRead, primaclient.APIKeyInputScopesWrite}})
		if err != nil {
			t.Fatal(err)
		}
		if k.JSON201 == nil || k.JSON201.Key == nil {
			t.Fatalf("create key: %d %s", k.StatusCode(), k.Body)
		}
		c, err := primaclient.NewClientWithResponses(srv.URL,
			primaclient.WithRequestEditorFn(primaclient.WithBearerToken(*k.JSON201.Key)))
		if err != nil {
			t.Fatal(err)
		}
		external, email := "RM-000123", "siti@example.org"
		key := "client-create-siti"
		created, err := c.CreatePatientWithResponse(ctx, &primaclient.CreatePatientParams{IdempotencyKey: &key},
			primaclient.PatientInput{Name: "Siti Rahmawati", Phone: "0812-3456-7890", ExternalId: &external,
				Email: &email, Tags: &[]string{"tamoxifen"}})
		if err != nil {
			t.Fatal(err)
		}
		if created.StatusCode() != http.StatusCreated || created.JSON201 == nil {
			t.Fatalf("create: %d %s", created.StatusCode(), created.Body)
		}
		p := created.JSON201
		if p.Id == "" || p.Name != "Siti Rahmawati" || p.Phone != "+6281234567890" || p.Version != 1 {
			t.Fatalf("created: %+v", p)
		}

		got, err := c.GetPatientWithResponse(ctx, p.Id)
		if err != nil {
			t.Fatal(err)
		}
		if got.StatusCode() != http.StatusOK || got.JSON200 == nil {
			t.Fatalf("get: %d %s", got.StatusCode(), got.Body)
		}
		r := got.JSON200
		if r.Id != p.Id || r.Name != "Siti Rahmawati" || r.Phone != "+6281234567890" ||
			r.ExternalId == nil || *r.ExternalId != external || r.Email == nil || *r.Email != email ||
			!slices.Equal(r.Tags, []string{"tamoxifen"}) || r.Language != primaclient.PatientLanguageId ||
			r.Timezone != "Asia/Jakarta" || !r.IsActive {
			t.Fatalf("read back: %+v", r)
		}

		// Errors come back as problem details.
		missing, err := c.GetPatientWithResponse(ctx, "0195f3c2-7a4e-7b1d-9c3a-5e2f8d4b6a10")
		if err != nil {
			t.Fatal(err)
		}
		if missing.StatusCode() != http.StatusNotFound || missing.ApplicationproblemJSON404 == nil ||
			missing.ApplicationproblemJSON404.Code != CodeNotFound {
			t.Fatalf("a patient that does not exist: %d %s", missing.StatusCode(), missing.Body)
		}
		// The key may read and write, not send; and not after it is revoked.
		sent, err := c.SendMessageWithResponse(ctx, nil, primaclient.SendMessageRequest{PatientId: p.Id, Body: "Halo"})
		if err != nil {
			t.Fatal(err)
		}
		if sent.StatusCode() != http.StatusForbidden || sent.ApplicationproblemJSON403 == nil {
			t.Fatalf("send with a read/write key: %d %s", sent.StatusCode(), sent.Body)
		}
		if rv, err := session.RevokeApiKeyWithResponse(ctx, k.JSON201.Id); err != nil || rv.StatusCode() != http.StatusNoContent {
			t.Fatalf("revoke: %v %v", rv, err)
		}
		if after, err := c.GetPatientWithResponse(ctx, p.Id); err != nil || after.StatusCode() != http.StatusUnauthorized {
			t.Fatalf("a revoked key: %v %v", after, err)
		}
		anonymous, err := primaclient.NewClientWithResponses(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		denied, err := anonymous.GetPatientWithResponse(ctx, p.Id)
		if err != nil {
			t.Fatal(err)
		}
		if denied.StatusCode() != http.StatusUnauthorized || denied.ApplicationproblemJSON401 == nil ||
			denied.ApplicationproblemJSON401.Code != CodeUnauthenticated {
			t.Fatalf("without a token: %d %s", denied.StatusCode(), denied.Body)
		}
	})
}
