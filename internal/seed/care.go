package seed

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/schedule"
	"github.com/prima-health/prima/internal/template"
)

func ptr[T any](v T) *T { return &v }

// demoCare gives the demo clinic a medication template, daily reminders, and
// an appointment with its reminders; one reminder is sent at once so the
// message log and the dashboard show real activity through the log channel.
func demoCare(ctx context.Context, svc Services, admin identity.Actor, patients map[string]string, now time.Time) ([]dailyDose, error) {
	tpl, err := svc.Templates.Create(ctx, admin, template.Input{Name: "Medication reminder", Kind: "reminder", Bodies: template.Bodies{
		ID: "Halo {{first_name}}, saatnya minum {{medication}} {{dose}}. Balas YA jika sudah minum.",
		Ko: "{{first_name}}님, {{medication}} {{dose}} 복용할 시간입니다. 드셨으면 네 라고 답해 주세요.",
		En: "Hello {{first_name}}, it is time to take {{medication}} {{dose}}. Reply YES once you have.",
	}})
	if err != nil {
		return nil, err
	}
	today := func(tz string) string {
		loc, _ := time.LoadLocation(tz)
		return now.In(loc).Format("2006-01-02")
	}
	// The history (history.go) has every lateEvery-th dose late and every missEvery-th missed.
	daily := []dailyDose{
		{name: "Siti Rahmawati", language: "id", timezone: "Asia/Jakarta", channel: "whatsapp", medication: "Tamoxifen", dose: "20 mg",
			times: []string{"08:00", "20:00"}, lateEvery: 7},
		{name: "Budi Santoso", language: "id", timezone: "Asia/Jakarta", channel: "whatsapp", medication: "Capecitabine", dose: "500 mg",
			times: []string{"07:30", "19:30"}, missEvery: 6},
		{name: "Kim Mi-young", language: "ko", timezone: "Asia/Seoul", channel: "kakao", medication: "Tamoxifen", dose: "20 mg",
			times: []string{"09:00"}, lateEvery: 9},
		{name: "Maria Gonzales", language: "en", timezone: "Asia/Jakarta", channel: "whatsapp", medication: "Letrozole", dose: "2.5 mg",
			times: []string{"08:00"}, missEvery: 4},
	}
	var first string
	for i, d := range daily {
		daily[i].patientID = patients[d.name]
		r, err := svc.Reminders.Create(ctx, admin, reminder.Input{PatientID: patients[d.name], Type: "medication",
			TemplateID: &tpl.ID, Medication: ptr(d.medication), Dose: ptr(d.dose),
			Schedule: &schedule.Spec{Frequency: schedule.Daily, Times: d.times, StartDate: today(d.timezone)}})
		if err != nil {
			return nil, err
		}
		daily[i].reminderID = r.ID
		if first == "" {
			first = r.ID
		}
	}
	seoul, _ := time.LoadLocation("Asia/Seoul")
	visit := now.In(seoul).AddDate(0, 0, 3)
	visit = time.Date(visit.Year(), visit.Month(), visit.Day(), 10, 0, 0, 0, seoul)
	appt, err := svc.Appointments.Create(ctx, admin, appointment.Input{PatientID: patients["Park Ji-hoon"],
		StartsAt: visit.Format(time.RFC3339), Timezone: ptr("Asia/Seoul"), SurgeryType: ptr("colectomy follow-up"),
		Doctor: ptr("Dr. Lee"), Location: ptr("Outpatient clinic 3")})
	if err != nil {
		return nil, err
	}
	_, err = svc.Reminders.Create(ctx, admin, reminder.Input{PatientID: patients["Park Ji-hoon"], Type: "appointment",
		AppointmentID: &appt.ID, Message: ptr("{{first_name}}님, {{appointment_date}} {{appointment_time}} {{doctor}} 진료 예약이 있습니다."),
		Schedule: &schedule.Spec{Offsets: []schedule.Offset{{Days: -1, Time: "09:00"}, {Minutes: -120}}}})
	if err != nil {
		return nil, err
	}
	_, err = svc.Reminders.SendNow(ctx, admin, []string{first})
	return daily, err
}
