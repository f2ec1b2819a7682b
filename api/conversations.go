package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/messaging"
)

// Conversation is one patient's thread with the clinic, as the inbox lists it.
type Conversation struct {
	PatientID           string     `json:"patient_id"`
	PatientName         string     `json:"patient_name" example:"Siti Rahmawati"`
	Status              string     `json:"status" enums:"open,resolved" example:"open"`
	Flag                *string    `json:"flag" enums:"urgent,needs_reply" extensions:"x-nullable"`
	FlaggedAt           *time.Time `json:"flagged_at" extensions:"x-nullable"`
	UnreadCount         int        `json:"unread_count" example:"2"`
	LastMessageAt       *time.Time `json:"last_message_at" extensions:"x-nullable"`
	LastInboundAt       *time.Time `json:"last_inbound_at" extensions:"x-nullable"`
	LastInboundPreview  *string    `json:"last_inbound_preview" example:"Sudah minum obat" extensions:"x-nullable"`
	LastIntent          *string    `json:"last_intent" enums:"confirm,not_yet,reschedule,question,opt_out,urgent,greeting,other" extensions:"x-nullable"`
	AssignedVolunteerID *string    `json:"assigned_volunteer_id" extensions:"x-nullable"`
	Version             int        `json:"version" example:"3"`
}

// ConversationList is a page of the inbox.
type ConversationList struct {
	Data []Conversation `json:"data"`
	Page
}

// ConversationThread is a conversation with its messages, oldest first.
type ConversationThread struct {
	Conversation Conversation `json:"conversation"`
	Messages     []Message    `json:"messages"`
}

// ConversationCounts is the inbox badge.
type ConversationCounts struct {
	Unread int64 `json:"unread" example:"3"`
	Urgent int64 `json:"urgent" example:"1"`
}

// ReplyRequest is a staff member's answer to a patient.
type ReplyRequest struct {
	Body string `json:"body" example:"Boleh, minum setelah makan ya." validate:"required"`
}

// Notification tells a staff member about something waiting for them.
type Notification struct {
	ID        string  `json:"id"`
	Kind      string  `json:"kind" enums:"urgent_message,workflow" example:"urgent_message"`
	PatientID *string `json:"patient_id" extensions:"x-nullable"`
	MessageID *string `json:"message_id" extensions:"x-nullable"`
	// Body is a workflow's words to staff (kind workflow).
	Body *string `json:"body" extensions:"x-nullable"`
	// ExecutionID is the workflow execution that wrote it (kind workflow).
	ExecutionID *string    `json:"execution_id" extensions:"x-nullable"`
	CreatedAt   time.Time  `json:"created_at"`
	ReadAt      *time.Time `json:"read_at" extensions:"x-nullable"`
}

// NotificationList is the caller's notifications (at most 50), unread first.
type NotificationList struct {
	Data   []Notification `json:"data"`
	Unread int64          `json:"unread" example:"1"`
}

// UnknownSender is a phone that wrote in without being a patient (no text is kept).
type UnknownSender struct {
	ID             string     `json:"id"`
	Channel        string     `json:"channel" example:"whatsapp"`
	Phone          string     `json:"phone" example:"+6281234567890"`
	MessageCount   int        `json:"message_count" example:"2"`
	FirstSeenAt    time.Time  `json:"first_seen_at"`
	LastSeenAt     time.Time  `json:"last_seen_at"`
	LastAnsweredAt *time.Time `json:"last_answered_at" extensions:"x-nullable"`
}

// UnknownSenderList lists unknown senders, most recent first (at most 200).
type UnknownSenderList struct {
	Data []UnknownSender `json:"data"`
}

func toConversation(it conversation.Item) Conversation {
	out := Conversation{PatientID: it.PatientID, PatientName: it.PatientName, Status: it.Status, Flag: it.Flag,
		FlaggedAt: timePtr(it.FlaggedAt), UnreadCount: it.UnreadCount, LastInboundAt: timePtr(it.LastInboundAt),
		LastInboundPreview: it.LastInboundPreview, LastIntent: it.LastIntent, AssignedVolunteerID: it.AssignedVolunteerID, Version: it.Version}
	if !it.LastMessageAt.IsZero() {
		t := it.LastMessageAt.UTC()
		out.LastMessageAt = &t
	}
	return out
}

