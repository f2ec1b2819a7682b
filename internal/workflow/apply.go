package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/template"
	"github.com/prima-health/prima/internal/workflow/flow"
	"gorm.io/gorm"
)

// transition is one execution's move through flow.Advance, to be applied.
type transition struct {
	exec    Execution // as read: StateVersion guards the update
	resumed bool      // the first step record ends the node the execution waited at
	next    flow.State
	effects []flow.Effect
	steps   []flow.StepRecord
	who     who
}

// changed reports whether the walk moved at all.
func (t transition) changed() bool { return len(t.steps) > 0 || t.next.Status != t.exec.Status }

// applyAll applies transitions in tx: each execution's state moves only from
// the state the transition was computed on (a stale timer or event changes
// nothing), then the effects of those that moved: messages through the
// outbox, patient updates, staff notifications, the step log. It reports
// how many moved and whether a message was queued.
func (s *Service) applyAll(ctx context.Context, tx *gorm.DB, ts []transition, now time.Time) (moved int, queued bool, err error) {
	live, err := s.saveStates(ctx, tx, ts, now)
	if err != nil {
		return 0, false, err
	}
	if err := s.recordFinished(tx, live); err != nil {
		return 0, false, err
	}
	q, err := s.effects(ctx, tx, live, now)
	return len(live), q, err
}

var (
	execKey     = db.BulkColumn{Name: "id", PGType: "uuid"}
	execColumns = []db.BulkColumn{{Name: "status", PGType: "text"}, {Name: "current_node_id", PGType: "text"},
		{Name: "waiting", PGType: "text"}, {Name: "next_run_at", PGType: "timestamptz"}, {Name: "step_count", PGType: "integer"},
		{Name: "context", PGType: "jsonb"}, {Name: "finished_at", PGType: "timestamptz"}, {Name: "state_version", PGType: "integer"}}
)

// saveStates writes each transition's new state, in one statement per few
// hundred, where the execution is still in the state the transition was
// computed on (the row's state_version is the one read); it returns the
// transitions that were saved.
func (s *Service) saveStates(ctx context.Context, tx *gorm.DB, ts []transition, now time.Time) ([]transition, error) {
	if len(ts) == 0 {
		return nil, nil
	}
	rows := make([][]any, 0, len(ts))
	for _, t := range ts {
		n := t.next
		next := utcPtr(n.NextRunAt)
		if n.Status == StatusWaiting && n.Waiting == waitWebhook {
			next = &now // the runner makes the call at once (and again after a crash)
			s.poke()
		}
		var finished *time.Time
		if flow.Final(n.Status) {
			finished = &now
		}
		ctxJSON, err := json.Marshal(orEmpty(n.Context))
		if err != nil {
			return nil, err
		}
		rows = append(rows, []any{t.exec.ID, n.Status, n.NodeID, n.Waiting, next, n.Steps, string(ctxJSON), finished, t.exec.StateVersion + 1})
	}
	saved, err := s.db.BulkUpdateWhere(tx.WithContext(ctx), "workflow_executions", execKey, execColumns, rows, db.BulkWhere{
		Set: "claim_token = NULL, claimed_until = NULL, updated_at = ?", SetArgs: []any{now},
		Where: "workflow_executions.state_version = v.column9 - 1"})
	if err != nil {
		return nil, err
	}
	ok := make(map[string]bool, len(saved))
	for _, id := range saved {
		ok[strings.ToLower(id)] = true
	}
	live := make([]transition, 0, len(saved))
	for _, t := range ts {
		if ok[strings.ToLower(t.exec.ID)] {
			live = append(live, t)
		}
	}
	return live, nil
}

