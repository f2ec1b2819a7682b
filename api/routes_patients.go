package api

import (
	"fmt"

	"github.com/labstack/echo/v4"
	emw "github.com/labstack/echo/v4/middleware"
)

// patientRoutes registers the patient resource. The static /import and /export
// segments win over /:id in Echo's router whatever the order; they come first
// anyway for the reader.
func (s *Server) patientRoutes(e *echo.Echo, ch chains) {
	// CSV uploads skip the global 1 MiB limit and get their own: after
	// authentication, before the idempotency middleware reads (hashes) the body.
	uploadLimit := emw.BodyLimit(fmt.Sprintf("%dMiB", maxUploadBody>>20)) // MiB: Echo reads "M" as 1,000,000 bytes
	upload := join(ch.app, uploadLimit)
	upload = append(upload, ch.create[len(ch.app):]...)

	e.GET("/api/v1/patients/export", s.exportPatients, ch.app...)
	e.POST("/api/v1/patients/import", s.importPatients, upload...)
	e.GET("/api/v1/patients/import/sample", s.importSample, ch.app...)
	e.GET("/api/v1/patients", s.listPatients, ch.app...)
	e.POST("/api/v1/patients", s.createPatient, ch.create...)
	e.GET("/api/v1/patients/:id", s.getPatient, ch.app...)
	e.PATCH("/api/v1/patients/:id", s.updatePatient, ch.app...)
	e.DELETE("/api/v1/patients/:id", s.deletePatient, ch.app...)
	e.GET("/api/v1/patients/:id/timeline", s.patientTimeline, ch.app...)
	// Patient rights (admins): the whole record, and erasure.
	e.GET("/api/v1/patients/:id/export", s.exportPatientRecord, ch.app...)
	e.POST("/api/v1/patients/:id/erase", s.erasePatient, ch.app...)
}
