package api

import (
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/webhook"
)

// testWebhooks is the inbound webhook service as cmd/prima builds it, with
// the recording stand-in of the workflow engine (a.workflows).
func testWebhooks(d *db.DB, a *testApp, patients *patient.Service, limiter ratelimit.Limiter) *webhook.Service {
	return webhook.NewService(webhook.Deps{Store: webhook.NewStore(d), Patients: patients, Workflows: a.workflows,
		Keyring: a.keyring, Limiter: limiter, Clock: a.clock, BaseURL: a.cfg.BaseURL})
}
