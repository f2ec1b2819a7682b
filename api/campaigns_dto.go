package api

import (
	"time"

	"github.com/prima-health/prima/internal/campaign"
)

// CampaignSegment chooses patients; empty fields do not filter. Only active
// patients are chosen. tags_any: any of the tags; tags_all: every one;
// attributes: each key has this value (as text); ages are whole years on the
// organization's date; dates are YYYY-MM-DD and inclusive.
type CampaignSegment struct {
	TagsAny         []string          `json:"tags_any" example:"tamoxifen"`
	TagsAll         []string          `json:"tags_all"`
	Attributes      map[string]string `json:"attributes"`
	SurgeryType     *string           `json:"surgery_type" example:"mastectomy" extensions:"x-nullable"`
	LastVisitFrom   *string           `json:"last_visit_from" format:"date" extensions:"x-nullable"`
	LastVisitTo     *string           `json:"last_visit_to" format:"date" extensions:"x-nullable"`
	LastSurgeryFrom *string           `json:"last_surgery_from" format:"date" extensions:"x-nullable"`
	LastSurgeryTo   *string           `json:"last_surgery_to" format:"date" extensions:"x-nullable"`
	AgeMin          *int              `json:"age_min" minimum:"0" maximum:"130" extensions:"x-nullable"`
	AgeMax          *int              `json:"age_max" minimum:"0" maximum:"130" extensions:"x-nullable"`
	Gender          *string           `json:"gender" enums:"female,male,other" extensions:"x-nullable"`
	Language        *string           `json:"language" enums:"id,ko,en" extensions:"x-nullable"`
	Consent         *string           `json:"consent" enums:"pending,granted,declined,revoked" extensions:"x-nullable"`
}

// CampaignAudience is explicit patient ids (at most 10,000) or a segment: exactly one.
type CampaignAudience struct {
	PatientIDs []string         `json:"patient_ids" extensions:"x-nullable"`
	Segment    *CampaignSegment `json:"segment" extensions:"x-nullable"`
}

// CampaignVariant is one wording, sent to a share (weight, 1–100, relative to
// the others) of the recipients chosen at random: template_id or bodies.
type CampaignVariant struct {
	Key        string            `json:"key" example:"A"`
	TemplateID *string           `json:"template_id" extensions:"x-nullable"`
	Bodies     map[string]string `json:"bodies" extensions:"x-nullable"`
	Weight     int               `json:"weight" example:"50" minimum:"1" maximum:"100"`
}

// CampaignWindow is a daily window (HH:MM–HH:MM) in each patient's time zone.
type CampaignWindow struct {
	Start string `json:"start" example:"09:00"`
	End   string `json:"end" example:"18:00"`
}

// CampaignCounters are the recipients by outcome: total = queued + sent +
// failed + skipped; queued counts recipients not yet sent (waiting for their
// turn, in the outbox or with a provider); sent includes delivered and read;
// delivered includes read.
type CampaignCounters struct {
	Total     int64 `json:"total" example:"1200"`
	Queued    int64 `json:"queued" example:"200"`
	Sent      int64 `json:"sent" example:"950"`
	Delivered int64 `json:"delivered" example:"900"`
	Failed    int64 `json:"failed" example:"10"`
	Skipped   int64 `json:"skipped" example:"40"`
}

// CampaignVariantResult is how one wording did: messages sent, delivered and
// read, and patients who replied (confirmed: replied "yes") within 72 hours.
type CampaignVariantResult struct {
	Key       string `json:"key" example:"A"`
	Sent      int64  `json:"sent"`
	Delivered int64  `json:"delivered"`
	Read      int64  `json:"read"`
	Replied   int64  `json:"replied"`
	Confirmed int64  `json:"confirmed"`
}

