package reminder_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/schedule"
	"github.com/prima-health/prima/internal/testutil"
)

// A daily 08:00 Asia/Jakarta reminder sends exactly one message a day over a
// week of ticks, however many ticks run each day, and none after end_date.
func TestDailyReminderSendsOneMessagePerDayAcrossAWeekOfTicks(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		// 2026-11-22 03:00 in Jakarta.
		e := newEnv(t, d, time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC))
		p := e.patient(patientOpts{})
		r := e.medication(p, daily("2026-11-22", "2026-11-28", "08:00"))
		if want := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC); r.NextDueAt == nil || !r.NextDueAt.Equal(want) {
			t.Fatalf("next_due_at %v, want %v (08:00 WIB)", r.NextDueAt, want)
		}
		// Ten days, a tick every 20 minutes and a few extra ticks at the due minute.
		totalOcc, totalMsg := 0, 0
		for e.clock.Now().Before(time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC)) {
			e.clock.Advance(20 * time.Minute)
			for range 2 {
				occ, msg := e.tick()
				totalOcc += occ
				totalMsg += msg
			}
		}
		os := e.occurrences(r.ID)
		want := []string{"2026-11-22 08:00 WIB", "2026-11-23 08:00 WIB", "2026-11-24 08:00 WIB", "2026-11-25 08:00 WIB",
			"2026-11-26 08:00 WIB", "2026-11-27 08:00 WIB", "2026-11-28 08:00 WIB"}
		if got := localTimes("Asia/Jakarta", dueTimes(os)...); !slices.Equal(got, want) {
			t.Fatalf("occurrences %v\nwant %v", got, want)
		}
		msgs := e.messages(p)
		if len(msgs) != 7 || totalOcc != 7 || totalMsg != 7 {
			t.Fatalf("%d messages (tick said %d occurrences, %d messages), want 7", len(msgs), totalOcc, totalMsg)
		}
		for i, m := range msgs {
			o := os[i]
			if m.SourceID == nil || *m.SourceID != o.ID || o.MessageID == nil || *o.MessageID != m.ID {
				t.Fatalf("message %d is not linked to its occurrence: %+v / %+v", i, m, o)
			}
			if m.Body != "Halo Siti, saatnya minum Tamoxifen 20 mg (08:00)." || !m.Automated || m.Priority != outbox.PriorityNormal {
				t.Fatalf("message %d: %+v", i, m)
			}
			if m.SendBefore == nil || !m.SendBefore.Equal(o.DueAt.Add(3*time.Hour)) || !m.NextAttemptAt.Equal(o.DueAt) {
				t.Fatalf("message %d: send_before %v next_attempt_at %v for due %v", i, m.SendBefore, m.NextAttemptAt, o.DueAt)
			}
			if m.DedupeKey == nil || *m.DedupeKey != "occ:"+reminder.OccurrenceKey(r.ID, o.DueAt) || !slices.Equal(m.ChannelOrder, []string{"whatsapp", "sms"}) {
				t.Fatalf("message %d: dedupe %v order %v", i, m.DedupeKey, m.ChannelOrder)
			}
		}
		if got := e.reload(r.ID); got.NextDueAt != nil || !got.IsActive {
			t.Fatalf("after end_date: next_due_at %v, active %v", got.NextDueAt, got.IsActive)
		}
	})
}

// An America/New_York patient's 08:00 reminder stays at 08:00 local across
// both daylight-saving changes; its UTC instant moves by an hour.
func TestReminderKeepsLocalTimeAcrossDaylightSavingChanges(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		for _, c := range []struct {
			name            string
			start, from, to string
			before, after   int // UTC hour of 08:00 local before and after the change
		}{
			{"spring forward", "2026-03-05T00:00:00Z", "2026-03-06", "2026-03-10", 13, 12},
			{"fall back", "2026-10-29T00:00:00Z", "2026-10-30", "2026-11-03", 12, 13},
		} {
			start, _ := time.Parse(time.RFC3339, c.start)
			e := newEnv(t, d, start)
			p := e.patient(patientOpts{tenant: e.tenantA, name: "Mary Smith", tz: "America/New_York", lang: "en"})
			r := e.medication(p, daily(c.from, c.to, "08:00"))
			for range 7 * 24 {
				e.clock.Advance(time.Hour)
				e.tick()
			}
			os := e.occurrences(r.ID)
			if len(os) != 5 {
				t.Fatalf("%s: %d occurrences: %v", c.name, len(os), localTimes("America/New_York", dueTimes(os)...))
			}
			for i, o := range os {
				local := o.DueAt.In(mustZone(t, "America/New_York"))
				if local.Hour() != 8 || local.Minute() != 0 {
					t.Fatalf("%s: occurrence %d at %v local", c.name, i, local)
				}
				wantUTC := c.before
				if i >= 2 { // the clocks change in the night before the third day
					wantUTC = c.after
				}
				if o.DueAt.UTC().Hour() != wantUTC {
					t.Errorf("%s: occurrence %d due %v, want %02d:00 UTC", c.name, i, o.DueAt.UTC(), wantUTC)
				}
			}
		}
	})
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	must(t, err)
	return loc
}

