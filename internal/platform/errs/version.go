package errs

import "fmt"

// CheckVersion is optimistic concurrency for a write based on version want
// (an If-Match header or a body version): nil when the client named none or
// the stored version is still want, else a conflict.
func CheckVersion(what string, want *int, have int) error {
	if want == nil || *want == have {
		return nil
	}
	return fmt.Errorf("%s changed since version %d: %w", what, *want, ErrConflict)
}
