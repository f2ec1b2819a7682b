// Package errs holds the sentinel errors every PRIMA service returns. The HTTP
// layer maps them to problem+json in one place (api/errors.go).
package errs

import (
	"errors"
	"strings"
)

// Sentinel errors; wrap them with fmt.Errorf("…: %w", ErrX).
var (
	ErrNotFound        = errors.New("not found")
	ErrConflict        = errors.New("conflict")
	ErrForbidden       = errors.New("forbidden")
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrApprovalPending = errors.New("approval pending")
	ErrUnavailable     = errors.New("unavailable")
)

// FieldError is one invalid input field, named as the client sent it: a
// stable machine code (see Codes) to translate, the English message, and the
// limits or example the message states (max, min, allowed, example).
type FieldError struct {
	Field   string            `json:"field" example:"phone"`
	Code    string            `json:"code" enums:"required,too_long,too_large,too_many,out_of_range,invalid_range,invalid_format,invalid_type,invalid_enum,invalid_phone,unknown_field,not_found_ref,duplicate,mutually_exclusive,not_allowed,unknown_variable,missing_variable,invalid" example:"invalid_phone"`
	Message string            `json:"message" example:"is not a valid phone number"`
	Params  map[string]string `json:"params,omitempty"`
}

// ValidationError carries every invalid field of one request.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// Fields collects field errors; Err returns nil when none were added.
type Fields []FieldError

// Add records one invalid field; its code is the one Classify gives the message.
func (f *Fields) Add(field, message string) { *f = append(*f, Coded(field, message)) }

// AddCode records one invalid field with an explicit code.
func (f *Fields) AddCode(field, code, message string) {
	*f = append(*f, FieldError{Field: field, Code: code, Message: message})
}

// Err is a *ValidationError, or nil when nothing was added.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: f}
}

// Invalid is a one-field validation error; its code is the one Classify gives the message.
func Invalid(field, message string) error {
	return &ValidationError{Fields: []FieldError{Coded(field, message)}}
}

// InvalidCode is a one-field validation error with an explicit code.
func InvalidCode(field, code, message string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Code: code, Message: message}}}
}

// ConflictError is a conflict with a message safe to show the client, and
// optionally the fields it is about (e.g. a value another row already has).
type ConflictError struct {
	Message string
	Fields  []FieldError
}

func (e *ConflictError) Error() string { return e.Message }

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Conflict returns a conflict with a client-safe message.
func Conflict(msg string) error { return &ConflictError{Message: msg} }

// ForbiddenError is a refusal with a message safe to show the client (the
// generic "your role does not allow this" is used otherwise).
type ForbiddenError struct{ Message string }

func (e *ForbiddenError) Error() string { return e.Message }

// Is makes errors.Is(err, ErrForbidden) true.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// Forbidden returns a refusal with a client-safe message.
func Forbidden(msg string) error { return &ForbiddenError{Message: msg} }
