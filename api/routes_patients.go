package api

import "github.com/labstack/echo/v4"

// patientRoutes registers the patient resource (being written).
func (s *Server) patientRoutes(e *echo.Echo, ch chains) {}
