package api

import (
	"testing"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/user"
)

// testPatientService wires the patient service the way cmd/prima does.
func testPatientService(t *testing.T, d *db.DB, k *crypto.Keyring, c clock.Clock, a *audit.Service) *patient.Service {
	t.Helper()
	return patient.NewService(patient.NewStore(d), k, user.NewDirectory(d), c)
}
