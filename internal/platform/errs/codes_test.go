package errs

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestClassifyNamesTheCodeOfEachKindOfMessage(t *testing.T) {
	cases := []struct {
		msg    string
		code   string
		params map[string]string
	}{
		{"is required", CodeRequired, nil},
		{"cannot be null", CodeRequired, nil},
		{"is required when there is no template_id", CodeRequired, nil},
		{"at least one time of day is required", CodeRequired, nil},
		{"must name at least one channel (or be null for the organization's order)", CodeRequired, nil},
		{"is not a known field", CodeUnknownField, nil},
		{"is not a valid phone number", CodeInvalidPhone, nil},
		{"is not a valid phone number for region ID (write numbers of other countries with + and the country code)", CodeInvalidPhone,
			map[string]string{"region": "ID"}},
		{"must be at most 200 characters", CodeTooLong, map[string]string{"max": "200"}},
		{"must be UTF-8 text of at most 500 characters", CodeTooLong, map[string]string{"max": "500"}},
		{"is too long (at most 500 characters)", CodeTooLong, map[string]string{"max": "500"}},
		{"each tag must be at most 50 characters", CodeTooLong, map[string]string{"max": "50"}},
		{"must be at most 16 KiB of JSON", CodeTooLarge, map[string]string{"max": "16"}},
		{"must hold at most 20 tags", CodeTooMany, map[string]string{"max": "20"}},
		{"at most 100 ids per request", CodeTooMany, map[string]string{"max": "100"}},
		{"at most 10 times of day are allowed", CodeTooMany, map[string]string{"max": "10"}},
		{"must be between 1 and 1440 minutes", CodeOutOfRange, map[string]string{"min": "1", "max": "1440"}},
		{"must be a whole number from 1 to 100", CodeOutOfRange, map[string]string{"min": "1", "max": "100"}},
		{"must be a whole number of at least 1", CodeOutOfRange, map[string]string{"min": "1"}},
		{"must be a date between 1900 and 2200", CodeOutOfRange, map[string]string{"min": "1900", "max": "2200"}},
		{"INTERVAL must be between 1 and 1000", CodeOutOfRange, map[string]string{"min": "1", "max": "1000"}},
		{"cannot be in the future", CodeOutOfRange, nil},
		{"must be after from", CodeInvalidRange, nil},
		{"must not be after to", CodeInvalidRange, nil},
		{"start and end must differ", CodeInvalidRange, nil},
		{"is before start_date", CodeInvalidRange, nil},
		{"must be a string", CodeInvalidType, nil},
		{"must be true or false", CodeInvalidType, nil},
		{"must be a JSON object", CodeInvalidType, nil},
		{"must be one of id, ko, en", CodeInvalidEnum, map[string]string{"allowed": "id, ko, en"}},
		{"must be admin, volunteer or developer", CodeInvalidEnum, map[string]string{"allowed": "admin, volunteer or developer"}},
		{"must be created_at or -created_at", CodeInvalidEnum, map[string]string{"allowed": "created_at or -created_at"}},
		{`unknown weekday "x" (use mon, tue, wed, thu, fri, sat, sun)`, CodeInvalidEnum, nil},
		{"must be a date such as 1970-01-31", CodeInvalidFormat, map[string]string{"example": "1970-01-31"}},
		{"must be an IANA time zone such as Asia/Jakarta", CodeInvalidFormat, map[string]string{"example": "Asia/Jakarta"}},
		{"must be an email address such as name@example.org", CodeInvalidFormat, map[string]string{"example": "name@example.org"}},
		{"must be a patient id", CodeInvalidFormat, nil},
		{"is not valid JSON", CodeInvalidFormat, nil},
		{`must be a time "HH:MM" between 00:00 and 23:59`, CodeInvalidFormat, nil},
		{"is not a valid RRULE: unknown rule part", CodeInvalidFormat, nil},
		{"{{ at character 4 is never closed with }}", CodeInvalidFormat, nil},
		{"must not contain control characters", CodeInvalidFormat, nil},
		{"is the same phone number as row 3", CodeDuplicate, nil},
		{"a patient with this external_id already exists", CodeDuplicate, nil},
		{"is listed twice", CodeDuplicate, nil},
		{"is not a template of your organization", CodeNotFoundRef, nil},
		{"must be the id of a user of your organization", CodeNotFoundRef, nil},
		{"must be an approved, active volunteer or admin of your organization", CodeNotFoundRef, nil},
		{"give either template_id or message, not both", CodeMutuallyExclusive, nil},
		{"cannot be combined with end_date; give one of them", CodeMutuallyExclusive, nil},
		{"is only used when frequency is weekly", CodeNotAllowed, nil},
		{"you cannot deactivate yourself", CodeNotAllowed, nil},
		{"only failed messages can be retried", CodeNotAllowed, nil},
		{"is cancelled; only scheduled appointments have reminders", CodeNotAllowed, nil},
		{"unknown variable {{foo}} at character 3; use one of {{name}}", CodeUnknownVariable, nil},
		{"no value for {{medication}} for this patient", CodeMissingVariable, nil},
		{"something nobody wrote a rule for", CodeInvalid, nil},
	}
	for _, c := range cases {
		code, params := Classify(c.msg)
		if code != c.code || !maps.Equal(params, c.params) {
			t.Errorf("%q: %s %v, want %s %v", c.msg, code, params, c.code, c.params)
		}
	}
}

