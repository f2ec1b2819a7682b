package main

import "github.com/prima-health/prima/internal/patient"

func newPatientService(s *services) *patient.Service { return &patient.Service{} }
