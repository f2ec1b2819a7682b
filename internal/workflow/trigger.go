package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/robfig/cron/v3"
	"github.com/teambition/rrule-go"
)

// Limits of triggers.
const (
	MaxKeywords   = 20
	MaxKeywordLen = 50
)

func validTrigger(t string) bool { return slices.Contains(TriggerTypes, t) }

// checkTexts trims and checks a workflow's name and description.
func checkTexts(name, desc *string, nameRequired bool) errs.Fields {
	var fe errs.Fields
	*name, *desc = strings.TrimSpace(*name), strings.TrimSpace(*desc)
	switch n := len([]rune(*name)); {
	case n == 0 && nameRequired:
		fe.AddCode("name", "required", "give the workflow a name")
	case n > MaxNameLen:
		fe.AddCode("name", "too_long", fmt.Sprintf("must be at most %d characters", MaxNameLen))
	}
	if len([]rune(*desc)) > MaxDescriptionLen {
		fe.AddCode("description", "too_long", fmt.Sprintf("must be at most %d characters", MaxDescriptionLen))
	}
	return fe
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// checkTrigger checks a trigger's type and the fields its type uses.
func checkTrigger(t Trigger) errs.Fields {
	var fe errs.Fields
	if t.Type == "" {
		fe.AddCode("trigger.type", "required", "give the trigger's type")
		return fe
	}
	if !validTrigger(t.Type) {
		fe.AddCode("trigger.type", "invalid_enum", "must be one of "+strings.Join(TriggerTypes, ", "))
		return fe
	}
	if t.SurgeryType != nil && len([]rune(*t.SurgeryType)) > 100 {
		fe.AddCode("trigger.surgery_type", "too_long", "must be at most 100 characters")
	}
	if t.WebhookID != nil && *t.WebhookID != "" && !ids.Valid(*t.WebhookID) {
		fe.AddCode("trigger.webhook_id", "invalid_format", "must be a webhook id")
	}
	switch t.Type {
	case TriggerSchedule:
		hasCron, hasRule := t.Cron != nil && *t.Cron != "", t.RRule != nil && *t.RRule != ""
		switch {
		case hasCron && hasRule:
			fe.AddCode("trigger.rrule", "mutually_exclusive", "give either cron or rrule, not both")
		case hasCron:
			if _, err := cronParser.Parse(*t.Cron); err != nil {
				fe.AddCode("trigger.cron", "invalid_format", "is not a cron expression (minute hour day month weekday)")
			}
		case hasRule:
			if _, err := rrule.StrToROption(strings.TrimPrefix(*t.RRule, "RRULE:")); err != nil {
				fe.AddCode("trigger.rrule", "invalid_format", "is not an RRULE (e.g. FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0)")
			}
		default:
			fe.AddCode("trigger.cron", "required", "a schedule trigger needs cron or rrule")
		}
		if t.Segment != nil {
			for _, list := range []struct {
				name string
				tags []string
			}{{"tags_any", t.Segment.TagsAny}, {"tags_all", t.Segment.TagsAll}} {
				if len(list.tags) > 50 {
					fe.AddCode("trigger.segment."+list.name, "too_many", "at most 50 tags")
				}
			}
			if l := t.Segment.Language; l != nil && *l != "" && !slices.Contains([]string{"id", "ko", "en"}, *l) {
				fe.AddCode("trigger.segment.language", "invalid_enum", "must be one of id, ko, en")
			}
		}
	case TriggerInboundKeyword:
		switch {
		case len(t.Keywords) == 0:
			fe.AddCode("trigger.keywords", "required", "give at least one keyword")
		case len(t.Keywords) > MaxKeywords:
			fe.AddCode("trigger.keywords", "too_many", fmt.Sprintf("at most %d keywords", MaxKeywords))
		}
		for i, k := range t.Keywords {
			if n := len([]rune(strings.TrimSpace(k))); n == 0 || n > MaxKeywordLen {
				fe.AddCode(fmt.Sprintf("trigger.keywords[%d]", i), "out_of_range", fmt.Sprintf("must be 1 to %d characters", MaxKeywordLen))
			}
		}
	}
	return fe
}

// normalTrigger keeps only the fields the trigger's type uses, trimmed.
func normalTrigger(t Trigger) Trigger {
	out := Trigger{Type: t.Type, Keywords: []string{}}
	switch t.Type {
	case TriggerPostSurgery:
		if t.SurgeryType != nil && strings.TrimSpace(*t.SurgeryType) != "" {
			v := strings.TrimSpace(*t.SurgeryType)
			out.SurgeryType = &v
		}
	case TriggerWebhook:
		if t.WebhookID != nil && *t.WebhookID != "" {
			out.WebhookID = t.WebhookID
		}
	case TriggerSchedule:
		out.Cron, out.RRule, out.Segment = nonEmpty(t.Cron), nonEmpty(t.RRule), t.Segment
	case TriggerInboundKeyword:
		for _, k := range t.Keywords {
			out.Keywords = append(out.Keywords, strings.ToLower(strings.TrimSpace(k)))
		}
	}
	return out
}

func nonEmpty(s *string) *string {
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil
	}
	v := strings.TrimSpace(*s)
	return &v
}

// lastOccurrence is the schedule's latest firing at or before now and after
// since, in zone; ok is false when there is none.
func lastOccurrence(t Trigger, zone *time.Location, since, now time.Time) (time.Time, bool) {
	switch {
	case t.Cron != nil:
		sched, err := cronParser.Parse(*t.Cron)
		if err != nil {
			return time.Time{}, false
		}
		// Walk forward from since: firings are at most every minute, and a
		// tick looks back one day at most.
		from := since
		if d := now.Add(-24 * time.Hour); from.Before(d) {
			from = d
		}
		var last time.Time
		for at := sched.Next(from.In(zone)); !at.After(now); at = sched.Next(at) {
			last = at
		}
		return last.UTC(), !last.IsZero()
	case t.RRule != nil:
		opt, err := rrule.StrToROption(strings.TrimPrefix(*t.RRule, "RRULE:"))
		if err != nil {
			return time.Time{}, false
		}
		local := since.In(zone)
		opt.Dtstart = time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, zone)
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			return time.Time{}, false
		}
		at := r.Before(now, true)
		if at.IsZero() || !at.After(since) {
			return time.Time{}, false
		}
		return at.UTC(), true
	}
	return time.Time{}, false
}
