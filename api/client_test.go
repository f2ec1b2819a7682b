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
// server over HTTP with a real session token: it registers a patient, reads
// it back, and reads problem details as problems.
func TestGoClientCreatesAndReadsAPatient(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		srv := httptest.NewServer(a.e)
		t.Cleanup(srv.Close)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()

		c, err := primaclient.NewClientWithResponses(srv.URL,
			primaclient.WithRequestEditorFn(primaclient.WithBearerToken(a.admin)))
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
