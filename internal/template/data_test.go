package template_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/template"
)

func TestDataFromPatient(t *testing.T) {
	p := patient.Patient{Name: "  Siti  Rahmawati ", Language: "id",
		Attributes: patient.Attributes(`{"mrn":"A-17","visits":12,"weight":61.5,"bpjs":true,"old":false,"nested":{"a":1},` +
			`"list":[1],"none":null,"empty":" ","bad-key":"x"}`)}
	got := template.DataFromPatient(p, "Klinik Sehat", map[string]string{"medication": "Tamoxifen", "dose": "", "name": "Override"})
	want := template.Data{"name": "Override", "first_name": "Siti", "clinic": "Klinik Sehat", "medication": "Tamoxifen",
		"attributes.mrn": "A-17", "attributes.visits": "12", "attributes.weight": "61.5", "attributes.bpjs": "true",
		"attributes.old": "false"}
	if !maps.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	// Empty attributes, no clinic, a one-word name.
	got = template.DataFromPatient(patient.Patient{Name: "김민준"}, "", nil)
	if !maps.Equal(got, template.Data{"name": "김민준", "first_name": "김민준"}) {
		t.Errorf("minimal patient: %v", got)
	}
}

func TestRenderForFallsBackThroughLanguages(t *testing.T) {
	data := template.Data{"first_name": "Siti"}
	all := template.Template{Bodies: template.Bodies{ID: "Halo {{first_name}}", Ko: "안녕하세요 {{first_name}}님", En: "Hello {{first_name}}"}}
	cases := []struct {
		t          template.Template
		lang, want string
		wantLang   string
	}{
		{all, "id", "Halo Siti", "id"},
		{all, "ko", "안녕하세요 Siti님", "ko"},
		{all, "en", "Hello Siti", "en"},
		{all, "fr", "Halo Siti", "id"},
		{template.Template{Bodies: template.Bodies{Ko: "안녕 {{first_name}}", En: "Hi {{first_name}}"}}, "id", "Hi Siti", "en"},
		{template.Template{Bodies: template.Bodies{Ko: "안녕 {{first_name}}"}}, "en", "안녕 Siti", "ko"},
		{template.Template{Bodies: template.Bodies{ID: "Halo", Ko: "안녕"}}, "en", "Halo", "id"},
	}
	for _, c := range cases {
		got, lang, err := template.RenderFor(c.t, c.lang, data)
		if err != nil || got != c.want || lang != c.wantLang {
			t.Errorf("RenderFor(%+v, %s) = %q, %q, %v; want %q, %q", c.t.Bodies, c.lang, got, lang, err, c.want, c.wantLang)
		}
	}
	if _, _, err := template.RenderFor(template.Template{}, "id", data); err == nil {
		t.Error("a template without bodies cannot render")
	}
	if _, _, err := template.RenderFor(all, "en", template.Data{}); err == nil {
		t.Error("a missing value is an error")
	}
}

func TestKakaoParamsAndMissingVariables(t *testing.T) {
	code := "PRIMA_REMINDER_1"
	tpl := template.Template{Bodies: template.Bodies{ID: "Halo {{first_name}}, minum {{medication}}", En: "Hi {{name}} {{attributes.mrn}}"},
		KakaoTemplateCode: &code, KakaoParameters: template.ParamMap{"name": "first_name", "drug": "medication", "when": "time"}}
	data := template.Data{"first_name": "Siti", "medication": "Tamoxifen", "time": " "}
	got := template.KakaoParams(tpl, data)
	if !maps.Equal(got, map[string]string{"name": "Siti", "drug": "Tamoxifen", "when": ""}) {
		t.Errorf("KakaoParams = %v", got)
	}
	if m := template.MissingVariables(tpl, "id", data); !slices.Equal(m, []string{"time"}) {
		t.Errorf("missing (id) = %v", m)
	}
	if m := template.MissingVariables(tpl, "en", data); !slices.Equal(m, []string{"attributes.mrn", "name", "time"}) {
		t.Errorf("missing (en) = %v", m)
	}
	if v := tpl.Variables(); !slices.Equal(v, []string{"attributes.mrn", "first_name", "medication", "name", "time"}) {
		t.Errorf("Variables = %v", v)
	}
}
