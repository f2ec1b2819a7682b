package patient

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
)

// ExportColumns are the columns of an export file, in order.
var ExportColumns = []string{
	"id", "name", "phone", "email", "birth_date", "gender", "language", "timezone", "diagnosis", "cancer_stage",
	"notes", "tags", "external_id", "consent", "preferred_channel", "last_visit_date", "last_surgery_date", "created_at",
}

const exportBatchSize = 500

// Export writes the patients the actor may see that match f (sort and paging are
// ignored; rows come in creation order) to w as CSV, reading the database in
// batches. Sensitive fields are decrypted, so the export is recorded in the audit
// log before the first byte is written. Cells that a spreadsheet would run as a
// formula are neutralised with a leading quote (Import removes it again).
func (s *Service) Export(ctx context.Context, a identity.Actor, f Filter, w io.Writer) error {
	q, err := s.query(a, f)
	if err != nil {
		return err
	}
	total, err := s.store.Count(ctx, a.TenantID, q)
	if err != nil {
		return err
	}
	err = s.store.Audit(ctx, s.now(), audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: audit.ActionPatientExport,
		ResourceType: ResourceType, Changes: []string{fmt.Sprintf("rows:%d", total)}})
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportColumns); err != nil {
		return err
	}
	record := make([]string, len(ExportColumns))
	err = s.store.Batches(ctx, a.TenantID, q, exportBatchSize, func(batch []Patient) error {
		for _, row := range batch {
			p, err := s.open(row)
			if err != nil {
				return err
			}
			exportRecord(p, record)
			if err := cw.Write(record); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func exportRecord(p Patient, rec []string) {
	str := func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	}
	vals := []string{
		p.ID, p.Name, p.Phone, str(p.Email), string(p.BirthDate), str(p.Gender), p.Language, p.Timezone,
		p.Diagnosis, p.CancerStage, p.Notes, strings.Join(p.Tags, ";"), str(p.ExternalID), p.Consent,
		str(p.PreferredChannel), string(p.LastVisitDate), string(p.LastSurgeryDate), p.CreatedAt.UTC().Format(time.RFC3339),
	}
	for i, v := range vals {
		rec[i] = exportCell(v)
	}
}

// exportCell neutralises CSV formula injection: a cell starting with = + - @
// (or a tab or carriage return, which some spreadsheets skip before looking)
// gets a leading single quote, so a spreadsheet shows it as text.
func exportCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