// Campaign is one message to a segment of patients (SPEC §3.2). status:
// draft → scheduled (send_at in the future) → running → completed, or paused
// / cancelled. pause_code is manual or failures (auto-paused after
// failure_threshold failures in a row; pause_reason says why);
// waiting_reason is send_window or warmup while a running campaign waits.
type Campaign struct {
	ID               string                  `json:"id"`
	Name             string                  `json:"name" example:"Breast cancer awareness month"`
	Status           string                  `json:"status" enums:"draft,scheduled,running,paused,completed,cancelled" example:"draft"`
	TemplateID       *string                 `json:"template_id" extensions:"x-nullable"`
	Bodies           map[string]string       `json:"bodies" extensions:"x-nullable"`
	ChannelOrder     []string                `json:"channel_order" example:"whatsapp,sms"`
	Audience         CampaignAudience        `json:"audience"`
	Variants         []CampaignVariant       `json:"variants"`
	SendAt           *time.Time              `json:"send_at" extensions:"x-nullable"`
	SendWindow       *CampaignWindow         `json:"send_window" extensions:"x-nullable"`
	RatePerMinute    int                     `json:"rate_per_minute" example:"600"`
	FailureThreshold int                     `json:"failure_threshold" example:"20"`
	Counters         CampaignCounters        `json:"counters"`
	PauseCode        *string                 `json:"pause_code" enums:"manual,failures" extensions:"x-nullable"`
	PauseReason      *string                 `json:"pause_reason" extensions:"x-nullable"`
	WaitingReason    *string                 `json:"waiting_reason" enums:"send_window,warmup" extensions:"x-nullable"`
	StartedAt        *time.Time              `json:"started_at" extensions:"x-nullable"`
	CompletedAt      *time.Time              `json:"completed_at" extensions:"x-nullable"`
	CreatedAt        time.Time               `json:"created_at"`
	UpdatedAt        time.Time               `json:"updated_at"`
	Version          int                     `json:"version" example:"1"`
	VariantResults   []CampaignVariantResult `json:"variant_results,omitempty"`
}

// CampaignList is a page of campaigns, newest first.
type CampaignList struct {
	Data []Campaign `json:"data"`
	Page
}

// CampaignInput creates a draft campaign: template_id or bodies (per
// language, {{name}} {{first_name}} {{clinic}} {{attributes.KEY}}), or
// variants; channel_order empty means the organization's order;
// rate_per_minute defaults to 600, failure_threshold to 20.
type CampaignInput struct {
	Name             string            `json:"name" example:"Breast cancer awareness month"`
	TemplateID       *string           `json:"template_id,omitempty" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f72" extensions:"x-nullable"`
	Bodies           map[string]string `json:"bodies,omitempty" extensions:"x-nullable"`
	ChannelOrder     []string          `json:"channel_order,omitempty" example:"whatsapp,sms"`
	Audience         CampaignAudience  `json:"audience"`
	Variants         []CampaignVariant `json:"variants,omitempty" extensions:"x-example-omit"`
	SendAt           *time.Time        `json:"send_at,omitempty" extensions:"x-nullable"`
	SendWindow       *CampaignWindow   `json:"send_window,omitempty" extensions:"x-nullable"`
	RatePerMinute    *int              `json:"rate_per_minute,omitempty" example:"600" minimum:"1" maximum:"600000"`
	FailureThreshold *int              `json:"failure_threshold,omitempty" example:"20" minimum:"1" maximum:"10000"`
}

// CampaignPatch changes a draft or scheduled campaign: absent fields stay;
// null send_at or send_window clears it; bodies replaces template_id and the
// other way round. version (or If-Match) refuses stale writes with 409.
type CampaignPatch struct {
	Name             *string            `json:"name,omitempty"`
	TemplateID       *string            `json:"template_id,omitempty" extensions:"x-nullable"`
	Bodies           map[string]string  `json:"bodies,omitempty" extensions:"x-nullable"`
	ChannelOrder     *[]string          `json:"channel_order,omitempty"`
	Audience         *CampaignAudience  `json:"audience,omitempty"`
	Variants         *[]CampaignVariant `json:"variants,omitempty" extensions:"x-example-omit"`
	SendAt           *time.Time         `json:"send_at,omitempty" extensions:"x-nullable"`
	SendWindow       *CampaignWindow    `json:"send_window,omitempty" extensions:"x-nullable"`
	RatePerMinute    *int               `json:"rate_per_minute,omitempty" minimum:"1" maximum:"600000"`
	FailureThreshold *int               `json:"failure_threshold,omitempty" minimum:"1" maximum:"10000"`
	Version          *int               `json:"version,omitempty" example:"1"`
}

