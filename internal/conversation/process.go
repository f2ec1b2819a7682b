package conversation

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/intent"
	"gorm.io/gorm"
)

// facts are what one job's decisions rest on, read before its transaction.
type facts struct {
	job          Job
	body         string
	at           time.Time
	repliedTo    *string
	patientName  string
	language     string
	phone        string
	consent      string
	volunteerID  *string
	clinic       string
	region       string
	aiEnabled    bool
	staffPause   time.Duration
	lastStaff    *time.Time
	lastAutoKind *string
	flag         *string // the conversation's flag before this message
}

// understanding is what the message meant, and a drafted answer when the
// language model wrote one.
type understanding struct {
	intent     string
	confidence float64
	source     string // "rules" or "llm"
	consent    string // a whole-message consent answer (intent.Consent*)
	answer     string // a grounded answer to a question ("" when none)
}

// Intent sources (SPEC §3.2).
const (
	SourceRules = "rules"
	SourceLLM   = "llm"
)

// process does one job: understand the message (the language model is asked
// outside any transaction), then apply everything in one transaction that
// also completes the job. It reports whether a message was queued.
func (s *Service) process(ctx context.Context, j Job) (bool, error) {
	f, err := s.facts(ctx, j)
	if err != nil {
		return false, err
	}
	u := s.understand(ctx, f)
	queued := false
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.clock.Now().UTC()
		if err := complete(tx, j, now); err != nil {
			return err
		}
		if err := s.refresh(ctx, tx, &f); err != nil {
			return err
		}
		q, err := s.act(ctx, tx, f, u, now)
		queued = q
		return err
	})
	return queued, err
}

// facts reads the message, its patient, tenant and conversation.
func (s *Service) facts(ctx context.Context, j Job) (facts, error) {
	q := s.db.Gorm.WithContext(ctx)
	var row struct {
		Body               string
		CreatedAt          time.Time
		RepliedToMessageID *string
		Name, Language     string
		Phone, Consent     string
		AssignedVolunteer  *string `gorm:"column:assigned_volunteer_id"`
		Clinic             string
		DefaultRegion      string
		DefaultLanguage    string
		AIEnabled          bool `gorm:"column:ai_enabled"`
		StaffPauseMinutes  int
		LastStaffReplyAt   *time.Time
		LastAutoReply      *string
	}
	err := q.Raw(`SELECT m.body, m.created_at, m.replied_to_message_id, p.name, p.language, p.phone, p.consent, p.assigned_volunteer_id,
t.name AS clinic, t.default_region, t.default_language, t.ai_enabled, t.staff_pause_minutes, c.last_staff_reply_at, c.last_auto_reply
FROM messages m JOIN patients p ON p.id = m.patient_id JOIN tenants t ON t.id = m.tenant_id
LEFT JOIN conversations c ON c.tenant_id = m.tenant_id AND c.patient_id = m.patient_id
WHERE m.tenant_id = ? AND m.id = ?`, j.TenantID, j.MessageID).Scan(&row).Error
	if err != nil {
		return facts{}, err
	}
	body, err := s.bodies.Open(row.Body)
	if err != nil {
		return facts{}, err
	}
	lang := row.Language
	if lang == "" {
		lang = row.DefaultLanguage
	}
	return facts{job: j, body: body, at: row.CreatedAt, repliedTo: row.RepliedToMessageID, patientName: row.Name, language: lang,
		phone: row.Phone, consent: row.Consent, volunteerID: row.AssignedVolunteer, clinic: row.Clinic, region: row.DefaultRegion,
		aiEnabled: row.AIEnabled, staffPause: time.Duration(row.StaffPauseMinutes) * time.Minute, lastStaff: row.LastStaffReplyAt,
		lastAutoKind: row.LastAutoReply}, nil
}

// refresh re-reads, in tx and under the conversation's row lock, the facts
// that another job of the same conversation may have changed since they were
// read: the last automated answer (a clarifying question is never asked
// twice in a row), the last staff reply, and the patient's consent (one
// opt-out confirmation, whatever concurrent STOPs). Concurrent jobs of one
// conversation thus decide one after the other.
func (s *Service) refresh(ctx context.Context, tx *gorm.DB, f *facts) error {
	j := f.job
	q := tx.WithContext(ctx)
	var c struct {
		LastStaffReplyAt *time.Time
		LastAutoReply    *string
		Flag             *string
	}
	if err := q.Raw("SELECT last_staff_reply_at, last_auto_reply, flag FROM conversations WHERE tenant_id = ? AND patient_id = ?"+s.db.ForUpdate(),
		j.TenantID, j.PatientID).Scan(&c).Error; err != nil {
		return err
	}
	var consent string
	if err := q.Raw("SELECT consent FROM patients WHERE tenant_id = ? AND id = ?", j.TenantID, j.PatientID).Scan(&consent).Error; err != nil {
		return err
	}
	f.lastStaff, f.lastAutoKind, f.consent, f.flag = c.LastStaffReplyAt, c.LastAutoReply, consent, c.Flag
	return nil
}

// understand classifies the message: the rules first; the language model
// only when the rules are unsure, AI is on for the tenant, and the message is
// neither urgent nor a consent answer (those are the rules' alone). Any model
// failure leaves the rules' answer. A question gets a grounded answer drafted
// here too, when the model is confident in it.
func (s *Service) understand(ctx context.Context, f facts) understanding {
	r := intent.Classify(f.body)
	u := understanding{intent: r.Intent, confidence: r.Confidence, source: SourceRules, consent: r.Consent}
	ai := f.aiEnabled && s.model != nil && s.model.Enabled()
	if r.Intent == intent.Urgent || r.Consent != "" {
		return u
	}
	first := firstName(f.patientName)
	if !r.Sure() && ai {
		allowed := make([]string, 0, len(intent.All))
		for _, i := range intent.All {
			if i != intent.Urgent {
				allowed = append(allowed, i)
			}
		}
		got, conf, err := s.model.Classify(ctx, f.body, first, f.language, allowed)
		switch {
		case err != nil:
			s.log.Warn("language model unavailable; the rules' intent stands", "message_id", f.job.MessageID, "error", err.Error())
		case got != intent.Urgent && intent.Valid(got):
			u.intent, u.confidence, u.source = got, conf, SourceLLM
		}
	}
	if u.intent == intent.Question && ai && s.articles != nil {
		sources, err := s.articles.Grounding(ctx, f.job.TenantID, f.language, f.body, 3)
		if err != nil {
			s.log.Warn("reading articles for an answer", "error", err.Error())
		}
		if len(sources) > 0 {
			text, confident, err := s.model.Answer(ctx, f.body, first, f.language, sources)
			if err != nil {
				s.log.Warn("language model unavailable; a volunteer will answer", "message_id", f.job.MessageID, "error", err.Error())
			} else if confident && text != "" {
				u.answer = text
			}
		}
	}
	return u
}
