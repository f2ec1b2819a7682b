package campaign

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
)

// RecipientRow is one recipient as the results list shows it: its message's
// status once queued, else "pending" or "skipped".
type RecipientRow struct {
	PatientID   string
	PatientName string
	MessageID   *string
	Status      string
	SkipReason  *string
	Variant     *string
	Channel     *string
	ErrorCode   *string
	SentAt      *time.Time
}

// RecipientFilter narrows the results list.
type RecipientFilter struct {
	Status  string
	Variant string
	Page    int
	PerPage int
}

// RecipientStatuses are the statuses a recipient can show.
var RecipientStatuses = []string{"pending", "queued", "sending", "sent", "delivered", "read", "failed", "skipped"}

// Recipients lists a campaign's recipients with their results. Volunteers see
// only the patients assigned to them.
func (s *Service) Recipients(ctx context.Context, a identity.Actor, id string, f RecipientFilter) ([]RecipientRow, int64, error) {
	if err := requireRead(a); err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	if f.Status != "" && !slices.Contains(RecipientStatuses, f.Status) {
		fe.AddCode("status", "invalid_enum", "must be one of "+strings.Join(RecipientStatuses, ", "))
	}
	if f.Variant != "" && !variantKey.MatchString(f.Variant) {
		fe.Add("variant", "must be a variant key")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	c, err := s.load(ctx, s.db.Gorm, a.TenantID, id)
	if err != nil {
		return nil, 0, err
	}
	status := "COALESCE(m.status, r.state)"
	where := "r.campaign_id = ?"
	args := []any{c.ID}
	if f.Status != "" {
		where += " AND " + status + " = ?"
		args = append(args, f.Status)
	}
	if f.Variant != "" {
		where += " AND r.variant = ?"
		args = append(args, f.Variant)
	}
	if a.Role == identity.RoleVolunteer {
		where += " AND p.assigned_volunteer_id = ?"
		args = append(args, a.UserID)
	}
	from := " FROM campaign_recipients r LEFT JOIN messages m ON m.tenant_id = r.tenant_id AND m.dedupe_key = " + messageKey() +
		" LEFT JOIN patients p ON p.id = r.patient_id WHERE " + where
	var total int64
	q := s.db.Gorm.WithContext(ctx)
	if err := q.Raw("SELECT count(*)"+from, args...).Scan(&total).Error; err != nil {
		return nil, 0, err
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = 50
	}
	per = min(per, 100)
	var rows []RecipientRow
	err = q.Raw(`SELECT r.patient_id, COALESCE(p.name, '') AS patient_name, m.id AS message_id, `+status+` AS status,
  COALESCE(r.skip_reason, m.skip_reason) AS skip_reason, r.variant, m.channel, m.error_code, m.sent_at`+from+
		" ORDER BY r.patient_id LIMIT ? OFFSET ?", append(args, per, (page-1)*per)...).Scan(&rows).Error
	return rows, total, err
}

// requirePreview lets admins (who build campaigns) and developers preview audiences.
func requirePreview(a identity.Actor) error {
	if a.Role != identity.RoleAdmin && a.Role != identity.RoleDeveloper {
		return forbidden("only admins and developers preview audiences")
	}
	return nil
}
