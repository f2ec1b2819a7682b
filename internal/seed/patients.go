package seed

import (
	"context"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
)

func demoPatients(ctx context.Context, svc *patient.Service, admin identity.Actor, volunteerID string) error {
	return nil
}
