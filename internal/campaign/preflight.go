package campaign

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/template"
)

// Problem is one reason a campaign cannot be executed (or, as a warning, a
// thing staff should know before they execute it).
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// Problem codes.
const (
	ProblemEmptyAudience   = "empty_audience"
	ProblemNoChannel       = "no_channel"
	ProblemChannelMissing  = "channel_not_configured"
	ProblemKakaoTemplate   = "kakao_template_missing"
	ProblemTemplateMissing = "template_missing"
	ProblemNoBody          = "no_body_for_language"
	ProblemMissingVariable = "missing_variable"
	ProblemStatus          = "not_executable"
	ProblemWarmup          = "warmup_limits"
)

// Report is the pre-flight check of a campaign.
type Report struct {
	OK                       bool      `json:"ok"`
	Problems                 []Problem `json:"problems"`
	Warnings                 []Problem `json:"warnings"`
	EstimatedDurationSeconds int64     `json:"estimated_duration_seconds"`
	Recipients               int64     `json:"recipients"`
	Excluded                 int64     `json:"excluded"`
}

// Preflight checks, for the audience as it is now, that every variable
// renders in every recipient language, that a channel can carry the
// messages, that Kakao has a registered template where Kakao is in the
// order, and estimates how long sending takes at the chosen rate, window
// and warm-up.
func (s *Service) Preflight(ctx context.Context, c Campaign) (Report, error) {
	rep := Report{Problems: []Problem{}, Warnings: []Problem{}}
	add := func(code, field, msg string) {
		rep.Problems = append(rep.Problems, Problem{Code: code, Field: field, Message: msg})
	}
	warn := func(code, field, msg string) {
		rep.Warnings = append(rep.Warnings, Problem{Code: code, Field: field, Message: msg})
	}
	if c.Status != StatusDraft && c.Status != StatusScheduled {
		add(ProblemStatus, "status", "the campaign is "+c.Status+"; only a draft or scheduled campaign can be executed")
	}
	q := s.db.Gorm.WithContext(ctx)
	t, err := s.tenant(ctx, q, c.TenantID)
	if err != nil {
		return rep, err
	}
	today, _, err := s.tenantToday(ctx, q, c.TenantID)
	if err != nil {
		return rep, err
	}
	w, args := s.where(c.TenantID, c.Audience.V, today)
	eligible := w + " AND (" + exclusionSQL() + ") IS NULL"
	var total int64
	if err := q.Raw("SELECT count(*) FROM patients p WHERE "+w, args...).Scan(&total).Error; err != nil {
		return rep, err
	}
	if err := q.Raw("SELECT count(*) FROM patients p WHERE "+eligible, args...).Scan(&rep.Recipients).Error; err != nil {
		return rep, err
	}
	rep.Excluded = total - rep.Recipients
	if rep.Recipients == 0 {
		add(ProblemEmptyAudience, "audience", "nobody in the audience can be messaged")
	}
	// Channels.
	requested := c.ChannelOrder.V
	field := "channel_order"
	if len(requested) == 0 {
		requested, field = t.ChannelOrder, "settings.channel_order"
	}
	order := s.outbox.EffectiveOrder(requested)
	if len(order) == 0 {
		add(ProblemNoChannel, field, "no channel in the order ("+strings.Join(requested, ", ")+") is configured on this server")
	}
	for i, ch := range requested {
		if !slices.Contains(order, ch) {
			warn(ProblemChannelMissing, fmt.Sprintf("%s[%d]", field, i), ch+" is not configured on this server; it will be passed over")
		}
	}
	kakao := slices.Contains(order, "kakao")
	// Wordings: each renders for every language in the audience.
	var langs []string
	if err := q.Raw("SELECT DISTINCT p.language FROM patients p WHERE "+eligible, args...).Scan(&langs).Error; err != nil {
		return rep, err
	}
	slices.Sort(langs)
	type wording struct {
		prefix     string
		templateID *string
		bodies     map[string]string
	}
	ws := []wording{{"", c.TemplateID, c.Bodies.V}}
	if len(c.Variants.V) > 0 {
		ws = ws[:0]
		for i, v := range c.Variants.V {
			ws = append(ws, wording{fmt.Sprintf("variants[%d].", i), v.TemplateID, v.Bodies})
		}
	}
	for _, wd := range ws {
		var tpl template.Template
		if wd.templateID != nil {
			tpl, err = s.templates.Lookup(ctx, c.TenantID, *wd.templateID)
			if errors.Is(err, errs.ErrNotFound) {
				add(ProblemTemplateMissing, wd.prefix+"template_id", "the template no longer exists")
				continue
			} else if err != nil {
				return rep, err
			}
			if kakao && tpl.KakaoTemplateCode == nil {
				add(ProblemKakaoTemplate, wd.prefix+"template_id", "Kakao is in the channel order but the template has no Kakao template code")
			}
		} else {
			tpl = template.Template{Bodies: template.Bodies{ID: wd.bodies["id"], Ko: wd.bodies["ko"], En: wd.bodies["en"]}}
			if kakao {
				add(ProblemKakaoTemplate, wd.prefix+"bodies", "Kakao (AlimTalk) only sends registered templates: choose a template with a Kakao code, or take Kakao out of the order")
			}
		}
		if err := s.checkWording(ctx, &rep, c, tpl, wd.prefix, langs, w, args); err != nil {
			return rep, err
		}
	}
	// Duration at the rate, inside the window, under the warm-up.
	minutes := float64(rep.Recipients) / float64(max(c.RatePerMinute, 1))
	if win := c.Window(); win != nil {
		open := float64(windowMinutes(*win))
		if minutes > open {
			days := int(minutes / open)
			minutes += float64(days) * (24*60 - open)
		}
	}
	if t.Warmup != nil && len(order) > 0 && order[0] == "whatsapp" {
		left, day, days := rep.Recipients, today, 0
		for left > 0 && days < 365 {
			left -= int64(max(t.Warmup.CapOn(day), 0))
			day, days = day.AddDate(0, 0, 1), days+1
		}
		if days > 1 {
			warn(ProblemWarmup, "settings.channel_accounts.whatsapp_warmup",
				fmt.Sprintf("the WhatsApp number is warming up: sending takes about %d days", days))
			minutes = max(minutes, float64(days-1)*24*60)
		}
	}
	rep.EstimatedDurationSeconds = int64(math.Ceil(minutes * 60))
	rep.OK = len(rep.Problems) == 0
	return rep, nil
}

