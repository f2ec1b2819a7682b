// Package patient is being written; this placeholder keeps the build green.
package patient

// Service manages patients.
type Service struct{}
