package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/prima-health/prima/internal/platform/ids"
)

// adherenceCmd runs `prima adherence rebuild [TENANT_ID]`: it recomputes the
// adherence rollup (of one tenant, or of all) from the reminder occurrences.
// Confirmations and ticks keep the rollup up to date; this is for repairs.
func adherenceCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" || len(args) > 2 {
		return errors.New("usage: prima adherence rebuild [TENANT_ID]")
	}
	tenantID := ""
	if len(args) == 2 {
		if tenantID = args[1]; !ids.Valid(tenantID) {
			return fmt.Errorf("%q is not a tenant id", tenantID)
		}
	}
	s, err := buildServices(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	if err := s.Reminders.RebuildAdherence(ctx, tenantID); err != nil {
		return fmt.Errorf("rebuild adherence: %w", err)
	}
	what := "every tenant"
	if tenantID != "" {
		what = "tenant " + tenantID
	}
	_, _ = fmt.Fprintf(stdout, "adherence rebuilt for %s in %s\n", what, time.Since(start).Round(time.Millisecond))
	return nil
}
