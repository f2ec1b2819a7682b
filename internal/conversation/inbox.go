package conversation

import (
	"context"
	"fmt"
	"github.com/prima-health/prima/internal/platform/db"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"gorm.io/gorm"
)

// Audit actions of the inbox.
const (
	ActionRead    = "conversation.read"
	ActionList    = "conversation.list"
	ActionReply   = "conversation.reply"
	ActionResolve = "conversation.resolve"
)

// Limits of the inbox.
const (
	previewLength  = 120
	threadMessages = 200
	MaxReplyLength = 4096
	DefaultPerPage = 25
	MaxPerPage     = 100
)

// Item is one conversation in the inbox (SPEC §3.2).
type Item struct {
	PatientID           string
	PatientName         string
	Status              string
	Flag                *string
	FlaggedAt           *time.Time
	UnreadCount         int
	LastMessageAt       time.Time
	LastInboundAt       *time.Time
	LastInboundPreview  *string
	LastIntent          *string
	AssignedVolunteerID *string
	Version             int
}

// Filter narrows the inbox.
type Filter struct {
	Status  string // "", "open", "resolved"
	Flag    string // "", "urgent", "needs_reply"
	Unread  bool
	Search  string // patient name contains
	Sort    string // "" or "inbox" (urgent, then unread, then recent), or "-last_message_at"
	Page    int
	PerPage int
}

// scope is the volunteer an actor's view is limited to ("" for everyone).
func scope(a identity.Actor) string {
	if a.Role == identity.RoleVolunteer {
		return a.UserID
	}
	return ""
}

