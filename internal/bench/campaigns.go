package bench

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/prima-health/prima/internal/campaign"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/wiring"
)

// Campaign figures of SPEC §15.
const (
	benchCampaignAudience = 100_000
	targetCampaignWall    = 30 * time.Second
	targetPreview         = time.Second
)

// campaignRows measures a campaign to the whole bulk tenant (topped up to
// 100,000 patients): the audience preview, and execute until every message
// is sent through the fake provider, with the process's peak RSS meanwhile.
func (r *runner) campaignRows(ctx context.Context, s *Stack, gowa *fakeGOWA, data *dataset, base baselineResult) ([]row, error) {
	tenant := data.id(tagTenant, 0)
	admin := identity.Actor{TenantID: tenant, Role: identity.RoleAdmin, Name: "bench"}
	if extra := min(benchCampaignAudience, r.c.Patients) - data.bulk; extra > 0 && s.DB.Dialect == "postgres" {
		r.progress("campaign: %s more patients in the large tenant", count(extra))
		err := s.observer.Gorm.WithContext(ctx).Exec(`INSERT INTO patients (id, tenant_id, name, phone, language, timezone, consent, consent_at,
consent_source, tags, attributes, is_active, created_at, updated_at, version)
SELECT gen_random_uuid(), ?, 'Tambahan ' || g, '+62899' || lpad(g::text, 8, '0'), 'id', 'Asia/Jakarta', 'granted', now(), 'staff',
'["onkologi"]', '{}', true, now(), now(), 1 FROM generate_series(1, ?) g`, tenant, extra).Error
		if err != nil {
			return nil, fmt.Errorf("top up patients: %w", err)
		}
		if err := analyze(ctx, s.DB); err != nil {
			return nil, err
		}
	}
	rate := campaign.MaxRatePerMinute
	c, err := s.Campaigns.Create(ctx, admin, campaign.Input{Name: "Bench campaign", RatePerMinute: &rate,
		Bodies:   map[string]string{"id": "Halo {{first_name}}, bulan ini ada skrining gratis di {{clinic}}."},
		Audience: campaign.Audience{Segment: &campaign.Segment{TagsAny: []string{"onkologi"}}}})
	if err != nil {
		return nil, fmt.Errorf("bench campaign: %w", err)
	}
	r.progress("campaign: preview the audience")
	pstart := time.Now()
	pv, err := s.Campaigns.PreviewAudience(ctx, admin, c.Audience.V, "")
	previewTook := time.Since(pstart)
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	rows := []row{{"8a", "campaign preview-audience", dur(previewTook), "< 1 s", verdict(previewTook < targetPreview),
		fmt.Sprintf("%s patients chosen, %s eligible, sample of %d", count(pv.Count), count(pv.Eligible), len(pv.Sample))}}

	r.progress("campaign: execute to %s patients until all are sent", count(pv.Eligible))
	gowa.reset()
	snd, err := wiring.NewSending(s.Services, nil)
	if err != nil {
		return nil, err
	}
	defer s.Outbox.OnQueued(s.Send.Dispatcher.Waker().Wake)
	var peak atomic.Int64
	sample, stopSample := context.WithCancel(ctx)
	go func() {
		for sample.Err() == nil {
			if v, err := procStatus(0, "VmRSS"); err == nil && v > peak.Load() {
				peak.Store(v)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	_ = s.sql.takeSites()
	stop := snd.Start()
	start := time.Now()
	tctx, cancel := context.WithTimeout(ctx, r.c.TickTimeout)
	defer cancel()
	var reply replyProbe
	var polled time.Time
	err = r.profile("campaign", func() error {
		if _, _, err := s.Campaigns.Execute(tctx, admin, c.ID, false); err != nil {
			return err
		}
		for {
			if !reply.queued && gowa.sent() >= pv.Eligible/3 {
				reply = queueReply(tctx, s, tenant, data.id(tagPatient, 0), gowa.sent())
			}
			if reply.queued && reply.took == 0 {
				reply.check(tctx, s)
			}
			if time.Since(polled) < 500*time.Millisecond { // a progress bar polls every 2 s
				// The reply is looked at every 10 ms; nothing here spins.
				select {
				case <-tctx.Done():
				case <-time.After(10 * time.Millisecond):
				}
				continue
			}
			polled = time.Now()
			v, err := s.Campaigns.Get(tctx, admin, c.ID)
			if err != nil {
				return err
			}
			if v.Status == campaign.StatusCompleted {
				return nil
			}
			select {
			case <-tctx.Done():
				return fmt.Errorf("campaign still %s after %s: %+v", v.Status, secs(time.Since(start)), v.Counters)
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	wall := time.Since(start)
	stop()
	stopSample()
	r.sites(s, "campaign", int(pv.Eligible))
	v, _ := s.Campaigns.Get(ctx, admin, c.ID)
	perSec := float64(v.Counters.Sent) / wall.Seconds()
	ok := err == nil && v.Counters.Sent == pv.Eligible && wall < targetCampaignWall
	d := fmt.Sprintf("%s sent, %s skipped, %s failed of %s; provider calls %s; %.0f msg/s (baseline provider loop %.0f msg/s, %.0f %%)",
		count(v.Counters.Sent), count(v.Counters.Skipped), count(v.Counters.Failed), count(v.Counters.Total), count(gowa.sent()),
		perSec, base.PerSecond(), 100*perSec/max(base.PerSecond(), 1))
	if err != nil {
		d += "; " + err.Error()
	}
	rows = append(rows, row{"8b", fmt.Sprintf("campaign to %s patients, execute → all sent", count(pv.Count)), secs(wall), "< 30 s", verdict(ok), d})
	replyRow := row{"8d", "a reply queued a third of the way through → sent", "n/a", "within seconds", "—", "not queued: " + reply.err}
	if reply.queued && reply.took > 0 {
		replyRow = row{"8d", "a reply queued a third of the way through → sent", dur(reply.took), "< 2 s", verdict(reply.took < 2*time.Second),
			fmt.Sprintf("interactive priority, queued with %s campaign messages still to send", count(pv.Eligible-reply.sentBefore))}
	}
	rows = append(rows, replyRow)
	rss := peak.Load()
	rows = append(rows, row{"8c", "campaign: bench process peak RSS while sending", mb(rss), "< 300 MB *", verdict(rss > 0 && rss < targetLoadRSS),
		"sampled every 100 ms; server, dispatcher, feeder and fake provider in one process"})
	return rows, nil
}

// replyProbe is a reply to a patient queued while a campaign sends.
type replyProbe struct {
	queued     bool
	id         string
	at         time.Time
	took       time.Duration
	sentBefore int64
	err        string
}

func queueReply(ctx context.Context, s *Stack, tenant, patientID string, sentBefore int64) replyProbe {
	p := replyProbe{queued: true, at: time.Now(), sentBefore: sentBefore}
	m, err := s.Outbox.Enqueue(ctx, s.DB.Gorm, outbox.NewMessage{TenantID: tenant, PatientID: patientID,
		Body: "Baik Bu, dokter akan menelepon Ibu sebentar lagi.", Source: outbox.SourceManual, Priority: outbox.PriorityInteractive})
	if err != nil {
		p.queued, p.err = false, err.Error()
		return p
	}
	p.id = m.ID
	return p
}

func (p *replyProbe) check(ctx context.Context, s *Stack) {
	var status string
	_ = s.observer.Gorm.WithContext(ctx).Raw("SELECT status FROM messages WHERE id = ?", p.id).Scan(&status).Error
	if status == "sent" {
		p.took = time.Since(p.at)
	}
}