// An Asia/Seoul appointment reminder fires one day before at 09:00 Seoul time
// and two hours before the start.
func TestAppointmentReminderFiresTheDayBeforeAt0900Seoul(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
		ctx := context.Background()
		p := e.patient(patientOpts{tenant: e.tenantB, name: "김민지", tz: "Asia/Seoul", lang: "ko"})
		ap, err := e.appts.Create(ctx, e.adminB, appointment.Input{PatientID: p, StartsAt: "2026-11-25T10:30:00+09:00",
			Doctor: ptr("김 선생님"), Location: ptr("본관 3층")})
		must(t, err)
		if ap.Timezone != "Asia/Seoul" || ap.Status != appointment.StatusScheduled {
			t.Fatalf("appointment defaults: %+v", ap)
		}
		r, err := e.svc.Create(ctx, e.adminB, reminder.Input{PatientID: p, Type: reminder.TypeAppointment, AppointmentID: &ap.ID,
			Message:  ptr("{{first_name}}님, {{appointment_date}} {{appointment_time}} {{doctor}} 진료 ({{location}})"),
			Schedule: &schedule.Spec{Offsets: []schedule.Offset{{Days: -1, Time: "09:00"}, {Minutes: -120}}}})
		must(t, err)
		if want := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC); r.NextDueAt == nil || !r.NextDueAt.Equal(want) {
			t.Fatalf("next_due_at %v, want %v", r.NextDueAt, want)
		}
		for range 8 * 48 {
			e.clock.Advance(30 * time.Minute)
			e.tick()
		}
		os, _, err := e.svc.Occurrences(ctx, e.adminB, r.ID, 1, 10)
		must(t, err)
		slices.Reverse(os)
		got := localTimes("Asia/Seoul", dueTimes(os)...)
		if want := []string{"2026-11-24 09:00 KST", "2026-11-25 08:30 KST"}; !slices.Equal(got, want) {
			t.Fatalf("occurrences %v, want %v", got, want)
		}
		msgs := e.messages(p)
		if len(msgs) != 2 || msgs[0].Body != "김민지님, 2026-11-25 10:30 김 선생님 진료 (본관 3층)" {
			t.Fatalf("messages: %+v", msgs)
		}
		if got, err := e.svc.Get(ctx, e.adminB, r.ID); err != nil || got.NextDueAt != nil {
			t.Fatalf("all reminders sent, next_due_at %v (%v)", got.NextDueAt, err)
		}
	})
}

