package api

import (
	"context"
	"encoding/json"
	"testing"
)

// wfTick runs the workflow side of a tick at the app's clock: starts what
// triggers call for, then advances whatever is due.
func (a *testApp) wfTick() {
	a.t.Helper()
	ctx := context.Background()
	if _, err := a.deps.Workflows.StartDue(ctx); err != nil {
		a.t.Fatal(err)
	}
	if _, err := a.deps.Workflows.ProcessAll(ctx); err != nil {
		a.t.Fatal(err)
	}
}

func (a *testApp) createWorkflow(body map[string]any) Workflow {
	a.t.Helper()
	r := a.do("POST", "/api/v1/workflows", body, a.admin)
	a.ok(r, 201)
	var w Workflow
	r.decode(&w)
	return w
}

func (a *testApp) activate(id string) {
	a.t.Helper()
	a.ok(a.do("POST", "/api/v1/workflows/"+id+"/activate", nil, a.admin), 200)
}

// workflowBodies are the bodies of the messages a workflow sent the patient, oldest first.
func (a *testApp) workflowBodies(patientID string) []string {
	a.t.Helper()
	var list MessageList
	r := a.do("GET", "/api/v1/messages?patient_id="+patientID+"&source=workflow&sort=created_at&per_page=100", nil, a.admin)
	a.ok(r, 200)
	r.decode(&list)
	out := []string{}
	for _, m := range list.Data {
		out = append(out, m.Body)
	}
	return out
}

func (a *testApp) executions(query string) []WorkflowExecution {
	a.t.Helper()
	var list WorkflowExecutionList
	r := a.do("GET", "/api/v1/workflow-executions?"+query, nil, a.admin)
	a.ok(r, 200)
	r.decode(&list)
	return list.Data
}

func (a *testApp) execution(id string) WorkflowExecution {
	a.t.Helper()
	var e WorkflowExecution
	r := a.do("GET", "/api/v1/workflow-executions/"+id, nil, a.admin)
	a.ok(r, 200)
	r.decode(&e)
	return e
}

// graphOf decodes a JSON graph literal.
func graphOf(t *testing.T, s string) map[string]any {
	t.Helper()
	var g map[string]any
	if err := json.Unmarshal([]byte(s), &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// expectProblem checks a problem answer with status and a field error on field.
func (a *testApp) expectProblem(r *response, status int, field string) {
	a.t.Helper()
	a.ok(r, status)
	p := r.problem()
	for _, e := range p.Errors {
		if e.Field == field {
			return
		}
	}
	a.t.Fatalf("no error on %q in %+v", field, p.Errors)
}
