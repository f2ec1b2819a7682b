package api

import (
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/webhook"
	"github.com/prima-health/prima/internal/workflow"
)

// testWebhooks is the inbound webhook service as cmd/prima builds it, on the
// real workflow engine.
func testWebhooks(d *db.DB, a *testApp, patients *patient.Service, engine *workflow.Service, limiter ratelimit.Limiter) *webhook.Service {
	return webhook.NewService(webhook.Deps{Store: webhook.NewStore(d), Patients: patients, Workflows: engine,
		Keyring: a.keyring, Limiter: limiter, Clock: a.clock, BaseURL: a.cfg.BaseURL})
}
