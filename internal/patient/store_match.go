package patient

import (
	"context"
	"slices"
)

// MatchKeys name existing patients by id, external id or (E.164) phone.
type MatchKeys struct {
	IDs, ExternalIDs, Phones []string
}

// matchChunk bounds the values of one IN list.
const matchChunk = 500

// Matching returns the live patients of the tenant (active or not) that any
// key names, each once: one statement per key kind and chunk of values.
func (s *gormStore) Matching(ctx context.Context, tenantID string, k MatchKeys) ([]Patient, error) {
	seen := map[string]bool{}
	var out []Patient
	for _, q := range []struct {
		column string
		values []string
	}{{"id", k.IDs}, {"external_id", k.ExternalIDs}, {"phone", k.Phones}} {
		values := slices.Compact(slices.Sorted(slices.Values(q.values)))
		for start := 0; start < len(values); start += matchChunk {
			part := values[start:min(start+matchChunk, len(values))]
			var rows []Patient
			err := s.db.WithContext(ctx).Where("tenant_id = ? AND "+q.column+" IN ?", tenantID, part).
				Order("created_at ASC, id ASC").Find(&rows).Error
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				if !seen[r.ID] {
					seen[r.ID] = true
					out = append(out, r)
				}
			}
		}
	}
	return out, nil
}
