package conversation

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/intent"
	"github.com/prima-health/prima/internal/outbox"
	"gorm.io/gorm"
)

// Consent values and the source recorded when a patient's reply changes it.
const (
	consentPending  = "pending"
	consentGranted  = "granted"
	consentDeclined = "declined"
	consentRevoked  = "revoked"

	// ConsentSourceReply is patients.consent_source after a reply changed consent.
	ConsentSourceReply = "reply"
	// ActionConsent is the audit action of a consent change by a patient's reply.
	ActionConsent = "patient.consent"
)

// Kinds of automated answers, kept on the conversation (last_auto_reply).
const (
	autoClarify = "clarify"
)

// reply is one answer to queue.
type reply struct {
	kind      string // a text key, or "ai_answer"
	body      string
	exemption string
	source    string
	ai        bool
}

// act applies what the message meant, in tx: the intent on the message,
// consent, the dose confirmation, flags and notifications, and the answers
// (normal outbox messages). It reports whether a message was queued.
func (s *Service) act(ctx context.Context, tx *gorm.DB, f facts, u understanding, now time.Time) (bool, error) {
	j := f.job
	q := tx.WithContext(ctx)
	if err := q.Exec("UPDATE messages SET intent = ?, intent_confidence = ?, intent_source = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
		u.intent, u.confidence, u.source, now, j.TenantID, j.MessageID).Error; err != nil {
		return false, err
	}
	vars := map[string]string{"first_name": firstName(f.patientName), "clinic": f.clinic, "emergency": emergencyNumber(f.phone, f.region)}
	say := func(key string) reply {
		return reply{kind: key, body: text(f.language, key, vars), source: outbox.SourceAutoReply}
	}
	consent := f.consent
	staffHandling := f.lastStaff != nil && f.staffPause > 0 && now.Sub(*f.lastStaff) < f.staffPause
	var replies []reply
	flag := ""
	switch {
	case u.consent == intent.ConsentStop || (u.intent == intent.OptOut && u.confidence >= intent.SureThreshold):
		if consent != consentRevoked {
			if err := s.setConsent(ctx, tx, j, consentRevoked, now); err != nil {
				return false, err
			}
			r := say(textOptOutConfirmed) // exactly one: only when this reply revoked consent
			r.exemption, r.source = outbox.ExemptOptOutConfirmation, outbox.SourceConsent
			replies = append(replies, r)
		}
	case u.consent == intent.ConsentYes && (consent == consentPending || consent == consentDeclined):
		if err := s.setConsent(ctx, tx, j, consentGranted, now); err != nil {
			return false, err
		}
		if j.AutoReplies {
			r := say(textConsentGranted)
			r.source = outbox.SourceConsent
			replies = append(replies, r)
		}
	case u.consent == intent.ConsentNo && consent == consentPending:
		if err := s.setConsent(ctx, tx, j, consentDeclined, now); err != nil {
			return false, err
		}
		// Nothing more is sent: that is what NO means.
	case u.intent == intent.Urgent:
		flag = FlagUrgent
		if err := s.notifyUrgent(ctx, tx, j, now); err != nil {
			return false, err
		}
		if err := s.record(tx, events.ConversationFlagged(j.TenantID, j.PatientID, FlagUrgent, j.MessageID)); err != nil {
			return false, err
		}
		if j.AutoReplies { // staff handling the conversation does not hold this one back
			r := say(textSafety)
			r.exemption = outbox.ExemptSafety
			replies = append(replies, r)
		}
	default:
		took, err := s.toWorkflows(ctx, tx, f, u)
		if err != nil {
			return false, err
		}
		if took {
			// A workflow waited for this reply (or the message started one): the
			// workflow answers; a question still wants a person.
			if u.intent == intent.Question {
				flag = FlagNeedsReply
			}
			break
		}
		var more []reply
		more, flag, err = s.answer(ctx, tx, f, u, say)
		if err != nil {
			return false, err
		}
		if j.AutoReplies && !staffHandling && consent == consentGranted {
			replies = append(replies, more...)
		} else if flag == "" && u.intent != intent.Confirm {
			flag = FlagNeedsReply // no automated answer went out: a person should look
		}
	}
	if flag == FlagNeedsReply && f.flag == nil { // newly flagged (urgent records its own above)
		if err := s.record(tx, events.ConversationFlagged(j.TenantID, j.PatientID, FlagNeedsReply, j.MessageID)); err != nil {
			return false, err
		}
	}
	queued, autoKind, err := s.queueReplies(ctx, tx, f, replies)
	if err != nil {
		return false, err
	}
	return queued, s.afterProcessing(ctx, tx, j, u.intent, flag, autoKind, now)
}

// toWorkflows gives the reply to the patient's workflows waiting for one,
// or starts those whose keyword it is; it reports whether one took it.
func (s *Service) toWorkflows(ctx context.Context, tx *gorm.DB, f facts, u understanding) (bool, error) {
	if s.workflows == nil {
		return false, nil
	}
	j := f.job
	took, err := s.workflows.Reply(ctx, tx, j.TenantID, j.PatientID, j.MessageID, u.intent, f.at)
	if err != nil || took {
		return took, err
	}
	return s.workflows.Keyword(ctx, tx, j.TenantID, j.PatientID, j.MessageID, f.body, f.at)
}