// List is the inbox: urgent first, then unread or waiting for a reply, then
// the rest, each newest first. Volunteers see their own patients only.
func (s *Service) List(ctx context.Context, a identity.Actor, f Filter) ([]Item, int64, error) {
	var fe errs.Fields
	if f.Status != "" && f.Status != StatusOpen && f.Status != StatusResolved {
		fe.Add("status", "must be open or resolved")
	}
	if f.Flag != "" && f.Flag != FlagUrgent && f.Flag != FlagNeedsReply {
		fe.Add("flag", "must be urgent or needs_reply")
	}
	if f.Sort != "" && f.Sort != "inbox" && f.Sort != "-last_message_at" {
		fe.Add("sort", "must be one of inbox, -last_message_at")
	}
	if len(f.Search) > 200 {
		fe.Add("search", "must be at most 200 characters")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	if f.PerPage <= 0 {
		f.PerPage = DefaultPerPage
	}
	f.PerPage = min(f.PerPage, MaxPerPage)
	f.Page = max(f.Page, 1)
	q := s.db.Gorm.WithContext(ctx).Table("conversations AS c").Joins("JOIN patients p ON p.id = c.patient_id AND p.tenant_id = c.tenant_id").
		Where("c.tenant_id = ? AND p.deleted_at IS NULL", a.TenantID)
	if v := scope(a); v != "" {
		q = q.Where("p.assigned_volunteer_id = ?", v)
	}
	if f.Status != "" {
		q = q.Where("c.status = ?", f.Status)
	}
	if f.Flag != "" {
		q = q.Where("c.flag = ?", f.Flag)
	}
	if f.Unread {
		q = q.Where("c.unread_count > 0")
	}
	if t := strings.TrimSpace(f.Search); t != "" {
		q = q.Where(`lower(p.name) LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(strings.ToLower(t))+"%")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	order := "c.rank, c.last_message_at DESC, c.patient_id"
	if f.Sort == "-last_message_at" {
		order = "c.last_message_at DESC, c.patient_id"
	}
	var rows []listRow
	err := q.Select(`c.patient_id, p.name AS patient_name, c.status, c.flag, c.flagged_at, c.unread_count, c.last_message_at,
c.last_inbound_at, c.last_intent, p.assigned_volunteer_id, c.version, c.last_inbound_message_id`).
		Order(order).Limit(f.PerPage).Offset((f.Page - 1) * f.PerPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, err
	}
	previews, err := s.previews(ctx, a.TenantID, rows)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Item, len(rows))
	shown := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Item
		if r.LastInboundMessageID != nil {
			if p, ok := previews[*r.LastInboundMessageID]; ok {
				out[i].LastInboundPreview = &p
			}
		}
		shown[i] = r.PatientID
	}
	if len(shown) > 0 {
		err = audit.Write(ctx, s.db.Gorm, s.clock.Now(), audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionList,
			ResourceType: "patient", ResourceIDs: shown})
	}
	return out, total, err
}

// listRow is an inbox row as read.
type listRow struct {
	Item
	LastInboundMessageID *string
}

// previews opens the last inbound message of each row, shortened.
func (s *Service) previews(ctx context.Context, tenantID string, rows []listRow) (map[string]string, error) {
	idList := make([]string, 0, len(rows))
	for _, r := range rows {
		if r.LastInboundMessageID != nil {
			idList = append(idList, *r.LastInboundMessageID)
		}
	}
	out := make(map[string]string, len(idList))
	if len(idList) == 0 {
		return out, nil
	}
	var bodies []struct{ ID, Body string }
	if err := s.db.Gorm.WithContext(ctx).Table("messages").Select("id, body").Where("tenant_id = ? AND id IN ?", tenantID, idList).
		Scan(&bodies).Error; err != nil {
		return nil, err
	}
	for _, b := range bodies {
		text, err := s.bodies.Open(b.Body)
		if err != nil {
			return nil, err
		}
		out[b.ID] = shorten(text, previewLength)
	}
	return out, nil
}

// shorten cuts text to n characters, on a word when it can, with an ellipsis.
func shorten(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	cut := string(r)
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// Thread is one conversation with its messages, oldest first.
type Thread struct {
	Conversation Item
	Messages     []outbox.Message
}

// Get reads a patient's conversation and its last messages in both
// directions (reminders included), oldest first; staff reading it sets its
// unread count to 0. A patient with no conversation yet has an empty one.
func (s *Service) Get(ctx context.Context, a identity.Actor, patientID string) (Thread, error) {
	p, err := s.visiblePatient(ctx, a, patientID)
	if err != nil {
		return Thread{}, err
	}
	now := s.clock.Now().UTC()
	if a.CanWrite() {
		err := s.db.Gorm.WithContext(ctx).Exec(`UPDATE conversations SET unread_count = 0,
rank = CASE WHEN flag = 'urgent' THEN 0 WHEN flag = 'needs_reply' THEN 1 ELSE 2 END, updated_at = ?
WHERE tenant_id = ? AND patient_id = ? AND unread_count > 0`, now, a.TenantID, patientID).Error
		if err != nil {
			return Thread{}, err
		}
	}
	item, err := s.item(ctx, a.TenantID, p)
	if err != nil {
		return Thread{}, err
	}
	var msgs []outbox.Message
	err = s.db.Gorm.WithContext(ctx).Where("tenant_id = ? AND patient_id = ?", a.TenantID, patientID).
		Order("created_at DESC, id DESC").Limit(threadMessages).Find(&msgs).Error
	if err != nil {
		return Thread{}, err
	}
	out := make([]outbox.Message, len(msgs))
	for i, m := range msgs {
		if m.Body, err = s.bodies.Open(m.Body); err != nil {
			return Thread{}, err
		}
		out[len(msgs)-1-i] = m
	}
	err = audit.Write(ctx, s.db.Gorm, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionRead,
		ResourceType: "patient", ResourceID: patientID})
	return Thread{Conversation: item, Messages: out}, err
}

// patientRef is a patient the actor may see.
type patientRef struct {
	ID, Name            string
	AssignedVolunteerID *string
}

// visiblePatient reads a patient the actor may see; anything else is not found.
func (s *Service) visiblePatient(ctx context.Context, a identity.Actor, patientID string) (patientRef, error) {
	if !ids.Valid(patientID) {
		return patientRef{}, errs.ErrNotFound
	}
	var rows []patientRef
	q := s.db.Gorm.WithContext(ctx).Table("patients").Select("id, name, assigned_volunteer_id").
		Where("tenant_id = ? AND id = ? AND deleted_at IS NULL", a.TenantID, patientID)
	if v := scope(a); v != "" {
		q = q.Where("assigned_volunteer_id = ?", v)
	}
	if err := q.Scan(&rows).Error; err != nil {
		return patientRef{}, err
	}
	if len(rows) == 0 {
		return patientRef{}, errs.ErrNotFound
	}
	return rows[0], nil
}

// item is the conversation of p as the inbox shows it (an empty open one
// when the patient never wrote).
func (s *Service) item(ctx context.Context, tenantID string, p patientRef) (Item, error) {
	var cs []Conversation
	if err := s.db.Gorm.WithContext(ctx).Where("tenant_id = ? AND patient_id = ?", tenantID, p.ID).Limit(1).Find(&cs).Error; err != nil {
		return Item{}, err
	}
	it := Item{PatientID: p.ID, PatientName: p.Name, Status: StatusOpen, AssignedVolunteerID: p.AssignedVolunteerID}
	if len(cs) == 0 {
		return it, nil
	}
	c := cs[0]
	it.Status, it.Flag, it.FlaggedAt, it.UnreadCount, it.LastMessageAt = c.Status, c.Flag, c.FlaggedAt, c.UnreadCount, c.LastMessageAt
	it.LastInboundAt, it.LastIntent, it.Version = c.LastInboundAt, c.LastIntent, c.Version
	if c.LastInboundMessageID != nil {
		pre, err := s.previews(ctx, tenantID, []listRow{{LastInboundMessageID: c.LastInboundMessageID}})
		if err != nil {
			return Item{}, err
		}
		if v, ok := pre[*c.LastInboundMessageID]; ok {
			it.LastInboundPreview = &v
		}
	}
	return it, nil
}

// Reply queues a staff member's answer to the patient (a normal outbox
// message, interactive priority) and records that staff are handling the
// conversation: automated answers pause for the tenant's staff pause, and a
// needs_reply flag is cleared (an urgent one stays until resolved).
func (s *Service) Reply(ctx context.Context, a identity.Actor, patientID, body string) (outbox.Message, error) {
	if !a.CanWrite() {
		return outbox.Message{}, fmt.Errorf("this role only reads conversations: %w", errs.ErrForbidden)
	}
	body = strings.TrimSpace(body)
	var fe errs.Fields
	switch {
	case body == "":
		fe.Add("body", "is required")
	case utf8.RuneCountInString(body) > MaxReplyLength:
		fe.Add("body", fmt.Sprintf("must be at most %d characters", MaxReplyLength))
	}
	if err := fe.Err(); err != nil {
		return outbox.Message{}, err
	}
	if _, err := s.visiblePatient(ctx, a, patientID); err != nil {
		return outbox.Message{}, err
	}
	var m outbox.Message
	err := s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.clock.Now().UTC()
		var err error
		m, err = s.outbox.Enqueue(ctx, tx, outbox.NewMessage{TenantID: a.TenantID, PatientID: patientID, Body: body,
			Source: outbox.SourceManual, Priority: outbox.PriorityInteractive, CreatedBy: a.UserID})
		if err != nil {
			return err
		}
		c := Conversation{TenantID: a.TenantID, PatientID: patientID, Status: StatusOpen, Rank: rankRest, LastMessageAt: now,
			LastStaffReplyAt: &now, CreatedAt: now, UpdatedAt: now, Version: 1}
		res := tx.Model(&Conversation{}).Where("tenant_id = ? AND patient_id = ?", a.TenantID, patientID).Updates(map[string]any{
			"last_staff_reply_at": now, "last_message_at": now, "unread_count": 0, "updated_at": now, "version": gorm.Expr("version + 1"),
			"flag":       gorm.Expr("CASE WHEN flag = ? THEN flag ELSE NULL END", FlagUrgent),
			"flagged_at": gorm.Expr("CASE WHEN flag = ? THEN flagged_at ELSE NULL END", FlagUrgent),
			"rank":       gorm.Expr(rankAfter("flag", rankRest)),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			if err := tx.Create(&c).Error; err != nil {
				return err
			}
		}
		return audit.Write(ctx, tx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionReply,
			ResourceType: "patient", ResourceID: patientID})
	})
	if err != nil {
		return outbox.Message{}, err
	}
	s.wakeOutbox()
	return m, nil
}

// Resolve closes a conversation: status resolved, flag and unread cleared.
func (s *Service) Resolve(ctx context.Context, a identity.Actor, patientID string) (Item, error) {
	if !a.CanWrite() {
		return Item{}, fmt.Errorf("this role only reads conversations: %w", errs.ErrForbidden)
	}
	p, err := s.visiblePatient(ctx, a, patientID)
	if err != nil {
		return Item{}, err
	}
	err = s.db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.clock.Now().UTC()
		res := tx.Model(&Conversation{}).Where("tenant_id = ? AND patient_id = ?", a.TenantID, patientID).Updates(map[string]any{
			"status": StatusResolved, "flag": nil, "flagged_at": nil, "unread_count": 0, "rank": rankRest, "updated_at": now,
			"version": gorm.Expr("version + 1")})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("the patient has no conversation: %w", errs.ErrNotFound)
		}
		return audit.Write(ctx, tx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionResolve,
			ResourceType: "patient", ResourceID: patientID})
	})
	if err != nil {
		return Item{}, err
	}
	return s.item(ctx, a.TenantID, p)
}

// Counts are the inbox badge's numbers for one actor.
type Counts struct {
	Unread int64 // conversations with unread messages
	Urgent int64 // conversations flagged urgent
}

// Count is the navigation badge: what the actor may see that waits.
func (s *Service) Count(ctx context.Context, a identity.Actor) (Counts, error) {
	var c Counts
	q := s.db.Gorm.WithContext(ctx).Table("conversations AS c").Joins("JOIN patients p ON p.id = c.patient_id AND p.tenant_id = c.tenant_id").
		Where("c.tenant_id = ? AND c.rank < ? AND p.deleted_at IS NULL", a.TenantID, rankRest)
	if v := scope(a); v != "" {
		q = q.Where("p.assigned_volunteer_id = ?", v)
	}
	err := q.Select("COUNT(CASE WHEN c.unread_count > 0 THEN 1 END) AS unread, COUNT(CASE WHEN c.flag = 'urgent' THEN 1 END) AS urgent").
		Scan(&c).Error
	return c, err
}
