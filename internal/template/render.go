package template

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Variables a body may use, besides attributes.KEY.
const (
	VarName            = "name"
	VarFirstName       = "first_name"
	VarMedication      = "medication"
	VarDose            = "dose"
	VarTime            = "time"
	VarAppointmentDate = "appointment_date"
	VarAppointmentTime = "appointment_time"
	VarDoctor          = "doctor"
	VarLocation        = "location"
	VarClinic          = "clinic"
	VarLink            = "link"

	// AttributePrefix starts a variable naming one of the patient's custom
	// attributes: {{attributes.mrn}}.
	AttributePrefix = "attributes."
)

// KnownVariables lists the fixed variables in the order the documentation names them.
var KnownVariables = []string{VarName, VarFirstName, VarMedication, VarDose, VarTime, VarAppointmentDate,
	VarAppointmentTime, VarDoctor, VarLocation, VarClinic, VarLink}

var attributeKey = regexp.MustCompile(`^[a-zA-Z0-9_]{1,64}$`)

// IsVariable reports whether name is a variable a template may use: one of
// KnownVariables, or attributes.KEY with KEY made of 1–64 ASCII letters, digits
// or underscores.
func IsVariable(name string) bool {
	if key, ok := strings.CutPrefix(name, AttributePrefix); ok {
		return attributeKey.MatchString(key)
	}
	return slices.Contains(KnownVariables, name)
}

// variableHint is appended to unknown-variable messages.
var variableHint = func() string {
	parts := make([]string, 0, len(KnownVariables)+1)
	for _, v := range KnownVariables {
		parts = append(parts, "{{"+v+"}}")
	}
	return strings.Join(append(parts, "{{attributes.KEY}}"), ", ")
}()

// Data holds the values of variables for one rendering, by variable name
// ("first_name", "attributes.mrn").
type Data map[string]string

// ParseError says why a body is not a valid template.
type ParseError struct {
	Offset   int    // character (not byte) offset of the offending "{{", from 0
	Variable string // the unknown variable, when that is the problem
	Reason   string // a sentence for people
}

func (e *ParseError) Error() string { return e.Reason }

// MissingError lists the variables a rendering had no value for.
type MissingError struct {
	Variables []string
}

func (e *MissingError) Error() string {
	names := make([]string, 0, len(e.Variables))
	for _, v := range e.Variables {
		names = append(names, "{{"+v+"}}")
	}
	return "no value for " + strings.Join(names, ", ")
}

// maxShownName bounds how much of a bad placeholder an error message repeats.
const maxShownName = 40

// scan walks body: lit receives the text between placeholders and variable each
// placeholder's variable name, in order. A placeholder is "{{", optional spaces
// or tabs, a variable name, optional spaces or tabs, "}}". Text outside
// placeholders may hold single braces and a stray "}}"; every "{{" must open a
// valid placeholder.
func scan(body string, lit func(string), variable func(string)) error {
	rest, consumed := body, 0
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			lit(rest)
			return nil
		}
		lit(rest[:open])
		inner := rest[open+2:]
		closeAt := strings.Index(inner, "}}")
		pos := utf8.RuneCountInString(body[:consumed+open])
		if closeAt < 0 {
			return &ParseError{Offset: pos, Reason: fmt.Sprintf("{{ at character %d is never closed with }}", pos+1)}
		}
		name := strings.Trim(inner[:closeAt], " \t")
		if !IsVariable(name) {
			return badVariable(name, pos)
		}
		variable(name)
		advance := open + 2 + closeAt + 2
		rest, consumed = rest[advance:], consumed+advance
	}
}

func badVariable(name string, pos int) error {
	shown := name
	if utf8.RuneCountInString(shown) > maxShownName {
		shown = string([]rune(shown)[:maxShownName]) + "…"
	}
	switch {
	case name == "":
		return &ParseError{Offset: pos, Reason: fmt.Sprintf("empty {{}} at character %d; use one of %s", pos+1, variableHint)}
	case strings.Contains(name, "{{"):
		return &ParseError{Offset: pos, Reason: fmt.Sprintf("{{ at character %d is never closed with }}", pos+1)}
	case strings.HasPrefix(name, AttributePrefix):
		return &ParseError{Offset: pos, Variable: name, Reason: fmt.Sprintf(
			"{{%s}} at character %d: an attribute name is 1 to 64 letters, digits or underscores", shown, pos+1)}
	}
	return &ParseError{Offset: pos, Variable: name, Reason: fmt.Sprintf(
		"unknown variable {{%s}} at character %d; use one of %s", shown, pos+1, variableHint)}
}

// Parse checks body and lists the variables it uses, each once, in the order
// they first appear. It fails with a *ParseError on an unknown variable or a
// "{{" that is not a complete placeholder.
func Parse(body string) ([]string, error) {
	out := []string{}
	err := scan(body, func(string) {}, func(name string) {
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Render replaces every placeholder of body with its value in data. A value is
// inserted as it is, never read as a template itself. A body Parse refuses
// fails with that *ParseError; a variable without a value (absent, or only
// whitespace) fails with a *MissingError naming every such variable, so a
// message never goes out with a blank where a name should be.
func Render(body string, data Data) (string, error) {
	var b strings.Builder
	var missing []string
	err := scan(body, func(s string) { b.WriteString(s) }, func(name string) {
		v, ok := data[name]
		if !ok || strings.TrimSpace(v) == "" {
			if !slices.Contains(missing, name) {
				missing = append(missing, name)
			}
			return
		}
		b.WriteString(v)
	})
	if err != nil {
		return "", err
	}
	if len(missing) > 0 {
		return "", &MissingError{Variables: missing}
	}
	return b.String(), nil
}

// renderLenient renders like Render but leaves a placeholder without a value
// as "{{name}}" and lists it, for previews.
func renderLenient(body string, data Data) (string, []string, error) {
	var b strings.Builder
	var missing []string
	err := scan(body, func(s string) { b.WriteString(s) }, func(name string) {
		if v, ok := data[name]; ok && strings.TrimSpace(v) != "" {
			b.WriteString(v)
			return
		}
		b.WriteString("{{" + name + "}}")
		if !slices.Contains(missing, name) {
			missing = append(missing, name)
		}
	})
	return b.String(), missing, err
}
