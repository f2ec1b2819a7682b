package campaign

import (
	"context"
	"encoding/json"
	"math"
	"time"

	"gorm.io/gorm"
)

// Warmup is a tenant's WhatsApp warm-up profile: a new number sends at most
// StartPerDay campaign messages on StartedOn, then a growing share each day
// (geometrically) up to MaxPerDay after RampDays days. Unofficial gateways are
// banned after bursts from new numbers; interactive traffic is not counted.
type Warmup struct {
	StartedOn   string `json:"started_on"` // YYYY-MM-DD, the tenant's date
	StartPerDay int    `json:"start_per_day"`
	MaxPerDay   int    `json:"max_per_day"`
	RampDays    int    `json:"ramp_days"`
}

// CapOn is the day's budget of campaign messages on the warming number.
func (w Warmup) CapOn(day time.Time) int {
	start, err := time.Parse(time.DateOnly, w.StartedOn)
	if err != nil || w.StartPerDay <= 0 {
		return w.MaxPerDay
	}
	n := int(day.Sub(start).Hours() / 24)
	switch {
	case n < 0:
		return 0
	case w.RampDays <= 0 || n >= w.RampDays || w.MaxPerDay <= w.StartPerDay:
		return w.MaxPerDay
	}
	growth := math.Pow(float64(w.MaxPerDay)/float64(w.StartPerDay), float64(n)/float64(w.RampDays))
	return min(w.MaxPerDay, int(float64(w.StartPerDay)*growth))
}

// tenantInfo is what sending a campaign reads of its tenant.
type tenantInfo struct {
	Name         string
	Timezone     string
	ChannelOrder []string
	Warmup       *Warmup
}

func (s *Service) tenant(ctx context.Context, q *gorm.DB, tenantID string) (tenantInfo, error) {
	var row struct {
		Name           string
		Timezone       string
		ChannelOrder   *string
		WhatsappWarmup *string
	}
	err := q.WithContext(ctx).Raw("SELECT name, timezone, channel_order, whatsapp_warmup FROM tenants WHERE id = ?", tenantID).Scan(&row).Error
	if err != nil {
		return tenantInfo{}, err
	}
	out := tenantInfo{Name: row.Name, Timezone: row.Timezone}
	if row.ChannelOrder != nil {
		_ = json.Unmarshal([]byte(*row.ChannelOrder), &out.ChannelOrder)
	}
	if row.WhatsappWarmup != nil && *row.WhatsappWarmup != "" && *row.WhatsappWarmup != "null" {
		var w Warmup
		if json.Unmarshal([]byte(*row.WhatsappWarmup), &w) == nil {
			out.Warmup = &w
		}
	}
	return out, nil
}

// order is the channel order the campaign's messages get, as the outbox will use it.
func (s *Service) order(c Campaign, t tenantInfo) []string {
	o := c.ChannelOrder.V
	if len(o) == 0 {
		o = t.ChannelOrder
	}
	return s.outbox.EffectiveOrder(o)
}

// today is the date at now in loc, as a UTC midnight.
func dayIn(now time.Time, loc *time.Location) time.Time {
	n := now.In(loc)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}
