package main

import (
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/user"
)

func newPatientService(s *services) *patient.Service {
	return patient.NewService(patient.NewStore(s.db), s.keyring, user.NewDirectory(s.db), s.clock)
}
