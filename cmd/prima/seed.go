package main

import (
	"context"

	"github.com/prima-health/prima/internal/seed"
)

// seedDemo loads demo data into an empty database; false when it had data.
func seedDemo(ctx context.Context, s *services) (bool, error) {
	return seed.Demo(ctx, s.db, seed.Services{Users: s.users, Patients: s.patients, Templates: s.templates,
		Reminders: s.reminders, Appointments: s.appointments}, s.clock)
}