// checkWording adds a problem for each variable of the body a language gets
// that some eligible patients of that language have no value for.
func (s *Service) checkWording(ctx context.Context, rep *Report, c Campaign, tpl template.Template, prefix string, langs []string, w string, args []any) error {
	for _, lang := range langs {
		body, got := template.BodyFor(tpl, lang)
		if got == "" {
			rep.Problems = append(rep.Problems, Problem{Code: ProblemNoBody, Field: prefix + "bodies",
				Message: "no text for patients whose language is " + lang})
			continue
		}
		vars, err := template.Parse(body)
		if err != nil {
			rep.Problems = append(rep.Problems, Problem{Code: ProblemMissingVariable, Field: prefix + "bodies." + got, Message: err.Error()})
			continue
		}
		for _, v := range vars {
			key, ok := strings.CutPrefix(v, template.AttributePrefix)
			if !ok {
				if !campaignVariable(v) {
					rep.Problems = append(rep.Problems, Problem{Code: ProblemMissingVariable, Field: prefix + "template_id",
						Message: "{{" + v + "}} has no value in a campaign"})
				}
				continue
			}
			missing := "p.attributes ->> ? IS NULL OR trim(p.attributes ->> ?) = ''"
			keyArg := any(key)
			if s.db.Dialect != "postgres" {
				missing = "json_extract(p.attributes, ?) IS NULL OR trim(CAST(json_extract(p.attributes, ?) AS TEXT)) = ''"
				keyArg = `$."` + key + `"`
			}
			var n int64
			all := append(append([]any{}, args...), lang, keyArg, keyArg)
			if err := s.db.Gorm.WithContext(ctx).Raw("SELECT count(*) FROM patients p WHERE "+w+" AND ("+exclusionSQL()+
				") IS NULL AND p.language = ? AND ("+missing+")", all...).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				rep.Problems = append(rep.Problems, Problem{Code: ProblemMissingVariable, Field: prefix + "bodies." + got,
					Message: fmt.Sprintf("{{%s}} has no value for %d patients whose language is %s", v, n, lang)})
			}
		}
	}
	return nil
}