// answer decides the ordinary answers to a patient whose consent stands.
func (s *Service) answer(ctx context.Context, tx *gorm.DB, f facts, u understanding, say func(string) reply) ([]reply, string, error) {
	j := f.job
	switch u.intent {
	case intent.Confirm:
		found, err := s.doses.ConfirmReply(ctx, tx, j.TenantID, j.PatientID, f.repliedTo, f.at)
		if err != nil {
			return nil, "", err
		}
		if found {
			return []reply{say(textThanks)}, "", nil
		}
		return []reply{say(textNothingToConfirm)}, "", nil
	case intent.NotYet:
		return []reply{say(textNotYet)}, "", nil
	case intent.Reschedule:
		return []reply{say(textReschedule)}, FlagNeedsReply, nil
	case intent.Question:
		if u.answer != "" {
			return []reply{{kind: "ai_answer", body: u.answer, source: outbox.SourceAutoReply, ai: true}}, "", nil
		}
		return []reply{say(textVolunteerWillReply)}, FlagNeedsReply, nil
	case intent.Greeting:
		return []reply{say(textGreeting)}, "", nil
	case intent.OptOut: // an unsure STOP ("stop … but …"): consent stays; a person reads it
		return nil, FlagNeedsReply, nil
	}
	if f.lastAutoKind != nil && *f.lastAutoKind == autoClarify {
		return nil, FlagNeedsReply, nil // never two clarifying questions in a row
	}
	return []reply{say(textClarify)}, "", nil
}

// queueReplies writes the answers to the outbox; it returns whether any was
// queued and the kind of the last one.
func (s *Service) queueReplies(ctx context.Context, tx *gorm.DB, f facts, replies []reply) (bool, string, error) {
	j := f.job
	kind := ""
	for i, r := range replies {
		key := "reply:" + j.MessageID
		if i > 0 {
			key += ":" + r.kind
		}
		_, err := s.outbox.Enqueue(ctx, tx, outbox.NewMessage{TenantID: j.TenantID, PatientID: j.PatientID, Body: r.body, Source: r.source,
			SourceID: j.MessageID, Priority: outbox.PriorityInteractive, Automated: true, AIGenerated: r.ai, DedupeKey: key, Exemption: r.exemption})
		if err != nil {
			return false, "", err
		}
		kind = r.kind
	}
	return len(replies) > 0, kind, nil
}

// setConsent records a consent change made by the patient's reply, audited
// with its source.
func (s *Service) setConsent(ctx context.Context, tx *gorm.DB, j Job, consent string, now time.Time) error {
	err := tx.WithContext(ctx).Exec(`UPDATE patients SET consent = ?, consent_at = ?, consent_source = ?, updated_at = ?, version = version + 1
WHERE tenant_id = ? AND id = ?`, consent, now, ConsentSourceReply, now, j.TenantID, j.PatientID).Error
	if err != nil {
		return err
	}
	if ev, ok := optedOut(j.TenantID, j.PatientID, consent, ConsentSourceReply); ok {
		if err := s.record(tx, ev); err != nil {
			return err
		}
	}
	return audit.Write(ctx, tx, now, audit.Entry{TenantID: j.TenantID, Action: ActionConsent, ResourceType: "patient",
		ResourceID: j.PatientID, Changes: []string{"consent:" + consent, "source:" + ConsentSourceReply}})
}

// afterProcessing records the message's meaning on its conversation.
func (s *Service) afterProcessing(ctx context.Context, tx *gorm.DB, j Job, lastIntent, flag, autoKind string, now time.Time) error {
	set := map[string]any{"last_intent": lastIntent, "updated_at": now, "version": gorm.Expr("version + 1")}
	if autoKind != "" { // kept when nothing was sent: a flood of unclear messages gets one question
		set["last_auto_reply"] = autoKind
	}
	if flag != "" {
		return s.flagWith(ctx, tx, j.TenantID, j.PatientID, flag, now, set)
	}
	return tx.WithContext(ctx).Model(&Conversation{}).Where("tenant_id = ? AND patient_id = ?", j.TenantID, j.PatientID).Updates(set).Error
}

// flag raises a flag on a conversation (urgent is never lowered to needs_reply).
func (s *Service) flag(ctx context.Context, tx *gorm.DB, tenantID, patientID, flag string, now time.Time) error {
	return s.flagWith(ctx, tx, tenantID, patientID, flag, now, map[string]any{"updated_at": now, "version": gorm.Expr("version + 1")})
}

func (s *Service) flagWith(ctx context.Context, tx *gorm.DB, tenantID, patientID, flag string, now time.Time, set map[string]any) error {
	set["status"] = StatusOpen
	if flag == FlagUrgent {
		set["flag"], set["flagged_at"], set["rank"] = FlagUrgent, now, rankUrgent
	} else {
		set["flag"] = gorm.Expr("CASE WHEN flag = ? THEN flag ELSE ? END", FlagUrgent, flag)
		set["flagged_at"] = gorm.Expr("CASE WHEN flag = ? THEN flagged_at ELSE ? END", FlagUrgent, now)
		set["rank"] = gorm.Expr(rankAfter("flag", rankUnread))
	}
	return tx.WithContext(ctx).Model(&Conversation{}).Where("tenant_id = ? AND patient_id = ?", tenantID, patientID).Updates(set).Error
}
