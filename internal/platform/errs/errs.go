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

// FieldError is one invalid input field, named as the client sent it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
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

// Add records one invalid field.
func (f *Fields) Add(field, message string) { *f = append(*f, FieldError{field, message}) }

// Err is a *ValidationError, or nil when nothing was added.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: f}
}

// Invalid is a one-field validation error.
func Invalid(field, message string) error {
	return &ValidationError{Fields: []FieldError{{field, message}}}
}

// ConflictError is a conflict with a message safe to show the client.
type ConflictError struct{ Message string }

func (e *ConflictError) Error() string { return e.Message }

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Conflict returns a conflict with a client-safe message.
func Conflict(msg string) error { return &ConflictError{Message: msg} }