// listConversations godoc
//
//	@Summary		The conversation inbox
//	@Description	Patients who have written in, urgent first, then unread or waiting for a reply, then the rest, each by their last message (`sort=-last_message_at`: by last message only). `last_inbound_preview` is the start of their last message. Volunteers see their own patients only. Each read is audited with the patients listed.
//	@Tags			conversations
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			status		query		string	false	"open or resolved"		Enums(open, resolved)
//	@Param			flag		query		string	false	"urgent or needs_reply"	Enums(urgent, needs_reply)
//	@Param			unread		query		bool	false	"only conversations with unread messages"
//	@Param			search		query		string	false	"patient name contains"
//	@Param			sort		query		string	false	"inbox (default) or -last_message_at"	Enums(inbox, -last_message_at)
//	@Param			page		query		int		false	"page, from 1"			minimum(1)
//	@Param			per_page	query		int		false	"page size (default 25)"	minimum(1)	maximum(100)
//	@Success		200			{object}	ConversationList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/conversations [get]
func (s *Server) listConversations(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	unread, err := queryBool(c, "unread")
	if err != nil {
		return err
	}
	per := lq.PerPage
	if c.QueryParam("per_page") == "" {
		per = conversation.DefaultPerPage
	}
	f := conversation.Filter{Status: c.QueryParam("status"), Flag: c.QueryParam("flag"), Unread: unread != nil && *unread,
		Search: c.QueryParam("search"), Sort: lq.Sort, Page: lq.Page, PerPage: per}
	rows, total, err := s.Conversations.List(c.Request().Context(), a, f)
	if err != nil {
		return err
	}
	out := ConversationList{Data: make([]Conversation, 0, len(rows)), Page: Page{Page: lq.Page, PerPage: per, Total: total}}
	for _, it := range rows {
		out.Data = append(out.Data, toConversation(it))
	}
	return c.JSON(http.StatusOK, out)
}

// conversationCounts godoc
//
//	@Summary		The inbox badge
//	@Description	How many conversations the caller may see have unread messages, and how many are flagged urgent.
//	@Tags			conversations
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Success		200	{object}	ConversationCounts
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Router			/api/v1/conversations/counts [get]
func (s *Server) conversationCounts(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	n, err := s.Conversations.Count(c.Request().Context(), a)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ConversationCounts{Unread: n.Unread, Urgent: n.Urgent})
}

// getConversation godoc
//
//	@Summary		One patient's conversation
//	@Description	The conversation and its last 200 messages in both directions (reminders, automated answers, staff replies and the patient's own), oldest first, with each inbound message's intent. Reading it sets `unread_count` to 0 (developers read without marking). A patient who never wrote has an empty open conversation. Audited.
//	@Tags			conversations
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			patient_id	path		string	true	"patient id"
//	@Success		200			{object}	ConversationThread
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Router			/api/v1/conversations/{patient_id} [get]
func (s *Server) getConversation(c echo.Context) error {
	a, id, err := actorAndPatient(c)
	if err != nil {
		return err
	}
	t, err := s.Conversations.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	out := ConversationThread{Conversation: toConversation(t.Conversation), Messages: make([]Message, 0, len(t.Messages))}
	for _, m := range t.Messages {
		out.Messages = append(out.Messages, toMessage(messaging.View{Message: m, PatientName: t.Conversation.PatientName}))
	}
	return c.JSON(http.StatusOK, out)
}