const waitWebhook = "webhook"

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// effects carries out the effects of transitions already saved.
func (s *Service) effects(ctx context.Context, tx *gorm.DB, ts []transition, now time.Time) (bool, error) {
	var msgs []outbox.NewMessage
	type sent struct{ exec, node string }
	var sends []sent
	failed := map[sent]string{}
	for _, t := range ts {
		for _, ef := range t.effects {
			switch ef.Kind {
			case flow.TypeSendMessage:
				m, err := s.compose(ctx, tx, t, ef, now)
				if err != nil {
					failed[sent{t.exec.ID, ef.NodeID}] = "the message could not be written: " + err.Error()
					continue
				}
				msgs = append(msgs, m)
				sends = append(sends, sent{t.exec.ID, ef.NodeID})
			case flow.TypeUpdatePatient:
				if err := s.updatePatient(ctx, tx, t, *ef.Update, now); err != nil {
					return false, err
				}
			case flow.TypeNotifyStaff:
				if err := conversation.NotifyStaff(ctx, tx, t.exec.TenantID, t.exec.PatientID, t.exec.ID, ef.Notify.Message, now); err != nil {
					return false, err
				}
			}
		}
	}
	messageOf := map[sent]string{}
	if len(msgs) > 0 {
		out, err := s.outbox.EnqueueMany(ctx, tx, msgs)
		if err != nil {
			return false, err
		}
		for i, m := range out {
			messageOf[sends[i]] = m.ID
		}
	}
	var rows []Step
	type ending struct {
		status, detail string
		at             time.Time
		node           string
	}
	ended := map[ending][]string{} // the waiting steps that end, grouped by how
	for _, t := range ts {
		seq := t.exec.StepCount
		for i, r := range t.steps {
			key := sent{t.exec.ID, r.NodeID}
			row := Step{TenantID: t.exec.TenantID, ExecutionID: t.exec.ID, NodeID: r.NodeID, Type: r.Type, Status: r.Status,
				StartedAt: r.At.UTC(), Detail: optional(r.Detail)}
			if r.Type == flow.TypeSendMessage {
				if id, ok := messageOf[key]; ok {
					row.MessageID = &id
				} else if why, ok := failed[key]; ok {
					row.Status, row.Detail = "failed", &why
				}
			}
			if row.Status != "waiting" {
				at := r.At.UTC()
				row.FinishedAt = &at
			}
			if i == 0 && t.resumed {
				k := ending{status: row.Status, detail: r.Detail, at: r.At.UTC(), node: r.NodeID}
				ended[k] = append(ended[k], t.exec.ID)
				continue
			}
			seq++
			row.ID, row.Seq = ids.New(), seq
			rows = append(rows, row)
		}
	}
	for k, execs := range ended {
		if err := tx.WithContext(ctx).Exec(`UPDATE workflow_steps SET status = ?, finished_at = ?, detail = COALESCE(?, detail)
WHERE execution_id IN ? AND node_id = ? AND status = 'waiting'`, k.status, k.at, optional(k.detail), execs, k.node).Error; err != nil {
			return false, err
		}
	}
	if len(rows) > 0 {
		if err := tx.WithContext(ctx).CreateInBatches(&rows, 500).Error; err != nil {
			return false, err
		}
	}
	return len(msgs) > 0, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// compose writes a send_message step's message for the patient: the
// template in the patient's language, or the step's own text, with the
// patient's values filled in.
func (s *Service) compose(ctx context.Context, tx *gorm.DB, t transition, ef flow.Effect, now time.Time) (outbox.NewMessage, error) {
	sm := *ef.Send
	p := t.who.patient
	data := template.DataFromPatient(p, t.who.clinic, nil)
	var body string
	var kakao string
	var params map[string]string
	if sm.TemplateID != "" {
		var tpl template.Template
		if err := tx.WithContext(ctx).Where("tenant_id = ? AND id = ? AND deleted_at IS NULL", t.exec.TenantID, sm.TemplateID).Take(&tpl).Error; err != nil {
			return outbox.NewMessage{}, fmt.Errorf("the template no longer exists")
		}
		text, _, err := template.RenderFor(tpl, p.Language, data)
		if err != nil {
			return outbox.NewMessage{}, err
		}
		body = text
		if tpl.KakaoTemplateCode != nil {
			kakao, params = *tpl.KakaoTemplateCode, template.KakaoParams(tpl, data)
		}
	} else {
		text, err := template.Render(sm.Message, data)
		if err != nil {
			return outbox.NewMessage{}, err
		}
		body = text
	}
	return outbox.NewMessage{TenantID: t.exec.TenantID, PatientID: t.exec.PatientID, Body: body, Source: outbox.SourceWorkflow,
		SourceID: t.exec.ID, ChannelOrder: sm.ChannelOrder, Priority: outbox.PriorityNormal, NotBefore: now, Automated: true,
		KakaoTemplateCode: kakao, KakaoParameters: params,
		DedupeKey: fmt.Sprintf("wf:%s:%d:%s", t.exec.ID, t.exec.StateVersion, ef.NodeID)}, nil
}

// updatePatient applies an update_patient step to the patient row.
func (s *Service) updatePatient(ctx context.Context, tx *gorm.DB, t transition, u flow.UpdatePatient, now time.Time) error {
	p := t.who.patient
	tags := slices.Clone([]string(p.Tags))
	for _, add := range u.AddTags {
		if !slices.ContainsFunc(tags, func(x string) bool { return strings.EqualFold(x, add) }) {
			tags = append(tags, add)
		}
	}
	tags = slices.DeleteFunc(tags, func(x string) bool {
		return slices.ContainsFunc(u.RemoveTags, func(r string) bool { return strings.EqualFold(x, r) })
	})
	set := map[string]any{"updated_at": now, "version": gorm.Expr("version + 1")}
	tagJSON, _ := json.Marshal(tags)
	set["tags"] = string(tagJSON)
	attrs := map[string]any{}
	if len(p.Attributes) > 0 {
		_ = json.Unmarshal(p.Attributes, &attrs)
	}
	attrsChanged := false
	for k, v := range u.Set {
		if name, ok := strings.CutPrefix(k, flow.AttributePrefix); ok {
			if v == nil {
				delete(attrs, name)
			} else {
				attrs[name] = v
			}
			attrsChanged = true
			continue
		}
		str, _ := v.(string)
		switch k {
		case "diagnosis", "cancer_stage", "notes":
			sealed, err := s.keys.Seal(str)
			if err != nil {
				return err
			}
			set[k] = sealed
		case "preferred_channel":
			if str == "" {
				set[k] = nil
			} else {
				set[k] = str
			}
		case "language":
			if str != "" {
				set[k] = str
			}
		}
	}
	if attrsChanged {
		b, _ := json.Marshal(attrs)
		set["attributes"] = string(b)
	}
	return tx.WithContext(ctx).Table("patients").Where("tenant_id = ? AND id = ?", t.exec.TenantID, t.exec.PatientID).Updates(set).Error
}