// Ten ticks at once on the same due reminders create each occurrence and each
// message exactly once.
func TestConcurrentTicksCreateEverythingExactlyOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		svc := reminder.NewService(reminder.NewStore(d), e.outbox, e.clock, reminder.Options{BatchSize: 7})
		const n = 40
		var rids []string
		for i := range n {
			p := e.patient(patientOpts{name: "Pasien " + string(rune('A'+i%26))})
			rids = append(rids, e.medication(p, daily("2026-11-22", "", "08:00", "20:00")).ID)
		}
		e.clock.Set(time.Date(2026, 11, 22, 13, 30, 0, 0, time.UTC)) // 20:30 WIB: both of today's are due
		var wg sync.WaitGroup
		var mu sync.Mutex
		totalOcc, totalMsg := 0, 0
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				occ, msg, err := svc.Materialize(context.Background(), e.clock.Now())
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				totalOcc += occ
				totalMsg += msg
				mu.Unlock()
			}()
		}
		wg.Wait()
		var occ, msgs, dupMsgs int64
		must(t, d.Gorm.Table("occurrences").Count(&occ).Error)
		must(t, d.Gorm.Table("messages").Where("source = ?", outbox.SourceReminder).Count(&msgs).Error)
		must(t, d.Gorm.Raw(`SELECT COUNT(*) FROM (SELECT source_id FROM messages GROUP BY source_id HAVING COUNT(*) > 1) x`).
			Scan(&dupMsgs).Error)
		if occ != 2*n || msgs != 2*n || dupMsgs != 0 || totalOcc != 2*n || totalMsg != 2*n {
			t.Fatalf("occurrences %d, messages %d (duplicated %d), ticks reported %d/%d; want %d each",
				occ, msgs, dupMsgs, totalOcc, totalMsg, 2*n)
		}
		// Every reminder moved on to tomorrow 08:00 WIB; a further tick makes nothing.
		for _, id := range rids {
			if r := e.reload(id); r.NextDueAt == nil || !r.NextDueAt.Equal(time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)) {
				t.Fatalf("next_due_at %v", r.NextDueAt)
			}
		}
		if o, m := e.tick(); o != 0 || m != 0 {
			t.Fatalf("a re-run tick made %d occurrences and %d messages", o, m)
		}
	})
}

// A tick five hours late creates every occurrence it missed; after dispatch
// those past their time-to-live are skipped as too late, the others are sent.
func TestCatchUpAfterDowntimeSkipsWhatIsTooLate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		// 06:30 WIB.
		e := newEnv(t, d, time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC))
		p := e.patient(patientOpts{})
		r := e.medication(p, daily("2026-11-22", "", "07:00", "08:00", "09:00", "10:00", "11:00"))
		if occ, _ := e.tick(); occ != 0 {
			t.Fatalf("nothing is due at 06:30: %d", occ)
		}
		e.clock.Advance(5 * time.Hour) // 11:30 WIB, after five hours without ticks
		occ, msg := e.tick()
		if occ != 5 || msg != 5 {
			t.Fatalf("catch-up made %d occurrences and %d messages, want 5", occ, msg)
		}
		ch := &scripted{}
		_, err := e.dispatcher(ch).Drain(context.Background())
		must(t, err)
		e.tick() // the confirmation windows of 07:00–09:00 have closed
		got := map[string]string{}
		for _, o := range e.occurrences(r.ID) {
			state := o.State
			if o.SkipReason != nil {
				state += ":" + *o.SkipReason
			}
			got[localTimes("Asia/Jakarta", o.DueAt)[0][11:16]] = state
		}
		want := map[string]string{"07:00": "skipped:too_late", "08:00": "skipped:too_late", "09:00": "missed",
			"10:00": "pending", "11:00": "pending"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s, want %s (all: %v)", k, got[k], v, got)
			}
		}
		sent := 0
		for _, m := range e.messages(p) {
			switch m.Status {
			case outbox.StatusSent:
				sent++
			case outbox.StatusSkipped:
				if m.SkipReason == nil || *m.SkipReason != outbox.SkipTooLate {
					t.Errorf("skipped for %v", m.SkipReason)
				}
			default:
				t.Errorf("message status %s", m.Status)
			}
		}
		if sent != 3 || len(ch.sent) != 3 {
			t.Fatalf("sent %d (channel saw %d), want 3", sent, len(ch.sent))
		}
		// Adherence counts the 09:00 dose only: 07:00 and 08:00 never reached the patient, and
		// the windows of 10:00 and 11:00 are still open. Confirming 10:00 makes it one of two.
		adherence := func() (float64, float64) {
			t.Helper()
			got, err := patient.NewStore(d).Adherence(context.Background(), e.tenantA, []string{p}, e.clock.Now())
			must(t, err)
			a := got[p]
			if a.Days7 == nil || a.Days30 == nil {
				t.Fatalf("no adherence: %+v", got)
			}
			return *a.Days7, *a.Days30
		}
		if d7, d30 := adherence(); d7 != 0 || d30 != 0 {
			t.Fatalf("adherence %v %v, want 0 0", d7, d30)
		}
		for _, o := range e.occurrences(r.ID) {
			if localTimes("Asia/Jakarta", o.DueAt)[0][11:16] == "10:00" {
				_, err := e.svc.Confirm(context.Background(), e.admin, o.ID)
				must(t, err)
			}
		}
		if d7, d30 := adherence(); d7 != 0.5 || d30 != 0.5 {
			t.Fatalf("adherence %v %v, want 0.5 0.5", d7, d30)
		}
	})
}

