package api

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/testutil"
)

// The import's row errors document the same codes as field errors.
func TestImportRowErrorCodesAreDocumented(t *testing.T) {
	f, _ := reflect.TypeFor[ImportRowError]().FieldByName("Code")
	if got := strings.Split(f.Tag.Get("enums"), ","); !slices.Equal(got, errs.Codes) {
		t.Fatalf("ImportRowError.Code enums %v, want %v", got, errs.Codes)
	}
}

// codedFieldError is a problem's field error as a client reads it.
type codedFieldError struct {
	Field   string            `json:"field"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Params  map[string]string `json:"params"`
}

// Every field error of every resource carries a stable machine code next to
// its English message, so the dashboard can say it in the user's language.
func TestFieldErrorsCarryMachineCodes(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti", "phone": "0812-3456-7890", "consent": "granted"})
		own := "/api/v1/patients/" + p.ID
		long := strings.Repeat("a", 201)
		cases := []struct {
			name, method, path string
			body               any
			want               map[string]string // field → code
			headers            []string
		}{
			{"patient required", "POST", "/api/v1/patients", `{}`, map[string]string{"name": "required", "phone": "required"}, nil},
			{"patient values", "POST", "/api/v1/patients", map[string]any{"name": long, "phone": "12345", "email": "x",
				"gender": "x", "birth_date": "31-01-1970", "timezone": "Mars/Base"},
				map[string]string{"name": "too_long", "phone": "invalid_phone", "email": "invalid_format", "gender": "invalid_enum",
					"birth_date": "invalid_format", "timezone": "invalid_format"}, nil},
			{"patient unknown field", "POST", "/api/v1/patients", `{"name":"A","phone":"0812-1111-0009","colour":"red"}`,
				map[string]string{"colour": "unknown_field"}, nil},
			{"patient wrong type", "POST", "/api/v1/patients", `{"name":5,"phone":"0812-1111-0009"}`, map[string]string{"name": "invalid_type"}, nil},
			{"not json", "POST", "/api/v1/patients", `name=A`, map[string]string{"body": "invalid_format"}, nil},
			{"patient null name", "PATCH", own, `{"name":null}`, map[string]string{"name": "required"}, nil},
			{"patient bad assignee", "PATCH", own, map[string]any{"assigned_volunteer_id": a.developerID}, map[string]string{"assigned_volunteer_id": "not_found_ref"}, nil},
			{"bad If-Match", "PATCH", own, `{"name":"B"}`, map[string]string{"If-Match": "invalid_format"}, []string{"If-Match", "three"}},
			{"patient list", "GET", "/api/v1/patients?consent=maybe&sort=phone&per_page=500", nil,
				map[string]string{"per_page": "out_of_range"}, nil},
			{"patient filters", "GET", "/api/v1/patients?consent=maybe&sort=phone", nil, map[string]string{"consent": "invalid_enum", "sort": "invalid_enum"}, nil},
			{"reminder required", "POST", "/api/v1/reminders", map[string]any{"patient_id": p.ID}, map[string]string{"schedule": "required", "type": "invalid_enum"}, nil},
			{"reminder both texts", "POST", "/api/v1/reminders", map[string]any{"patient_id": p.ID, "type": "custom", "message": "Hi",
				"template_id": p.ID, "schedule": map[string]any{"frequency": "daily", "times": []string{"25:00"}, "start_date": "2026-11-22"}},
				map[string]string{"message": "mutually_exclusive", "schedule.times[0]": "invalid_format"}, nil},
			{"reminder windows", "POST", "/api/v1/reminders", map[string]any{"patient_id": p.ID, "type": "custom", "message": "Hi",
				"ttl_minutes": 0, "schedule": map[string]any{"frequency": "sometimes", "start_date": "2026-11-22"}},
				map[string]string{"ttl_minutes": "out_of_range", "schedule.frequency": "invalid_enum"}, nil},
			{"appointment", "POST", "/api/v1/appointments", map[string]any{"patient_id": p.ID, "starts_at": "tomorrow 9am"},
				map[string]string{"starts_at": "invalid_format"}, nil},
			{"appointment required", "POST", "/api/v1/appointments", `{}`, map[string]string{"patient_id": "required", "starts_at": "required"}, nil},
			{"template", "POST", "/api/v1/templates", map[string]any{"name": "", "kind": "poem", "bodies": map[string]any{"en": "Hi {{name"}},
				map[string]string{"name": "required", "kind": "invalid_enum"}, nil},
			{"settings", "PATCH", "/api/v1/settings", map[string]any{"timezone": "Mars/Base", "channel_order": []string{"pigeon"}},
				map[string]string{"timezone": "invalid_format"}, nil},
			{"user role", "PATCH", "/api/v1/users/" + a.volunteerID, map[string]any{"role": "owner"}, map[string]string{"role": "invalid_enum"}, nil},
			{"message send", "POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": ""}, map[string]string{"body": "required"}, nil},
			{"message send too long", "POST", "/api/v1/messages", map[string]any{"patient_id": p.ID, "body": strings.Repeat("x", 5000)},
				map[string]string{"body": "too_long"}, nil},
			{"message log filter", "GET", "/api/v1/messages?channel=pigeon&from=yesterday", nil, map[string]string{"from": "invalid_format"}, nil},
			{"message retry", "POST", "/api/v1/messages/retry", map[string]any{"ids": []string{"x"}}, map[string]string{"ids[0]": "invalid_format"}, nil},
			{"timeline", "GET", own + "/timeline?limit=500", nil, map[string]string{"limit": "out_of_range"}, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := a.as(t)
				r := a.do(c.method, c.path, c.body, a.admin, c.headers...)
				a.ok(r, 400)
				var pb struct {
					Errors []codedFieldError `json:"errors"`
				}
				r.decode(&pb)
				if len(pb.Errors) == 0 {
					t.Fatalf("no field errors: %s", r.body)
				}
				got := map[string]string{}
				for _, e := range pb.Errors {
					if e.Code == "" || e.Message == "" {
						t.Errorf("field error without a code or a message: %+v", e)
					}
					if _, seen := got[e.Field]; !seen {
						got[e.Field] = e.Code
					}
				}
				for f, code := range c.want {
					if got[f] != code {
						t.Errorf("%s: code %q, want %q (all: %s)", f, got[f], code, r.body)
					}
				}
			})
		}

		// Limits travel as parameters, so a translation can name them.
		r := a.do("POST", "/api/v1/patients", map[string]any{"name": long, "phone": "0812-1111-0009"}, a.admin)
		a.ok(r, 400)
		var pb struct {
			Errors []codedFieldError `json:"errors"`
		}
		r.decode(&pb)
		if len(pb.Errors) != 1 || pb.Errors[0].Params["max"] != "200" {
			t.Fatalf("too long name: %s", r.body)
		}

		// The rows of a CSV import carry codes too.
		res := a.upload("/api/v1/patients/import?dry_run=true", a.admin, "name,phone\nAni,12345\n,0812-1111-0010\n")
		a.ok(res, 200)
		var imp struct {
			Errors []struct {
				Row   int    `json:"row"`
				Field string `json:"field"`
				Code  string `json:"code"`
			} `json:"errors"`
		}
		res.decode(&imp)
		codes := map[string]string{}
		for _, e := range imp.Errors {
			codes[e.Field] = e.Code
		}
		if codes["phone"] != "invalid_phone" || codes["name"] != "required" {
			t.Fatalf("import row errors: %s", res.body)
		}
	})
}
