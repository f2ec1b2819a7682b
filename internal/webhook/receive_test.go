package webhook_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/webhook"
)

func TestConcurrentCopiesOfADeliveryStartOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		c := e.create(t, e.workflows.Add(e.tenantA))
		body := mustJSON(map[string]any{"phone": "0812-3456-7890", "patient": map[string]any{"name": "Siti"}, "data": map[string]any{"surgery": "mastectomy"}})
		h := e.signed(t, c.PlainSecret, "msg_concurrent", body)

		var wg sync.WaitGroup
		results := make([]webhook.Result, 5)
		errs := make([]error, 5)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = e.svc.Receive(context.Background(), c.ID, h.Clone(), body)
			}()
		}
		wg.Wait()
		var accepted, replayed int
		var execID string
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("copy %d: %v", i, errs[i])
			}
			a := answer(t, r)
			switch {
			case r.StatusCode == http.StatusAccepted && !a.Replayed:
				accepted++
			case r.StatusCode == http.StatusOK && a.Replayed:
				replayed++
			}
			if execID == "" {
				execID = *a.ExecutionID
			} else if *a.ExecutionID != execID {
				t.Fatalf("copies answered different executions: %s %s", execID, *a.ExecutionID)
			}
		}
		if accepted != 1 || replayed != 4 {
			t.Fatalf("accepted %d, replayed %d", accepted, replayed)
		}
		if calls := e.workflows.Calls(); len(calls) != 1 || calls[0].EventKey != "webhook:"+c.ID+":msg_concurrent" ||
			calls[0].Payload["data"].(map[string]any)["surgery"] != "mastectomy" {
			t.Fatalf("the workflow starts once with the payload as context: %+v", calls)
		}
		var n int64
		d.Gorm.Table("patients").Where("tenant_id = ?", e.tenantA).Count(&n)
		if n != 1 {
			t.Fatalf("%d patients created for one delivery", n)
		}
		got := outcomes(e.executions(t, c.ID))
		slices.Sort(got)
		if strings.Join(got, ",") != "replayed:200,replayed:200,replayed:200,replayed:200,started:202" {
			t.Fatalf("recorded: %v", got)
		}
	})
}

func TestPatientsAreFoundByExternalIDThenPhoneOrCreated(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		c := e.create(t, "")
		emr, err := e.patients.Create(ctx, e.admin, patient.Input{Name: "Ani", Phone: "0812-1111-0001", ExternalID: ptr("EMR-1")})
		if err != nil {
			t.Fatal(err)
		}
		family, err := e.patients.Create(ctx, e.admin, patient.Input{Name: "Budi", Phone: "0812-1111-0002"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		call := func(payload map[string]any) webhook.Answer {
			t.Helper()
			n++
			body := mustJSON(payload)
			res := e.receive(t, c.ID, e.signed(t, c.PlainSecret, "msg_"+string(rune('a'+n)), body), body)
			if res.StatusCode != http.StatusAccepted {
				t.Fatalf("%v: %d %+v", payload, res.StatusCode, res.Body)
			}
			a := answer(t, res)
			if a.ExecutionID != nil {
				t.Fatalf("an unbound webhook starts nothing: %+v", a)
			}
			return a
		}
		if a := call(map[string]any{"external_id": "EMR-1", "phone": "0812-9999-0000"}); *a.PatientID != emr.ID || a.PatientCreated {
			t.Fatalf("by external id: %+v", a)
		}
		if a := call(map[string]any{"phone": "+62 812 1111 0002"}); *a.PatientID != family.ID || a.PatientCreated {
			t.Fatalf("by phone, normalised with the tenant's region: %+v", a)
		}
		// A phone whose patient has another external id is another person (families share phones).
		a := call(map[string]any{"external_id": "EMR-2", "phone": "0812-1111-0001", "patient": map[string]any{"name": "Citra",
			"language": "en", "tags": []string{"post-op"}}})
		if !a.PatientCreated || *a.PatientID == emr.ID {
			t.Fatalf("new external id: %+v", a)
		}
		created, err := e.patients.Get(ctx, e.admin, *a.PatientID)
		if err != nil || created.Consent != patient.ConsentPending || created.ConsentSource == nil || *created.ConsentSource != patient.SourceWebhook ||
			*created.ExternalID != "EMR-2" || created.Phone != "+6281211110001" || created.Language != "en" || created.Tags[0] != "post-op" {
			t.Fatalf("created patient: %+v %v", created, err)
		}
		// Creating needs a name: 400 naming patient.name, recorded as failed, nothing written.
		body := mustJSON(map[string]any{"phone": "0812-2222-0003"})
		res := e.receive(t, c.ID, e.signed(t, c.PlainSecret, "msg_noname", body), body)
		if f := failure(t, res, http.StatusBadRequest); len(f.Errors) != 1 || f.Errors[0].Field != "patient.name" {
			t.Fatalf("no name: %+v", f)
		}
		if got := outcomes(e.executions(t, c.ID)); got[len(got)-1] != "failed:400" {
			t.Fatalf("recorded: %v", got)
		}
	})
}

func TestCallsOfDisabledWebhooksAndWrongSignaturesAreRecordedWithoutPayload(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		c := e.create(t, "")
		body := []byte(`{"phone":"0812-3456-7890"}`)
		res := e.receive(t, c.ID, e.signed(t, "whsec_"+strings.Repeat("A", 44), "msg_1", body), body)
		failure(t, res, http.StatusUnauthorized)
		if _, err := e.svc.Update(ctx, e.admin, c.ID, webhook.Patch{IsActive: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		failure(t, e.receive(t, c.ID, e.signed(t, c.PlainSecret, "msg_2", body), body), http.StatusNotFound)
		// An id no webhook has is answered 404 and not recorded anywhere.
		failure(t, e.receive(t, "01a23c9b-6524-7607-8d77-fc0c8606ad9d", http.Header{}, body), http.StatusNotFound)
		rows := e.executions(t, c.ID)
		if got := strings.Join(outcomes(rows), ","); got != "rejected:401,rejected:404" {
			t.Fatalf("recorded: %s", got)
		}
		for _, r := range rows {
			if r.Payload != nil {
				t.Fatalf("an unauthenticated payload was kept: %+v", r)
			}
		}
	})
}