// CampaignPreviewRequest asks who an audience chooses; campaign_id also
// counts the patients that campaign already holds (already_in_campaign).
type CampaignPreviewRequest struct {
	Audience   CampaignAudience `json:"audience"`
	CampaignID *string          `json:"campaign_id,omitempty" extensions:"x-nullable"`
}

// CampaignPreview is the audience as execute would expand it now: count is
// every patient chosen (the recipient rows execute writes), eligible those
// who will be messaged, exclusions the others by reason (no_phone,
// opted_out, no_consent, urgent_conversation, already_in_campaign); sample
// shows up to 10 of them (without clinical fields).
type CampaignPreview struct {
	Count      int64            `json:"count" example:"123"`
	Eligible   int64            `json:"eligible" example:"118"`
	Exclusions map[string]int64 `json:"exclusions"`
	Sample     []Patient        `json:"sample"`
}

// CampaignProblem is one pre-flight finding; field names what to change.
type CampaignProblem struct {
	Code    string `json:"code" example:"missing_variable"`
	Message string `json:"message" example:"{{attributes.hospital}} has no value for 12 patients whose language is id"`
	Field   string `json:"field,omitempty" example:"bodies.id"`
}

// CampaignCheck is the pre-flight check: ok is false while problems block
// execute; warnings do not. estimated_duration_seconds is at the campaign's
// rate, inside its send window and the WhatsApp warm-up.
type CampaignCheck struct {
	OK                       bool              `json:"ok"`
	Problems                 []CampaignProblem `json:"problems"`
	Warnings                 []CampaignProblem `json:"warnings"`
	EstimatedDurationSeconds int64             `json:"estimated_duration_seconds" example:"1200"`
	Recipients               int64             `json:"recipients" example:"118"`
	Excluded                 int64             `json:"excluded" example:"5"`
}

// CampaignExecution answers execute: the pre-flight check, and (without
// dry_run) the campaign as it started.
type CampaignExecution struct {
	CampaignCheck
	Campaign *Campaign `json:"campaign,omitempty"`
}

// CampaignCheckProblem is the 422 answer of an execute whose check failed:
// a problem whose errors name the fields, with the check's findings.
type CampaignCheckProblem struct {
	Problem
	CampaignCheck
}

// CampaignRecipient is one patient of a campaign: status is its message's
// once queued, else pending or skipped (skip_reason says why).
type CampaignRecipient struct {
	PatientID   string     `json:"patient_id"`
	PatientName string     `json:"patient_name" example:"Siti Rahmawati"`
	MessageID   *string    `json:"message_id" extensions:"x-nullable"`
	Status      string     `json:"status" enums:"pending,queued,sending,sent,delivered,read,failed,skipped" example:"sent"`
	SkipReason  *string    `json:"skip_reason" example:"opted_out" extensions:"x-nullable"`
	Variant     *string    `json:"variant" example:"A" extensions:"x-nullable"`
	Channel     *string    `json:"channel" example:"whatsapp" extensions:"x-nullable"`
	ErrorCode   *string    `json:"error_code" extensions:"x-nullable"`
	SentAt      *time.Time `json:"sent_at" extensions:"x-nullable"`
}

// CampaignRecipientList is a page of a campaign's recipients.
type CampaignRecipientList struct {
	Data []CampaignRecipient `json:"data"`
	Page
}