func TestBuiltErrorsCarryCodes(t *testing.T) {
	var fe Fields
	fe.Add("name", "is required")
	fe.AddCode("x", CodeNotAllowed, "custom")
	var ve *ValidationError
	if !errors.As(fe.Err(), &ve) || ve.Fields[0].Code != CodeRequired || ve.Fields[1].Code != CodeNotAllowed {
		t.Fatalf("fields: %+v", fe)
	}
	if !errors.As(Invalid("phone", "is not a valid phone number"), &ve) || ve.Fields[0].Code != CodeInvalidPhone {
		t.Fatalf("invalid: %+v", ve)
	}
	in := []FieldError{{Field: "body", Message: "is not valid JSON"}, {Field: "a", Code: CodeDuplicate, Message: "is required"}}
	out := WithCodes(in)
	if out[0].Code != CodeInvalidFormat || out[1].Code != CodeDuplicate || in[0].Code != "" {
		t.Fatalf("with codes: %+v from %+v", out, in)
	}
}

// The code list, the rules and the API documentation agree.
func TestCodesAreDocumented(t *testing.T) {
	f, _ := reflect.TypeFor[FieldError]().FieldByName("Code")
	if documented := strings.Split(f.Tag.Get("enums"), ","); !slices.Equal(documented, Codes) {
		t.Fatalf("the enums tag %v differs from Codes %v", documented, Codes)
	}
	for _, ru := range rules {
		if !slices.Contains(Codes, ru.code) {
			t.Errorf("rule %s gives an unlisted code %s", ru.re, ru.code)
		}
	}
}

// Every message PRIMA's code writes as a literal into a field error gets a
// code more precise than "invalid": a new wording needs a rule above, or the
// call an explicit code (AddCode, InvalidCode).
func TestEveryWrittenMessageHasASpecificCode(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || rel == "frontend" || rel == "internal/config" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		for _, m := range writtenMessages(t, path) {
			found++
			if code, _ := Classify(m.text); code == CodeInvalid {
				t.Errorf("%s:%d: %q has no specific code", rel, m.line, m.text)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("found only %d messages: is the walk looking in the right place?", found)
	}
}

// dynamic are messages whose variable part decides the code; the table of
// TestClassifyNamesTheCodeOfEachKindOfMessage covers what they become.
var dynamic = map[string]bool{
	"must be x": true, // api/bind.go: "must be " + the JSON kind ("a string", "a whole number", …)
}

type written struct {
	text string
	line int
}

// writtenMessages finds the messages of field errors in a Go file:
// x.Add(field, msg), x.fail(field, msg), errs.Invalid(field, msg) and
// FieldError{…, Message: msg}, where msg is a literal, a concatenation with
// literals or a fmt.Sprintf of a literal format (values become placeholders).
func writtenMessages(t *testing.T, path string) []written {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	var out []written
	add := func(e ast.Expr) {
		if s, ok := messageText(e); ok && strings.TrimSpace(s) != "" && !strings.HasPrefix(s, "\x00") && !dynamic[s] {
			out = append(out, written{s, fset.Position(e.Pos()).Line})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			name, recv := callName(x.Fun)
			switch {
			case (name == "Add" || name == "fail") && len(x.Args) == 2 && !strings.Contains(strings.ToLower(recv), "header"):
				add(x.Args[1])
			case name == "Invalid" && len(x.Args) == 2:
				add(x.Args[1])
			}
		case *ast.CompositeLit:
			if name, _ := callName(x.Type); name == "FieldError" {
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Message" {
							add(kv.Value)
						}
					}
				}
			}
		}
		return true
	})
	return out
}

func callName(e ast.Expr) (name, receiver string) {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name, ""
	case *ast.SelectorExpr:
		var b strings.Builder
		ast.Inspect(f.X, func(n ast.Node) bool {
			switch y := n.(type) {
			case *ast.Ident:
				b.WriteString(y.Name + ".")
			case *ast.SelectorExpr:
				b.WriteString(y.Sel.Name + ".")
			}
			return true
		})
		return f.Sel.Name, b.String()
	}
	return "", ""
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// messageText renders a message expression with "1" for numbers and "x" for
// other values; ok is false when no part of it is a literal.
func messageText(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		l, lok := messageText(x.X)
		r, rok := messageText(x.Y)
		if !lok && !rok {
			return "", false
		}
		if !lok {
			l = "\x00" // a message that starts with a value (an error's text) is not checked
		}
		if !rok {
			r = "x"
		}
		return l + r, true
	case *ast.CallExpr:
		if name, recv := callName(x.Fun); name == "Itoa" && recv == "strconv." {
			return "1", true
		}
		if name, recv := callName(x.Fun); name == "Sprintf" && recv == "fmt." && len(x.Args) > 0 {
			format, ok := messageText(x.Args[0])
			if !ok {
				return "", false
			}
			return verb.ReplaceAllStringFunc(format, func(v string) string {
				if strings.HasSuffix(v, "d") {
					return "1"
				}
				return "x"
			}), true
		}
	}
	return "", false
}
