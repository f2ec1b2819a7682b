package patient

// ForgetTotals drops the tenant's cached list totals, for writers outside this
// service (an erasure) whose changes the next list must count.
func (s *Service) ForgetTotals(tenantID string) { s.totals.forget(tenantID) }