// A medication dose unconfirmed when its window closes is missed; staff
// confirmations are confirmed within the window and late after it.
func TestMissedConfirmedAndLate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) // 07:00 WIB
		p := e.patient(patientOpts{volunteer: e.vol.UserID})
		r := e.medication(p, daily("2026-11-22", "", "08:00"))
		e.clock.Set(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)) // 08:00
		e.tick()
		os := e.occurrences(r.ID)
		if len(os) != 1 || os[0].State != reminder.StatePending || !os[0].ConfirmBy.Equal(os[0].DueAt.Add(2*time.Hour)) {
			t.Fatalf("occurrence: %+v", os)
		}
		e.clock.Advance(2*time.Hour - time.Minute)
		if n, err := e.svc.MarkMissed(ctx, e.clock.Now()); err != nil || n != 0 {
			t.Fatalf("inside the window: %d, %v", n, err)
		}
		e.clock.Advance(2 * time.Minute)
		if n, err := e.svc.MarkMissed(ctx, e.clock.Now()); err != nil || n != 1 {
			t.Fatalf("after the window: %d, %v", n, err)
		}
		if n, _ := e.svc.MarkMissed(ctx, e.clock.Now()); n != 0 {
			t.Fatalf("marking again: %d", n)
		}
		if o := e.occurrences(r.ID)[0]; o.State != reminder.StateMissed {
			t.Fatalf("state %s", o.State)
		}
		// Staff confirm the missed dose: late. Developers may not; another tenant cannot see it.
		if _, err := e.svc.Confirm(ctx, e.dev, os[0].ID); err == nil {
			t.Fatal("a developer confirmed")
		}
		if _, err := e.svc.Confirm(ctx, e.adminB, os[0].ID); err == nil {
			t.Fatal("another tenant confirmed")
		}
		late, err := e.svc.Confirm(ctx, e.vol, os[0].ID)
		must(t, err)
		if late.State != reminder.StateLate || *late.ConfirmedBy != reminder.ConfirmedByStaff || *late.ConfirmedByUserID != e.vol.UserID {
			t.Fatalf("late: %+v", late)
		}
		again, err := e.svc.Confirm(ctx, e.admin, os[0].ID)
		must(t, err)
		if again.State != reminder.StateLate || *again.ConfirmedByUserID != e.vol.UserID {
			t.Fatalf("a second confirmation changed the first: %+v", again)
		}
		// The next day: staff confirm within the window, and the patient's reply confirms the day after.
		e.clock.Set(time.Date(2026, 11, 23, 1, 30, 0, 0, time.UTC))
		e.tick()
		os = e.occurrences(r.ID)
		onTime, err := e.svc.Confirm(ctx, e.admin, os[1].ID)
		must(t, err)
		if onTime.State != reminder.StateConfirmed || onTime.ConfirmedAt == nil {
			t.Fatalf("on time: %+v", onTime)
		}
		e.clock.Set(time.Date(2026, 11, 24, 1, 5, 0, 0, time.UTC))
		e.tick()
		o, found, err := e.svc.ConfirmFromPatient(ctx, e.tenantA, p, e.clock.Now())
		must(t, err)
		if !found || o.State != reminder.StateConfirmed || *o.ConfirmedBy != reminder.ConfirmedByPatient || o.ConfirmedByUserID != nil {
			t.Fatalf("patient confirmation: %v %+v", found, o)
		}
		if _, found, _ := e.svc.ConfirmFromPatient(ctx, e.tenantA, p, e.clock.Now()); found {
			t.Fatal("nothing is left to confirm")
		}
	})
}