// replyConversation godoc
//
//	@Summary		Reply to a patient
//	@Description	Queues the text as a normal outbound message (consent, opt-out and quiet hours apply; it goes before bulk traffic) and returns it. While staff are handling a conversation (a reply in the last `staff_pause_minutes`, Settings) automated answers pause; reminders continue. Clears a needs_reply flag (urgent stays until resolved). Admins and volunteers.
//	@Tags			conversations
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			patient_id		path		string			true	"patient id"
//	@Param			Idempotency-Key	header		string			false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		ReplyRequest	true	"the reply"
//	@Success		201				{object}	Message
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Router			/api/v1/conversations/{patient_id}/reply [post]
func (s *Server) replyConversation(c echo.Context) error {
	a, id, err := actorAndPatient(c)
	if err != nil {
		return err
	}
	var req ReplyRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.Conversations.Reply(c.Request().Context(), a, id, req.Body)
	if err != nil {
		return err
	}
	return created(c, toMessage(messaging.View{Message: m}))
}

// resolveConversation godoc
//
//	@Summary		Resolve a conversation
//	@Description	Sets the status to resolved and clears the flag and the unread count. A new message from the patient opens it again. Admins and volunteers.
//	@Tags			conversations
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			patient_id	path		string	true	"patient id"
//	@Success		200			{object}	Conversation
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Router			/api/v1/conversations/{patient_id}/resolve [post]
func (s *Server) resolveConversation(c echo.Context) error {
	a, id, err := actorAndPatient(c)
	if err != nil {
		return err
	}
	it, err := s.Conversations.Resolve(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toConversation(it))
}

// listNotifications godoc
//
//	@Summary		My notifications
//	@Description	The caller's notifications (an urgent message from one of their patients, or, for admins, from a patient nobody is assigned to), unread first, at most 50, with the unread count.
//	@Tags			conversations
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Success		200	{object}	NotificationList
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Router			/api/v1/notifications [get]
func (s *Server) listNotifications(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	rows, unread, err := s.Conversations.Notifications(c.Request().Context(), a)
	if err != nil {
		return err
	}
	out := NotificationList{Data: make([]Notification, 0, len(rows)), Unread: unread}
	for _, n := range rows {
		out.Data = append(out.Data, Notification{ID: n.ID, Kind: n.Kind, PatientID: n.PatientID, MessageID: n.MessageID, Body: n.Body, ExecutionID: n.ExecutionID,
			CreatedAt: n.CreatedAt.UTC(), ReadAt: timePtr(n.ReadAt)})
	}
	return c.JSON(http.StatusOK, out)
}

// readNotification godoc
//
//	@Summary		Mark a notification read
//	@Tags			conversations
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			id	path	string	true	"notification id"
//	@Success		204
//	@Failure		401	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/notifications/{id}/read [post]
func (s *Server) readNotification(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := s.Conversations.MarkRead(c.Request().Context(), a, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listUnknownSenders godoc
//
//	@Summary		Unknown senders
//	@Description	Phones that wrote to the clinic's WhatsApp number without being one of its patients, most recent first (at most 200). Their texts are not kept; each got at most one generic answer a day, with no patient data. Admins only.
//	@Tags			conversations
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Success		200	{object}	UnknownSenderList
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Router			/api/v1/unknown-senders [get]
func (s *Server) listUnknownSenders(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	rows, err := s.Conversations.UnknownSenders(c.Request().Context(), a)
	if err != nil {
		return err
	}
	out := UnknownSenderList{Data: make([]UnknownSender, 0, len(rows))}
	for _, u := range rows {
		out.Data = append(out.Data, UnknownSender{ID: u.ID, Channel: u.Channel, Phone: u.Phone, MessageCount: u.MessageCount,
			FirstSeenAt: u.FirstSeenAt.UTC(), LastSeenAt: u.LastSeenAt.UTC(), LastAnsweredAt: timePtr(u.LastAnsweredAt)})
	}
	return c.JSON(http.StatusOK, out)
}

// actorAndPatient is the approved caller and the :patient_id of a conversation route.
func actorAndPatient(c echo.Context) (identity.Actor, string, error) {
	a, err := actor(c)
	if err != nil {
		return identity.Actor{}, "", err
	}
	id, err := pathID(c, "patient_id")
	return a, id, err
}
