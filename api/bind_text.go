package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/valid"
)

// The rule every text input follows: UTF-8 without NUL characters. PostgreSQL
// refuses NUL in text and JSON columns, and Go's JSON decoder would silently
// turn bytes that are not UTF-8 into U+FFFD, so both are refused before any
// handler sees them, naming the field.

// nulEscape is how a NUL character is written in JSON.
var nulEscape = []byte(`\u0000`)

// jsonTextErrors lists the strings of a JSON document, keys and values at any
// depth, that are not UTF-8 or hold a NUL character. A value is named by its
// path ("name", "attributes.emr.ids[1]"); a bad key by the object holding it
// ("attributes", or "body" at the top). Syntax errors are left to the decoder.
func jsonTextErrors(body []byte) errs.Fields {
	if utf8.Valid(body) && !bytes.Contains(body, nulEscape) {
		return nil
	}
	type frame struct {
		path      string
		object    bool
		key       string
		expectKey bool
		index     int
	}
	var (
		fe    errs.Fields
		seen  = map[string]bool{}
		stack []*frame
	)
	report := func(field, msg string) {
		if field == "" {
			field = "body"
		}
		if !seen[field] {
			seen[field] = true
			fe.Add(field, msg)
		}
	}
	// done moves the innermost container past the value just read.
	done := func() {
		if n := len(stack); n > 0 {
			if top := stack[n-1]; top.object {
				top.expectKey = true
			} else {
				top.index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	start := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return fe // end of input, or a syntax error the decoder reports later
		}
		end := dec.InputOffset()
		raw := body[start:end]
		start = end
		var top *frame
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		s, isString := tok.(string)
		badText := isString && (!utf8.Valid(raw) || !valid.Text(s))
		if top != nil && top.object && top.expectKey {
			if !isString { // the closing brace
				stack = stack[:len(stack)-1]
				done()
				continue
			}
			if badText {
				report(top.path, "must be an object whose keys are UTF-8 text without NUL characters")
			}
			top.key, top.expectKey = s, false
			continue
		}
		path := ""
		switch {
		case top == nil:
		case top.object:
			path = top.key
			if top.path != "" {
				path = top.path + "." + top.key
			}
		default:
			path = top.path + "[" + strconv.Itoa(top.index) + "]"
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, &frame{path: path, object: tok == json.Delim('{'), expectKey: true})
			continue
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		if badText {
			report(path, valid.TextMessage)
		}
		done()
	}
}

// queryText refuses query parameters (names or values) that are not UTF-8 or
// hold a NUL character, naming the parameter, before any handler reads them.
func queryText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var fe errs.Fields
		for name, values := range c.QueryParams() {
			if !valid.Text(name) {
				fe.Add("query", "must be UTF-8 text without NUL characters in parameter names")
				continue
			}
			for _, v := range values {
				if !valid.Text(v) {
					fe.Add(name, valid.TextMessage)
					break
				}
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		return next(c)
	}
}