// Pause stops a reminder, resume restarts it without back-filling the pause,
// a new schedule moves next_due_at, and a deleted reminder sends nothing.
func TestPauseResumeEditAndDelete(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) // 07:00 WIB
		p := e.patient(patientOpts{})
		r := e.medication(p, daily("2026-11-22", "", "08:00"))
		paused, err := e.svc.Pause(ctx, e.admin, r.ID)
		must(t, err)
		if paused.IsActive || paused.PausedAt == nil || paused.NextDueAt != nil || paused.Version != 2 {
			t.Fatalf("paused: %+v", paused)
		}
		if again, _ := e.svc.Pause(ctx, e.admin, r.ID); again.Version != 2 {
			t.Fatal("pausing twice changed the reminder")
		}
		e.clock.Advance(3 * 24 * time.Hour) // Nov 25, 07:00 WIB
		if occ, _ := e.tick(); occ != 0 {
			t.Fatalf("a paused reminder made %d occurrences", occ)
		}
		resumed, err := e.svc.Resume(ctx, e.admin, r.ID)
		must(t, err)
		if !resumed.IsActive || resumed.PausedAt != nil || resumed.NextDueAt == nil ||
			!resumed.NextDueAt.Equal(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("resumed: %+v", resumed)
		}
		e.clock.Advance(2 * time.Hour)
		if occ, _ := e.tick(); occ != 1 {
			t.Fatalf("after resuming: %d occurrences, want only today's", occ)
		}
		// A new time takes effect from now: 20:00 today is next.
		upd, err := e.svc.Update(ctx, e.admin, r.ID, reminder.Patch{Schedule: daily("2026-11-22", "", "20:00"), Version: ptr(resumed.Version)})
		must(t, err)
		if upd.NextDueAt == nil || !upd.NextDueAt.Equal(time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)) {
			t.Fatalf("after the edit next_due_at %v", upd.NextDueAt)
		}
		if _, err := e.svc.Update(ctx, e.admin, r.ID, reminder.Patch{Dose: ptr("10 mg"), Version: ptr(resumed.Version)}); err == nil {
			t.Fatal("a stale version was accepted")
		}
		// is_active false through a patch pauses too.
		off, err := e.svc.Update(ctx, e.admin, r.ID, reminder.Patch{IsActive: ptr(false)})
		must(t, err)
		if off.NextDueAt != nil || off.PausedAt == nil {
			t.Fatalf("patched inactive: %+v", off)
		}
		_, err = e.svc.Update(ctx, e.admin, r.ID, reminder.Patch{IsActive: ptr(true)})
		must(t, err)
		must(t, e.svc.Delete(ctx, e.admin, r.ID, nil))
		e.clock.Advance(2 * 24 * time.Hour)
		if occ, _ := e.tick(); occ != 0 {
			t.Fatalf("a deleted reminder made %d occurrences", occ)
		}
		if len(e.messages(p)) != 1 {
			t.Fatalf("messages: %d", len(e.messages(p)))
		}
	})
}

// Moving an appointment retimes its reminders; cancelling it stops them.
func TestAppointmentChangesRetimeAndStopReminders(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
		p := e.patient(patientOpts{})
		ap, err := e.appts.Create(ctx, e.admin, appointment.Input{PatientID: p, StartsAt: "2026-11-25T10:00:00+07:00"})
		must(t, err)
		r, err := e.svc.Create(ctx, e.admin, reminder.Input{PatientID: p, Type: reminder.TypeAppointment, AppointmentID: &ap.ID,
			Message:  ptr("Besok {{appointment_date}} jam {{appointment_time}}"),
			Schedule: &schedule.Spec{Offsets: []schedule.Offset{{Days: -1, Time: "09:00"}}}})
		must(t, err)
		if !r.NextDueAt.Equal(time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)) {
			t.Fatalf("next_due_at %v", r.NextDueAt)
		}
		moved, err := e.appts.Update(ctx, e.admin, ap.ID, appointment.Patch{StartsAt: ptr("2026-11-28T10:00:00+07:00")})
		must(t, err)
		if got := e.reload(r.ID); got.NextDueAt == nil || !got.NextDueAt.Equal(time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)) {
			t.Fatalf("after moving the appointment next_due_at %v", got.NextDueAt)
		}
		_, err = e.appts.Update(ctx, e.admin, ap.ID, appointment.Patch{Status: ptr(appointment.StatusCancelled), Version: &moved.Version})
		must(t, err)
		got := e.reload(r.ID)
		if got.IsActive || got.NextDueAt != nil {
			t.Fatalf("after cancelling: %+v", got)
		}
		if _, err := e.svc.Resume(ctx, e.admin, r.ID); err == nil {
			t.Fatal("resumed a reminder of a cancelled appointment")
		}
		e.clock.Advance(10 * 24 * time.Hour)
		if occ, _ := e.tick(); occ != 0 {
			t.Fatalf("a cancelled appointment's reminder made %d occurrences", occ)
		}
		// A new reminder for a cancelled appointment is refused.
		_, err = e.svc.Create(ctx, e.admin, reminder.Input{PatientID: p, Type: reminder.TypeAppointment, AppointmentID: &ap.ID,
			Message: ptr("x"), Schedule: &schedule.Spec{Offsets: []schedule.Offset{{Minutes: -60}}}})
		wantFields(t, err, "appointment_id")
	})
}

