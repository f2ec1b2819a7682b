package webhook_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/crypto"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/webhook"
)

func TestWebhookLifecycleAndRoles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		ctx := context.Background()
		flow := e.workflows.Add(e.tenantA)
		c := e.create(t, flow)
		if !strings.HasPrefix(c.PlainSecret, "whsec_") || c.Secret == c.PlainSecret || !crypto.IsSealed(c.Secret) {
			t.Fatalf("the secret is sealed at rest and shown once: %+v", c)
		}
		if c.Version != 1 || !c.IsActive || *c.WorkflowID != flow || e.svc.URL(c.ID) != "https://prima.example.org/api/v1/hooks/in/"+c.ID {
			t.Fatalf("created: %+v", c.Webhook)
		}

		// Developers manage webhooks too; volunteers do not; another tenant sees nothing.
		if _, err := e.svc.Get(ctx, e.dev, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Create(ctx, e.volunteer, webhook.Input{Name: "x"}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("volunteer create: %v", err)
		}
		if _, _, err := e.svc.List(ctx, e.volunteer, 1, 10); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("volunteer list: %v", err)
		}
		if _, err := e.svc.Get(ctx, e.adminB, c.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("other tenant: %v", err)
		}

		// Validation: names, workflow ids of the tenant only, nulls.
		_, err := e.svc.Create(ctx, e.admin, webhook.Input{Name: " ", WorkflowID: ptr("nope")})
		wantFields(t, err, "name", "workflow_id")
		_, err = e.svc.Create(ctx, e.admin, webhook.Input{Name: "B", WorkflowID: ptr(e.workflows.Add(e.tenantB))})
		wantFields(t, err, "workflow_id")
		_, err = e.svc.Update(ctx, e.admin, c.ID, webhook.Patch{Clear: []string{"name", "colour"}})
		wantFields(t, err, "name", "colour")

		// Update with optimistic concurrency; unbinding with null.
		w, err := e.svc.Update(ctx, e.admin, c.ID, webhook.Patch{Name: ptr("Bookings"), IsActive: ptr(false), Version: ptr(1)})
		if err != nil || w.Name != "Bookings" || w.IsActive || w.Version != 2 {
			t.Fatalf("update: %+v %v", w, err)
		}
		if _, err := e.svc.Update(ctx, e.admin, c.ID, webhook.Patch{Name: ptr("X"), Version: ptr(1)}); !errors.Is(err, errs.ErrConflict) {
			t.Fatalf("stale version: %v", err)
		}
		w, err = e.svc.Update(ctx, e.dev, c.ID, webhook.Patch{Clear: []string{"workflow_id"}})
		if err != nil || w.WorkflowID != nil || w.Version != 3 {
			t.Fatalf("unbind: %+v %v", w, err)
		}

		// Rotation: bounds, and the previous secret's overlap.
		if _, err := e.svc.RotateSecret(ctx, e.admin, c.ID, webhook.Rotation{Overlap: ptr(8 * 24 * time.Hour)}); err == nil {
			t.Fatal("an overlap over 7 days is refused")
		}
		r, err := e.svc.RotateSecret(ctx, e.admin, c.ID, webhook.Rotation{})
		if err != nil || r.PlainSecret == c.PlainSecret || r.PreviousSecretUntil == nil || !r.PreviousSecretUntil.Equal(t0.Add(24*time.Hour)) {
			t.Fatalf("rotate: %+v %v", r, err)
		}

		list, total, err := e.svc.List(ctx, e.admin, 1, 10)
		if err != nil || total != 1 || list[0].ID != c.ID {
			t.Fatalf("list: %+v %d %v", list, total, err)
		}
		if err := e.svc.Delete(ctx, e.admin, c.ID, ptr(1)); !errors.Is(err, errs.ErrConflict) {
			t.Fatalf("stale delete: %v", err)
		}
		if err := e.svc.Delete(ctx, e.admin, c.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Get(ctx, e.admin, c.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("deleted: %v", err)
		}
	})
}

func TestWithoutTheEngineWorkflowsCannotBeBound(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		_, err := e.svc.Create(context.Background(), e.admin, webhook.Input{Name: "A", WorkflowID: ptr("01a23c9b-6524-7607-8d77-fc0c8606ad9d")})
		var ve *errs.ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Field != "workflow_id" || ve.Fields[0].Code != errs.CodeNotFoundRef {
			t.Fatalf("binding without an engine: %v", err)
		}
		if e.svc.WorkflowsEnabled() {
			t.Fatal("no engine, no workflows")
		}
	})
}
