package api

import (
	"context"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
)

// recordPatientList audits one list read of patient records: one event naming
// the ids shown (never their values). A page that showed nobody is not recorded.
func (s *Server) recordPatientList(ctx context.Context, a identity.Actor, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	e := audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientList,
		ResourceType: patient.ResourceType, ResourceIDs: ids}
	if s.ReadLog != nil {
		return s.ReadLog.Record(ctx, s.Clock.Now(), e)
	}
	return s.Audit.Record(ctx, e)
}
