package api

import (
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// TestReminderToMessageLogThroughTheCronURL follows a reminder from creation
// to a sent message: a daily 08:00 reminder for a patient in Jakarta, the
// clock moved past 08:00, the cron URL triggered, and the message shows as
// sent in the message log, in the patient's occurrences and on the dashboard.
func TestReminderToMessageLogThroughTheCronURL(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		// 07:55 in Jakarta.
		a.clock.Set(time.Date(2026, 11, 23, 0, 55, 0, 0, time.UTC))
		var p Patient
		r := a.do("POST", "/api/v1/patients", map[string]any{"name": "Siti Rahmawati", "phone": "0812-3456-0101",
			"consent": "granted", "timezone": "Asia/Jakarta", "language": "id"}, a.admin)
		a.ok(r, 201)
		r.decode(&p)
		r = a.do("POST", "/api/v1/reminders", map[string]any{"patient_id": p.ID, "type": "medication",
			"message": "Halo {{first_name}}, saatnya minum {{medication}} {{dose}}.", "medication": "Tamoxifen", "dose": "20 mg",
			"schedule": map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-11-23"}}, a.admin)
		a.ok(r, 201)

		a.clock.Set(time.Date(2026, 11, 23, 1, 1, 0, 0, time.UTC)) // 08:01 WIB
		tr := a.do("POST", "/api/v1/cron/trigger", nil, a.cfg.CronSecret)
		a.ok(tr, 200)
		var sum TickSummary
		tr.decode(&sum)
		if sum.OccurrencesCreated != 1 || sum.MessagesQueued != 1 || sum.MessagesSent != 1 {
			t.Fatalf("tick summary: %+v", sum)
		}
		// A second trigger in the same minute makes nothing twice.
		a.do("POST", "/api/v1/cron/trigger", nil, a.cfg.CronSecret).decode(&sum)
		if sum.OccurrencesCreated != 0 || sum.MessagesSent != 0 {
			t.Fatalf("second tick: %+v", sum)
		}

		var msgs MessageList
		a.do("GET", "/api/v1/messages?patient_id="+p.ID, nil, a.admin).decode(&msgs)
		if len(msgs.Data) != 1 || msgs.Data[0].Status != "sent" || msgs.Data[0].Source != "reminder" ||
			!strings.Contains(msgs.Data[0].Body, "Halo Siti, saatnya minum Tamoxifen 20 mg.") {
			t.Fatalf("message log: %+v", msgs.Data)
		}
		var dash DashboardStats
		a.do("GET", "/api/v1/stats/dashboard", nil, a.admin).decode(&dash)
		var sent int64
		for _, c := range dash.MessagesPerDay {
			if c.Status == "sent" {
				sent += c.Count
			}
		}
		if sent != 1 || dash.MessagesToday != 1 || dash.ActiveReminders != 1 {
			t.Fatalf("dashboard: %+v", dash)
		}
	})
}
