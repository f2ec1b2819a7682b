package template_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/template"
)

func TestParse(t *testing.T) {
	cases := []struct {
		body string
		want []string
	}{
		{"", []string{}},
		{"Halo", []string{}},
		{"Halo {{first_name}}", []string{"first_name"}},
		{"{{ first_name }}, {{\tmedication\t}} {{dose}} {{first_name}}", []string{"first_name", "medication", "dose"}},
		{"{{name}}{{time}}", []string{"name", "time"}},
		{"{{attributes.mrn}} {{ attributes.BPJS_no_2 }}", []string{"attributes.mrn", "attributes.BPJS_no_2"}},
		{"{{attributes." + strings.Repeat("k", 64) + "}}", []string{"attributes." + strings.Repeat("k", 64)}},
		{"single { and } braces, a stray }} and {x}", []string{}},
		{"{{appointment_date}} {{appointment_time}} {{doctor}} {{location}} {{clinic}} {{link}}",
			[]string{"appointment_date", "appointment_time", "doctor", "location", "clinic", "link"}},
		{"{{name}}}", []string{"name"}},
		{"안녕하세요 {{name}}님", []string{"name"}},
	}
	for _, c := range cases {
		got, err := template.Parse(c.body)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.body, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Parse(%q) = %v, want %v", c.body, got, c.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct {
		body, variable, reason string
		offset                 int
	}{
		{"Halo {{nama}}", "nama", "unknown variable {{nama}}", 5},
		{"Halo {{first_name}", "", "never closed", 5},
		{"Halo {{", "", "never closed", 5},
		{"{{}}", "", "empty", 0},
		{"{{  }}", "", "empty", 0},
		{"{{Name}}", "Name", "unknown variable", 0},
		{"{{first name}}", "first name", "unknown variable", 0},
		{"{{attributes.}}", "attributes.", "attribute name", 0},
		{"{{attributes.a-b}}", "attributes.a-b", "attribute name", 0},
		{"{{attributes." + strings.Repeat("k", 65) + "}}", "attributes." + strings.Repeat("k", 65), "attribute name", 0},
		{"{{attributes}}", "attributes", "unknown variable", 0},
		{"{{{name}}}", "{name", "unknown variable", 0},
		{"a{{{name}}", "{name", "unknown variable", 1},
		{"{{ {{name}} }}", "", "never closed", 0},
		{"{{name}} then {{", "", "never closed", 14},
		{"안녕 {{이름}}", "이름", "unknown variable", 3},
		{"{{\nname}}", "\nname", "unknown variable", 0},
	}
	for _, c := range cases {
		_, err := template.Parse(c.body)
		var pe *template.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q): want a *ParseError, got %v", c.body, err)
			continue
		}
		if pe.Variable != c.variable || pe.Offset != c.offset || !strings.Contains(pe.Error(), c.reason) {
			t.Errorf("Parse(%q): %+v, want variable %q offset %d reason ~%q", c.body, pe, c.variable, c.offset, c.reason)
		}
	}
	// Long garbage is not repeated whole in the message.
	_, err := template.Parse("{{" + strings.Repeat("x", 500) + "}}")
	if err == nil || len(err.Error()) > 400 {
		t.Errorf("long unknown variable: %v", err)
	}
	if !strings.Contains(err.Error(), "{{first_name}}") || !strings.Contains(err.Error(), "{{attributes.KEY}}") {
		t.Errorf("the message lists the variables one may use: %v", err)
	}
}

func TestRender(t *testing.T) {
	data := template.Data{"name": "Siti Rahmawati", "first_name": "Siti", "medication": "Tamoxifen", "dose": "20 mg",
		"attributes.mrn": "A-17", "link": "{{name}}"}
	got, err := template.Render("Halo {{ first_name }}, minum {{medication}} {{dose}} ({{attributes.mrn}}). {x}", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Halo Siti, minum Tamoxifen 20 mg (A-17). {x}"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A value is inserted as it is, never expanded again.
	if got, _ := template.Render("{{link}}", data); got != "{{name}}" {
		t.Errorf("values are not templates: %q", got)
	}
	// Missing values name every missing variable, once.
	_, err = template.Render("{{first_name}} {{time}} {{doctor}} {{time}}", template.Data{"first_name": "Siti", "doctor": "  "})
	var me *template.MissingError
	if !errors.As(err, &me) || !slices.Equal(me.Variables, []string{"time", "doctor"}) {
		t.Fatalf("missing: %v", err)
	}
	if !strings.Contains(me.Error(), "{{time}}") || !strings.Contains(me.Error(), "{{doctor}}") {
		t.Errorf("message %q", me.Error())
	}
	// An invalid body is a parse error, not a rendering.
	_, err = template.Render("{{nama}}", data)
	var pe *template.ParseError
	if !errors.As(err, &pe) {
		t.Errorf("want a parse error, got %v", err)
	}
	if got, err := template.Render("", nil); got != "" || err != nil {
		t.Errorf("empty body: %q %v", got, err)
	}
}

func TestIsVariable(t *testing.T) {
	for _, v := range template.KnownVariables {
		if !template.IsVariable(v) {
			t.Errorf("%s should be a variable", v)
		}
	}
	for _, v := range []string{"", "nama", "attributes.", "attributes.a.b", "attributes.é", " name", "NAME"} {
		if template.IsVariable(v) {
			t.Errorf("%q should not be a variable", v)
		}
	}
}

// FuzzParse: Parse never panics, and rendering a body it accepts, with a value
// for every variable, never leaves "{{" (nor a "}}" that closed a placeholder).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "Halo {{first_name}}", "{{", "}}", "{{}}", "{{ name }}", "{{{name}}}", "a{{{name}}",
		"{{attributes.x}}", "{{name}}}{", "{ {{name}} }", "{{name}}{{", "안녕 {{name}}님", "{{\tdose\t}}", "\xff{{name}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		vars, err := template.Parse(body)
		if err != nil {
			var pe *template.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %T is not a *ParseError", body, err)
			}
			return
		}
		data := template.Data{}
		for _, v := range vars {
			if !template.IsVariable(v) {
				t.Fatalf("Parse(%q) listed %q", body, v)
			}
			data[v] = "x"
		}
		out, err := template.Render(body, data)
		if err != nil {
			t.Fatalf("Render(%q) of a parsed body: %v", body, err)
		}
		if strings.Contains(out, "{{") {
			t.Fatalf("Render(%q) = %q leaves {{", body, out)
		}
		if len(vars) == 0 && out != body {
			t.Fatalf("Render(%q) without variables changed the text: %q", body, out)
		}
	})
}
