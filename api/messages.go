package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/messaging"
	"github.com/prima-health/prima/internal/platform/errs"
)

// Message is one entry of the message log. Inbound messages have status
// received; a test message has no patient and a to_phone instead.
type Message struct {
	ID                string     `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f72"`
	PatientID         *string    `json:"patient_id" extensions:"x-nullable"`
	PatientName       *string    `json:"patient_name" example:"Siti Rahmawati" extensions:"x-nullable"`
	ToPhone           *string    `json:"to_phone" example:"+6281234567890" extensions:"x-nullable"`
	Direction         string     `json:"direction" enums:"outbound,inbound" example:"outbound"`
	Channel           string     `json:"channel" enums:"whatsapp,kakao,sms,log" example:"whatsapp"`
	ChannelOrder      []string   `json:"channel_order" example:"whatsapp,sms"`
	Status            string     `json:"status" enums:"queued,sending,sent,delivered,read,failed,skipped,received" example:"delivered"`
	SkipReason        *string    `json:"skip_reason" enums:"opted_out,no_consent,quiet_hours_expired,too_late,invalid_phone,duplicate,patient_inactive" extensions:"x-nullable"`
	Body              string     `json:"body" example:"Waktunya minum Tamoxifen 20 mg."`
	Source            string     `json:"source" enums:"reminder,workflow,campaign,manual,auto_reply,consent,inbound,test" example:"reminder"`
	SourceID          *string    `json:"source_id" extensions:"x-nullable"`
	ProviderMessageID *string    `json:"provider_message_id" extensions:"x-nullable"`
	Automated         bool       `json:"automated" example:"true"`
	AIGenerated       bool       `json:"ai_generated" example:"false"`
	ErrorCode         *string    `json:"error_code" extensions:"x-nullable"`
	ErrorMessage      *string    `json:"error_message" extensions:"x-nullable"`
	TotalAttempts     int        `json:"total_attempts" example:"1"`
	NextAttemptAt     *time.Time `json:"next_attempt_at" extensions:"x-nullable"`
	SendBefore        *time.Time `json:"send_before" extensions:"x-nullable"`
	CreatedBy         *string    `json:"created_by" extensions:"x-nullable"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	SentAt            *time.Time `json:"sent_at" extensions:"x-nullable"`
	DeliveredAt       *time.Time `json:"delivered_at" extensions:"x-nullable"`
	ReadAt            *time.Time `json:"read_at" extensions:"x-nullable"`
	FailedAt          *time.Time `json:"failed_at" extensions:"x-nullable"`
	// Inbound messages: what the patient meant (SPEC §3.2); null until understood, and on outbound messages.
	Intent             *string  `json:"intent" enums:"confirm,not_yet,reschedule,question,opt_out,urgent,greeting,other" extensions:"x-nullable"`
	IntentConfidence   *float64 `json:"intent_confidence" example:"0.93" extensions:"x-nullable"`
	IntentSource       *string  `json:"intent_source" enums:"rules,llm" extensions:"x-nullable"`
	RepliedToMessageID *string  `json:"replied_to_message_id" extensions:"x-nullable"`
}

// MessageAttempt is one hand-over of a message to a channel.
type MessageAttempt struct {
	AttemptNo         int        `json:"attempt_no" example:"1"`
	Channel           string     `json:"channel" enums:"whatsapp,kakao,sms,log" example:"whatsapp"`
	Status            string     `json:"status" enums:"started,sent,failed,throttled,unknown,skipped" example:"failed"`
	ErrorCode         *string    `json:"error_code" example:"VALIDATION_ERROR" extensions:"x-nullable"`
	ErrorMessage      *string    `json:"error_message" extensions:"x-nullable"`
	ProviderMessageID *string    `json:"provider_message_id" extensions:"x-nullable"`
	At                time.Time  `json:"at"`
	FinishedAt        *time.Time `json:"finished_at" extensions:"x-nullable"`
}

// MessageDetail is a message with every attempt, oldest first: the failover trail.
type MessageDetail struct {
	Message
	Attempts []MessageAttempt `json:"attempts"`
}

// MessageList is a page of the message log (without attempts; GET /messages/{id} has them).
type MessageList struct {
	Data []Message `json:"data"`
	Page
}

// SendMessageRequest sends one message to a patient now.
type SendMessageRequest struct {
	PatientID    string   `json:"patient_id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f71"`
	Body         string   `json:"body" example:"Jangan lupa kontrol besok jam 09:00."`
	ChannelOrder []string `json:"channel_order,omitempty" example:"whatsapp,sms"`
}

// RetryMessagesFilter selects failed messages to retry.
type RetryMessagesFilter struct {
	Status    *string `json:"status,omitempty" enums:"failed"`
	Channel   *string `json:"channel,omitempty" enums:"whatsapp,kakao,sms,log"`
	PatientID *string `json:"patient_id,omitempty"`
	Source    *string `json:"source,omitempty" enums:"reminder,workflow,campaign,manual,auto_reply,consent,test"`
	From      *string `json:"from,omitempty" format:"date-time" example:"2026-11-22T00:00:00Z"`
	To        *string `json:"to,omitempty" format:"date-time" example:"2026-11-23T00:00:00Z"`
}

// RetryMessagesRequest names the failed messages to retry: ids, or a filter.
type RetryMessagesRequest struct {
	IDs    []string             `json:"ids,omitempty"`
	Filter *RetryMessagesFilter `json:"filter,omitempty"`
}

// RetryMessagesResult says how many messages went back to the queue.
type RetryMessagesResult struct {
	Retried int64 `json:"retried" example:"3"`
}

// MessageStatsCell counts the messages of one channel and status.
type MessageStatsCell struct {
	Channel string `json:"channel" example:"whatsapp"`
	Status  string `json:"status" example:"delivered"`
	Count   int64  `json:"count" example:"12"`
}

// MessageStatsDay is one calendar day in the stats' time zone.
type MessageStatsDay struct {
	Date      string             `json:"date" format:"date" example:"2026-11-22"`
	Total     int64              `json:"total" example:"30"`
	ByChannel map[string]int64   `json:"by_channel"`
	ByStatus  map[string]int64   `json:"by_status"`
	Counts    []MessageStatsCell `json:"counts"`
}

// MessageStatsTotals sums the whole range.
type MessageStatsTotals struct {
	Total     int64            `json:"total" example:"420"`
	Outbound  int64            `json:"outbound" example:"380"`
	Inbound   int64            `json:"inbound" example:"40"`
	ByChannel map[string]int64 `json:"by_channel"`
	ByStatus  map[string]int64 `json:"by_status"`
}

// MessageStats counts messages by day, channel and status. delivery_rate is
// delivered ÷ settled over outbound messages (delivered counts delivered and
// read; settled counts sent, delivered, read and failed). failover_rate is
// failed_over (messages tried on more than one channel) ÷ attempted (messages
// with at least one attempt). A rate is null when its denominator is 0.
type MessageStats struct {
	From         string             `json:"from" format:"date" example:"2026-11-09"`
	To           string             `json:"to" format:"date" example:"2026-11-22"`
	Timezone     string             `json:"timezone" example:"Asia/Jakarta"`
	Days         []MessageStatsDay  `json:"days"`
	Totals       MessageStatsTotals `json:"totals"`
	Delivered    int64              `json:"delivered" example:"300"`
	Settled      int64              `json:"settled" example:"320"`
	DeliveryRate *float64           `json:"delivery_rate" example:"0.9375" extensions:"x-nullable"`
	FailedOver   int64              `json:"failed_over" example:"8"`
	Attempted    int64              `json:"attempted" example:"360"`
	FailoverRate *float64           `json:"failover_rate" example:"0.0222" extensions:"x-nullable"`
}

func toMessage(v messaging.View) Message {
	m := v.Message
	out := Message{
		ID: m.ID, PatientID: m.PatientID, ToPhone: m.ToPhone, Direction: m.Direction, Channel: m.Channel,
		ChannelOrder: []string(m.ChannelOrder), Status: m.Status, SkipReason: m.SkipReason, Body: m.Body, Source: m.Source,
		SourceID: m.SourceID, ProviderMessageID: m.ProviderMessageID, Automated: m.Automated, AIGenerated: m.AIGenerated,
		ErrorCode: m.ErrorCode, ErrorMessage: m.ErrorMessage, TotalAttempts: m.TotalAttempts,
		NextAttemptAt: timePtr(m.NextAttemptAt), SendBefore: timePtr(m.SendBefore), CreatedBy: m.CreatedBy,
		CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(), SentAt: timePtr(m.SentAt),
		DeliveredAt: timePtr(m.DeliveredAt), ReadAt: timePtr(m.ReadAt), FailedAt: timePtr(m.FailedAt),
		Intent: m.Intent, IntentConfidence: m.IntentConfidence, IntentSource: m.IntentSource, RepliedToMessageID: m.RepliedToMessageID,
	}
	if out.ChannelOrder == nil {
		out.ChannelOrder = []string{}
	}
	if m.PatientID != nil {
		name := v.PatientName
		out.PatientName = &name
	}
	return out
}

func toMessageDetail(d messaging.Detail) MessageDetail {
	out := MessageDetail{Message: toMessage(d.View), Attempts: make([]MessageAttempt, 0, len(d.Attempts))}
	for _, a := range d.Attempts {
		out.Attempts = append(out.Attempts, MessageAttempt{AttemptNo: a.AttemptNo, Channel: a.Channel, Status: a.Status,
			ErrorCode: a.ErrorCode, ErrorMessage: a.ErrorMessage, ProviderMessageID: a.ProviderMessageID,
			At: a.StartedAt.UTC(), FinishedAt: timePtr(a.FinishedAt)})
	}
	return out
}

// listMessages godoc
//
//	@Summary		The message log
//	@Description	Newest first. Admins and developers see every message of the tenant, volunteers only those of the patients assigned to them (test messages, which have no patient, are not theirs). `search` matches the patient's name (contains, any case); message bodies are encrypted at rest and not searched. `from` and `to` bound created_at (from inclusive, to exclusive). Attempts are in GET /messages/{id}.
//	@Tags			messages
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			patient_id	query		string	false	"messages of this patient"
//	@Param			channel		query		string	false	"current channel"	Enums(whatsapp,kakao,sms,log)
//	@Param			status		query		string	false	"status"			Enums(queued,sending,sent,delivered,read,failed,skipped,received)
//	@Param			direction	query		string	false	"direction"			Enums(outbound,inbound)
//	@Param			source		query		string	false	"what caused it"	Enums(reminder,workflow,campaign,manual,auto_reply,consent,inbound,test)
//	@Param			from		query		string	false	"created at or after (RFC 3339)"	format(date-time)
//	@Param			to			query		string	false	"created before (RFC 3339)"			format(date-time)
//	@Param			search		query		string	false	"patient name contains"
//	@Param			sort		query		string	false	"order (default -created_at)"	Enums(created_at,-created_at)
//	@Param			page		query		int		false	"page (from 1)"					minimum(1)	maximum(1000000)
//	@Param			per_page	query		int		false	"page size"						minimum(1)	maximum(100)
//	@Success		200			{object}	MessageList
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/messages [get]
func (s *Server) listMessages(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	lq, err := listParams(c)
	if err != nil {
		return err
	}
	page, per := lq.Page, lq.PerPage
	from, ferr := queryTime(c, "from")
	to, terr := queryTime(c, "to")
	if err := joinFieldErrors(ferr, terr); err != nil {
		return err
	}
	rows, total, err := s.Messages.List(c.Request().Context(), a, messaging.Filter{
		PatientID: c.QueryParam("patient_id"), Channel: c.QueryParam("channel"), Status: c.QueryParam("status"),
		Direction: c.QueryParam("direction"), Source: c.QueryParam("source"), Search: c.QueryParam("search"),
		From: from, To: to, Sort: lq.Sort, Page: page, PerPage: per})
	if err != nil {
		return err
	}
	out := MessageList{Data: make([]Message, 0, len(rows)), Page: Page{Page: page, PerPage: per, Total: total}}
	for _, v := range rows {
		out.Data = append(out.Data, toMessage(v))
	}
	return c.JSON(http.StatusOK, out)
}

// getMessage godoc
//
//	@Summary		One message with its failover trail
//	@Description	Every attempt in order, with its channel, outcome and error.
//	@Tags			messages
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			id	path		string	true	"message id"
//	@Success		200	{object}	MessageDetail
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Router			/api/v1/messages/{id} [get]
func (s *Server) getMessage(c echo.Context) error {
	a, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	d, err := s.Messages.Get(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMessageDetail(d))
}

// messageStats godoc
//
//	@Summary		Message statistics
//	@Description	Counts of the messages created in the range, per calendar day (days without messages included) × channel × status, with totals, the delivery rate and the failover rate. Days are those of the tenant's time zone unless `timezone` names another. Default range: the last 14 days up to today; at most 366 days. Volunteers' numbers cover their patients only.
//	@Tags			messages
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"read"
//	@Param			from		query		string	false	"first day (YYYY-MM-DD)"	format(date)
//	@Param			to			query		string	false	"last day, included (YYYY-MM-DD)"	format(date)
//	@Param			timezone	query		string	false	"IANA time zone of the days (default: the tenant's)"
//	@Success		200			{object}	MessageStats
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Router			/api/v1/messages/stats [get]
func (s *Server) messageStats(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	st, err := s.Messages.Stats(c.Request().Context(), a, messaging.StatsRange{From: c.QueryParam("from"),
		To: c.QueryParam("to"), Timezone: c.QueryParam("timezone")})
	if err != nil {
		return err
	}
	out := MessageStats{From: st.From, To: st.To, Timezone: st.Timezone, Days: make([]MessageStatsDay, 0, len(st.Days)),
		Totals: MessageStatsTotals{Total: st.Totals.Total, Outbound: st.Totals.Outbound, Inbound: st.Totals.Inbound,
			ByChannel: st.Totals.ByChannel, ByStatus: st.Totals.ByStatus},
		Delivered: st.Delivered, Settled: st.Settled, DeliveryRate: st.DeliveryRate,
		FailedOver: st.FailedOver, Attempted: st.Attempted, FailoverRate: st.FailoverRate}
	for _, d := range st.Days {
		day := MessageStatsDay{Date: d.Date, Total: d.Total, ByChannel: d.ByChannel, ByStatus: d.ByStatus,
			Counts: make([]MessageStatsCell, 0, len(d.Cells))}
		for _, cell := range d.Cells {
			day.Counts = append(day.Counts, MessageStatsCell{Channel: cell.Channel, Status: cell.Status, Count: cell.Count})
		}
		out.Days = append(out.Days, day)
	}
	return c.JSON(http.StatusOK, out)
}

// sendMessage godoc
//
//	@Summary		Send a message to a patient now
//	@Description	Queues the message at interactive priority on the given channel order (default: the tenant's; channels without a provider are dropped, and with none left it goes to the log channel) and returns it. The usual safety rules still apply when it is sent: consent, opt-out, quiet hours; the same text to the same patient within 10 minutes is recorded as skipped (duplicate). Admins and volunteers (their own patients); developers only read. Send an Idempotency-Key to make retries safe.
//	@Tags			messages
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			Idempotency-Key	header		string				false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		SendMessageRequest	true	"the message"
//	@Success		201				{object}	MessageDetail
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/messages [post]
func (s *Server) sendMessage(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req SendMessageRequest
	if _, err := bindJSON(c, &req); err != nil {
		return err
	}
	d, err := s.Messages.Send(c.Request().Context(), a, messaging.SendInput{PatientID: req.PatientID, Body: req.Body,
		ChannelOrder: req.ChannelOrder})
	if err != nil {
		return err
	}
	return created(c, toMessageDetail(d))
}

// retryMessages godoc
//
//	@Summary		Retry failed messages
//	@Description	Puts failed outbound messages back in the queue, due now, on the first channel of their order with a fresh attempt budget (their attempt history stays). Name them by `ids` (at most 1000) or by a `filter` (at most 10000 per call; call again for more). Messages that are not failed, or not yours to see, are passed over: `retried` counts those re-queued. Admins, and volunteers for their patients' messages.
//	@Tags			messages
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"send"
//	@Param			Idempotency-Key	header		string					false	"replays the first response for the same key and body (24 h)"
//	@Param			body			body		RetryMessagesRequest	true	"what to retry"
//	@Success		200				{object}	RetryMessagesResult
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/messages/retry [post]
func (s *Server) retryMessages(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	var req RetryMessagesRequest
	present, err := bindJSON(c, &req)
	if err != nil {
		return err
	}
	r := messaging.RetryRequest{IDs: req.IDs}
	if present["filter"] && req.Filter == nil {
		return errs.Invalid("filter", "must be an object")
	}
	if f := req.Filter; f != nil {
		from, ferr := bodyTime("filter.from", f.From)
		to, terr := bodyTime("filter.to", f.To)
		if err := joinFieldErrors(ferr, terr); err != nil {
			return err
		}
		r.Filter = &messaging.RetryFilter{Status: deref(f.Status), Channel: deref(f.Channel), PatientID: deref(f.PatientID),
			Source: deref(f.Source), From: from, To: to}
	}
	n, err := s.Messages.Retry(c.Request().Context(), a, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, RetryMessagesResult{Retried: n})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// bodyTime parses an optional RFC 3339 time of a request body.
func bodyTime(field string, v *string) (*time.Time, error) {
	if v == nil || strings.TrimSpace(*v) == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(*v))
	if err != nil {
		return nil, errs.Invalid(field, "must be an RFC 3339 time such as 2026-11-22T08:00:00Z")
	}
	return &t, nil
}

// joinFieldErrors merges validation errors into one (other errors pass through first).
func joinFieldErrors(list ...error) error {
	var fe errs.Fields
	for _, err := range list {
		if err == nil {
			continue
		}
		var ve *errs.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		fe = append(fe, ve.Fields...)
	}
	return fe.Err()
}