// Many due reminders are materialised over several batches.
func TestMaterializeInBatches(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		svc := reminder.NewService(reminder.NewStore(d), e.outbox, e.clock, reminder.Options{BatchSize: 10})
		tpl := e.template(e.tenantA, "Hai {{name}}: {{medication}} jam {{time}}", "Hi {{name}}: {{medication}} at {{time}}")
		for i := range 35 {
			lang := "id"
			if i%2 == 1 {
				lang = "en"
			}
			p := e.patient(patientOpts{lang: lang})
			e.medication(p, daily("2026-11-22", "", "08:00"), func(in *reminder.Input) { in.Message, in.TemplateID = nil, &tpl })
		}
		e.clock.Set(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC))
		occ, msg, err := svc.Materialize(context.Background(), e.clock.Now())
		must(t, err)
		if occ != 35 || msg != 35 {
			t.Fatalf("%d occurrences, %d messages", occ, msg)
		}
		var stored []string
		must(t, d.Gorm.Table("messages").Pluck("body", &stored).Error)
		var bodies []string
		for _, s := range stored {
			if b := openBody(t, s); !slices.Contains(bodies, b) {
				bodies = append(bodies, b)
			}
		}
		slices.Sort(bodies)
		if !slices.Equal(bodies, []string{"Hai Siti Rahma: Tamoxifen jam 08:00", "Hi Siti Rahma: Tamoxifen at 08:00"}) {
			t.Fatalf("bodies %v", bodies)
		}
	})
}

// template inserts a reminder template with Indonesian and English bodies.
func (e *env) template(tenantID, id, en string) string {
	e.t.Helper()
	tid := newID()
	now := e.clock.Now()
	bodies := `{"id":` + quote(id) + `,"en":` + quote(en) + `}`
	must(e.t, e.d.Gorm.Exec(`INSERT INTO templates (id, tenant_id, name, kind, bodies, kakao_parameters, created_at, updated_at, version)
		VALUES (?, ?, ?, 'reminder', ?, '{}', ?, ?, 1)`, tid, tenantID, "T "+tid[:8], bodies, now, now).Error)
	return tid
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// A message that can no longer be written for the patient (a value it uses
// was removed after the reminder was saved) is not sent with a blank: the
// occurrence is skipped as render_failed.
func TestUnrenderableMessageSkipsTheOccurrence(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		p := e.patient(patientOpts{})
		must(t, d.Gorm.Exec(`UPDATE patients SET attributes = '{"mrn":"RM-7"}' WHERE id = ?`, p).Error)
		r := e.medication(p, daily("2026-11-22", "", "08:00"), func(in *reminder.Input) {
			in.Message = ptr("No. rekam medis {{attributes.mrn}}: minum {{medication}}")
		})
		must(t, d.Gorm.Exec(`UPDATE patients SET attributes = '{}' WHERE id = ?`, p).Error)
		e.clock.Set(time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC))
		if occ, msg := e.tick(); occ != 1 || msg != 0 {
			t.Fatalf("%d occurrences, %d messages; want 1, 0", occ, msg)
		}
		os := e.occurrences(r.ID)
		if len(os) != 1 || os[0].State != reminder.StateSkipped || os[0].SkipReason == nil ||
			*os[0].SkipReason != reminder.SkipRender || os[0].MessageID != nil || len(e.messages(p)) != 0 {
			t.Fatalf("occurrence %+v", os)
		}
	})
}
