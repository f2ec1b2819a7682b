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
func demoCare(ctx context.Context, svc Services, admin identity.Actor, patients map[string]string, now time.Time) error {
	tpl, err := svc.Templates.Create(ctx, admin, template.Input{Name: "Medication reminder", Kind: "reminder", Bodies: template.Bodies{
		ID: "Halo {{first_name}}, saatnya minum {{medication}} {{dose}}. Balas YA jika sudah minum.",
		Ko: "{{first_name}}님, {{medication}} {{dose}} 복용할 시간입니다. 드셨으면 네 라고 답해 주세요.",
		En: "Hello {{first_name}}, it is time to take {{medication}} {{dose}}. Reply YES once you have.",
	}})
	if err != nil {
		return err
	}
	today := func(tz string) string {
		loc, _ := time.LoadLocation(tz)
		return now.In(loc).Format("2006-01-02")
	}
	daily := []struct {
		patient, tz, medication, dose string
		times                         []string
	}{
		{"Siti Rahmawati", "Asia/Jakarta", "Tamoxifen", "20 mg", []string{"08:00", "20:00"}},
		{"Budi Santoso", "Asia/Jakarta", "Capecitabine", "500 mg", []string{"07:30", "19:30"}},
		{"Kim Mi-young", "Asia/Seoul", "Tamoxifen", "20 mg", []string{"09:00"}},
		{"Maria Gonzales", "Asia/Jakarta", "Letrozole", "2.5 mg", []string{"08:00"}},
	}
	var first string
	for _, d := range daily {
		r, err := svc.Reminders.Create(ctx, admin, reminder.Input{PatientID: patients[d.patient], Type: "medication",
			TemplateID: &tpl.ID, Medication: ptr(d.medication), Dose: ptr(d.dose),
			Schedule: &schedule.Spec{Frequency: schedule.Daily, Times: d.times, StartDate: today(d.tz)}})
		if err != nil {
			return err
		}
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
		return err
	}
	_, err = svc.Reminders.Create(ctx, admin, reminder.Input{PatientID: patients["Park Ji-hoon"], Type: "appointment",
		AppointmentID: &appt.ID, Message: ptr("{{first_name}}님, {{appointment_date}} {{appointment_time}} {{doctor}} 진료 예약이 있습니다."),
		Schedule: &schedule.Spec{Offsets: []schedule.Offset{{Days: -1, Time: "09:00"}, {Minutes: -120}}}})
	if err != nil {
		return err
	}
	_, err = svc.Reminders.SendNow(ctx, admin, []string{first})
	return err
}
