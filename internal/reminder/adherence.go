package reminder

import "context"

// RebuildAdherence recomputes the adherence rollup (internal/adherence) of a
// tenant, or of every tenant when tenantID is "", from the occurrences: first
// missed doses whose message the outbox skipped become skipped (a tick does
// that only for messages skipped within SkippedLookback), then the rollup is
// counted afresh. One transaction; the rollup's readers see the old counts
// until it commits. For repairs and after bulk loads: confirmations and ticks
// keep the rollup up to date on their own.
func (s *Service) RebuildAdherence(ctx context.Context, tenantID string) error {
	return s.store.RebuildAdherence(ctx, tenantID, s.now())
}