func fromSegment(s *CampaignSegment) *campaign.Segment {
	if s == nil {
		return nil
	}
	return &campaign.Segment{TagsAny: s.TagsAny, TagsAll: s.TagsAll, Attributes: s.Attributes, SurgeryType: s.SurgeryType,
		LastVisitFrom: s.LastVisitFrom, LastVisitTo: s.LastVisitTo, LastSurgeryFrom: s.LastSurgeryFrom, LastSurgeryTo: s.LastSurgeryTo,
		AgeMin: s.AgeMin, AgeMax: s.AgeMax, Gender: s.Gender, Language: s.Language, Consent: s.Consent}
}

func fromAudience(a CampaignAudience) campaign.Audience {
	return campaign.Audience{PatientIDs: a.PatientIDs, Segment: fromSegment(a.Segment)}
}

func fromVariants(vs []CampaignVariant) []campaign.Variant {
	out := make([]campaign.Variant, len(vs))
	for i, v := range vs {
		out[i] = campaign.Variant{Key: v.Key, TemplateID: v.TemplateID, Bodies: v.Bodies, Weight: v.Weight}
	}
	return out
}

func fromWindow(w *CampaignWindow) *campaign.Window {
	if w == nil {
		return nil
	}
	return &campaign.Window{Start: w.Start, End: w.End}
}

func toCampaign(v campaign.View) Campaign {
	c := v.Campaign
	out := Campaign{ID: c.ID, Name: c.Name, Status: c.Status, TemplateID: c.TemplateID, Bodies: c.Bodies.V,
		ChannelOrder: c.ChannelOrder.V, SendAt: timePtr(c.SendAt), RatePerMinute: c.RatePerMinute, FailureThreshold: c.FailureThreshold,
		PauseCode: c.PauseCode, PauseReason: c.PauseReason, WaitingReason: c.WaitingReason, StartedAt: timePtr(c.StartedAt),
		CompletedAt: timePtr(c.CompletedAt), CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(), Version: c.Version,
		Counters: CampaignCounters(v.Counters), Variants: []CampaignVariant{}}
	if out.ChannelOrder == nil {
		out.ChannelOrder = []string{}
	}
	aud := c.Audience.V
	out.Audience.PatientIDs = aud.PatientIDs
	if g := aud.Segment; g != nil {
		out.Audience.Segment = &CampaignSegment{TagsAny: orEmpty(g.TagsAny), TagsAll: orEmpty(g.TagsAll), Attributes: g.Attributes,
			SurgeryType: g.SurgeryType, LastVisitFrom: g.LastVisitFrom, LastVisitTo: g.LastVisitTo, LastSurgeryFrom: g.LastSurgeryFrom,
			LastSurgeryTo: g.LastSurgeryTo, AgeMin: g.AgeMin, AgeMax: g.AgeMax, Gender: g.Gender, Language: g.Language, Consent: g.Consent}
		if out.Audience.Segment.Attributes == nil {
			out.Audience.Segment.Attributes = map[string]string{}
		}
	}
	for _, vr := range c.Variants.V {
		out.Variants = append(out.Variants, CampaignVariant{Key: vr.Key, TemplateID: vr.TemplateID, Bodies: vr.Bodies, Weight: vr.Weight})
	}
	if w := c.Window(); w != nil {
		out.SendWindow = &CampaignWindow{Start: w.Start, End: w.End}
	}
	for _, r := range v.VariantResults {
		out.VariantResults = append(out.VariantResults, CampaignVariantResult(r))
	}
	return out
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func toCampaignCheck(r campaign.Report) CampaignCheck {
	out := CampaignCheck{OK: r.OK, EstimatedDurationSeconds: r.EstimatedDurationSeconds, Recipients: r.Recipients, Excluded: r.Excluded,
		Problems: []CampaignProblem{}, Warnings: []CampaignProblem{}}
	for _, p := range r.Problems {
		out.Problems = append(out.Problems, CampaignProblem(p))
	}
	for _, p := range r.Warnings {
		out.Warnings = append(out.Warnings, CampaignProblem(p))
	}
	return out
}
