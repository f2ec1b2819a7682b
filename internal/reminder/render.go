package reminder

import (
	"slices"
	"time"

	"github.com/prima-health/prima/internal/appointment"
	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/template"
)

// zone is the IANA time zone name's location (UTC when unknown).
func zone(name string) *time.Location { return clock.Zone(name) }

// messageData is what a reminder's message may say for the dose or visit due at
// due: the patient's values, the clinic, the medication and dose, the local
// time of day, the appointment's local date and time, doctor and location,
// and link, the public page of the article the template links ("" for none).
func messageData(p patient.Patient, clinic string, r Reminder, ap *appointment.Appointment, due time.Time, link string) template.Data {
	extra := map[string]string{template.VarTime: due.In(zone(p.Timezone)).Format("15:04")}
	if link != "" {
		extra[template.VarLink] = link
	}
	if r.Medication != nil {
		extra[template.VarMedication] = *r.Medication
	}
	if r.Dose != nil {
		extra[template.VarDose] = *r.Dose
	}
	if ap != nil {
		local := ap.Local()
		extra[template.VarAppointmentDate] = local.Format(time.DateOnly)
		extra[template.VarAppointmentTime] = local.Format("15:04")
		if ap.Doctor != nil {
			extra[template.VarDoctor] = *ap.Doctor
		}
		if ap.Location != nil {
			extra[template.VarLocation] = *ap.Location
		}
	}
	return template.DataFromPatient(p, clinic, extra)
}

// rendered is a message ready for the outbox.
type rendered struct {
	body        string
	kakaoCode   string
	kakaoParams map[string]string
}

// render writes the reminder's message for the patient: the template's body in
// the patient's language (or its fallback), or the reminder's own text. A
// variable without a value is an error, never a blank.
func render(r Reminder, t *template.Template, lang string, data template.Data) (rendered, error) {
	if t == nil {
		text := ""
		if r.Message != nil {
			text = *r.Message
		}
		body, err := template.Render(text, data)
		return rendered{body: body}, err
	}
	body, _, err := template.RenderFor(*t, lang, data)
	if err != nil {
		return rendered{}, err
	}
	out := rendered{body: body}
	if t.KakaoTemplateCode != nil && *t.KakaoTemplateCode != "" {
		out.kakaoCode = *t.KakaoTemplateCode
		out.kakaoParams = template.KakaoParams(*t, data)
	}
	return out, nil
}

// channelOrder is the order a reminder's messages try channels in: the
// reminder's own, or the tenant's with the patient's preferred channel first.
// It is never empty, so the outbox need not look the tenant's order up itself.
func channelOrder(r Reminder, p patient.Patient, tenantOrder []string) []string {
	if len(r.ChannelOrder) > 0 {
		return slices.Clone(r.ChannelOrder)
	}
	order := slices.Clone(tenantOrder)
	if p.PreferredChannel != nil && *p.PreferredChannel != "" {
		pref := *p.PreferredChannel
		order = append([]string{pref}, slices.DeleteFunc(order, func(c string) bool { return c == pref })...)
	}
	if len(order) == 0 {
		order = []string{"log"}
	}
	return order
}
