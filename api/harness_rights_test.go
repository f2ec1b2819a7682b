package api

import (
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/patientrights"
	"github.com/prima-health/prima/internal/platform/db"
)

// testPatientRights is the export and erasure service as cmd/prima builds it.
func testPatientRights(d *db.DB, a *testApp, patients *patient.Service) *patientrights.Service {
	files, _ := a.storage.(patientrights.Files)
	return patientrights.New(patientrights.Deps{DB: d, Keyring: a.keyring, Clock: a.clock, Files: files,
		OnErase: patients.ForgetTotals})
}
