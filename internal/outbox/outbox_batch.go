package outbox

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/prima-health/prima/internal/platform/db"
	"gorm.io/gorm"
)

// batchInsertSize bounds one multi-row INSERT (PostgreSQL allows 65,535 parameters).
const batchInsertSize = 500

// EnqueueMany queues many messages with a few statements and the same rules
// for each: identical text to the same patient within DuplicateWindow (in the
// table or earlier in the batch, automated and sent by a person compared
// separately) is recorded as skipped: duplicate, and a dedupe
// key already used returns the message that holds it. The duplicate check and
// the insert run under per-patient locks held until tx commits. Results are in
// input order.
func (o *Outbox) EnqueueMany(ctx context.Context, tx *gorm.DB, ns []NewMessage) ([]Message, error) {
	if len(ns) == 0 {
		return nil, nil
	}
	orders := map[string][]string{}
	out := make([]Message, 0, len(ns))
	for _, n := range ns {
		m, err := o.build(ctx, tx, n, orders)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	queued := false
	err := tx.WithContext(ctx).Transaction(func(q *gorm.DB) error {
		if err := o.db.LockKeys(q, patientLockKeys(out)); err != nil {
			return fmt.Errorf("lock patients: %w", err)
		}
		if err := o.markDuplicates(q, out); err != nil {
			return err
		}
		if err := o.insert(q, out); err != nil {
			return err
		}
		for _, m := range out {
			queued = queued || m.Status == StatusQueued
		}
		if !queued {
			return nil
		}
		return o.db.Notify(q, NotifyChannel)
	})
	if err != nil {
		return nil, err
	}
	if queued {
		o.wake()
	}
	return out, nil
}

// insert writes the rows; a row whose dedupe key is taken is replaced in ms by
// the message holding the key.
func (o *Outbox) insert(q *gorm.DB, ms []Message) error {
	withKey := make([]Message, 0, len(ms))
	plain := make([]Message, 0, len(ms))
	for _, m := range ms {
		if m.DedupeKey != nil {
			withKey = append(withKey, m)
		} else {
			plain = append(plain, m)
		}
	}
	if len(plain) > 0 {
		rows, err := o.messageRows(plain)
		if err != nil {
			return err
		}
		if _, err := o.db.BulkInsert(q, "messages", messageColumns, rows); err != nil {
			return fmt.Errorf("enqueue messages: %w", err)
		}
	}
	if len(withKey) == 0 {
		return nil
	}
	rows, err := o.messageRows(withKey)
	if err != nil {
		return err
	}
	if _, err := o.db.BulkInsert(q, "messages", messageColumns, rows, db.AnyConflict); err != nil {
		return fmt.Errorf("enqueue messages: %w", err)
	}
	// Rows whose key was already taken were not written: return the message holding the key.
	byTenant := map[string][]string{}
	for _, m := range withKey {
		byTenant[m.TenantID] = append(byTenant[m.TenantID], *m.DedupeKey)
	}
	stored := map[string]Message{}
	for tenant, keys := range byTenant {
		for start := 0; start < len(keys); start += batchInsertSize {
			chunk := keys[start:min(start+batchInsertSize, len(keys))]
			var rows []Message
			if err := q.Where("tenant_id = ? AND dedupe_key IN ?", tenant, chunk).Find(&rows).Error; err != nil {
				return err
			}
			for _, r := range rows {
				r.Body = o.bodies.MustOpen(r.Body)
				stored[tenant+"\x00"+*r.DedupeKey] = r
			}
		}
	}
	for i, m := range ms {
		if m.DedupeKey == nil {
			continue
		}
		if r, ok := stored[m.TenantID+"\x00"+*m.DedupeKey]; ok && r.ID != m.ID {
			ms[i] = r
		}
	}
	return nil
}

// messageColumns are the columns a queued message is written with.
var messageColumns = []string{"id", "tenant_id", "to_phone", "patient_id", "direction", "channel", "channel_order", "channel_index",
	"status", "skip_reason", "body", "body_hash", "kakao_template_code", "kakao_parameters", "source", "source_id", "automated", "ai_generated",
	"priority", "error_code", "error_message", "next_attempt_at", "send_before", "dedupe_key", "created_by", "created_at",
	"updated_at", "failed_at", "version", "exemption"}

// messageRows are the rows to write: bodies sealed, with their digests.
func (o *Outbox) messageRows(ms []Message) ([][]any, error) {
	rows := make([][]any, len(ms))
	for i, m := range ms {
		sealed, err := o.bodies.Seal(m.Body)
		if err != nil {
			return nil, err
		}
		rows[i] = []any{m.ID, m.TenantID, m.ToPhone, m.PatientID, m.Direction, m.Channel, m.ChannelOrder, m.ChannelIndex,
			m.Status, m.SkipReason, sealed, m.BodyHash, m.KakaoTemplateCode, m.KakaoParameters, m.Source, m.SourceID, m.Automated, m.AIGenerated,
			m.Priority, m.ErrorCode, m.ErrorMessage, m.NextAttemptAt, m.SendBefore, m.DedupeKey, m.CreatedBy, m.CreatedAt,
			m.UpdatedAt, m.FailedAt, m.Version, m.Exemption}
	}
	return rows, nil
}

// patientLockKeys are the lock keys of the patients of queued messages.
func patientLockKeys(ms []Message) []int64 {
	keys := make([]int64, 0, len(ms))
	for _, m := range ms {
		if m.PatientID != nil && m.Status == StatusQueued {
			h := fnv.New64a()
			_, _ = h.Write([]byte("outbox:" + m.TenantID + ":" + *m.PatientID))
			keys = append(keys, int64(h.Sum64()))
		}
	}
	return keys
}

// markDuplicates applies duplicate suppression to a batch with one query.
// Automated messages and messages a person sent are compared only with their
// own kind: a reminder a staff member sends now on purpose is not a duplicate
// of the scheduled dose's message, and does not suppress it.
func (o *Outbox) markDuplicates(q *gorm.DB, ms []Message) error {
	type key struct {
		tenant, patient, hash string
		automated             bool
	}
	var patients, tenants []string
	seenPatient, seenTenant := map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		if m.PatientID != nil && !seenPatient[*m.PatientID] {
			seenPatient[*m.PatientID] = true
			patients = append(patients, *m.PatientID)
		}
		if !seenTenant[m.TenantID] {
			seenTenant[m.TenantID] = true
			tenants = append(tenants, m.TenantID)
		}
	}
	if len(patients) == 0 {
		return nil
	}
	recent := map[key]bool{}
	since := ms[0].CreatedAt.Add(-DuplicateWindow)
	for start := 0; start < len(patients); start += batchInsertSize {
		chunk := patients[start:min(start+batchInsertSize, len(patients))]
		var rows []struct {
			TenantID, PatientID, BodyHash string
			Automated                     bool
		}
		// Per patient, so the (tenant_id, patient_id, created_at) index serves each one.
		sql := o.db.SelectPerKey("m.tenant_id, m.patient_id, m.body_hash, m.automated", "messages AS m", "m.patient_id",
			"m.tenant_id IN ? AND m.direction = ? AND m.created_at > ? AND m.status NOT IN ?", "uuid")
		err := q.Raw(sql, o.db.KeysArg(chunk), tenants, Outbound, since, []string{StatusFailed, StatusSkipped}).Scan(&rows).Error
		if err != nil {
			return err
		}
		for _, r := range rows {
			recent[key{r.TenantID, r.PatientID, r.BodyHash, r.Automated}] = true
		}
	}
	for i := range ms {
		m := &ms[i]
		if m.PatientID == nil || m.Status != StatusQueued {
			continue
		}
		k := key{m.TenantID, *m.PatientID, derefOr(m.BodyHash), m.Automated}
		if recent[k] {
			reason := SkipDuplicate
			m.Status, m.SkipReason, m.NextAttemptAt = StatusSkipped, &reason, nil
			continue
		}
		// A second identical message later in the batch is a duplicate of this
		// one, unless this one is already past its time-to-live (a tick catching
		// up after downtime): it will be skipped as too late, and must not take
		// the patient's next dose with it.
		if m.SendBefore == nil || m.SendBefore.After(m.CreatedAt) {
			recent[k] = true
		}
	}
	return nil
}
