package seed

import (
	"context"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/patient"
)

type demoPatient struct {
	name, phone, lang, tz, diagnosis, stage, consent, channel, birth string
	tags                                                             []string
	volunteer                                                        bool
}

// The demo clinic's patients: fictional people with well-formed numbers.
var demo = []demoPatient{
	{"Siti Rahmawati", "0812-3456-0101", "id", "Asia/Jakarta", "Kanker payudara", "II", "granted", "whatsapp", "1971-04-12", []string{"tamoxifen", "breast"}, true},
	{"Budi Santoso", "0813-2222-0102", "id", "Asia/Jakarta", "Kanker kolorektal", "III", "granted", "whatsapp", "1963-09-30", []string{"chemo"}, true},
	{"Dewi Lestari", "0857-1111-0103", "id", "Asia/Makassar", "Kanker serviks", "I", "pending", "sms", "1980-01-22", []string{"post-surgery"}, false},
	{"Agus Prasetyo", "0821-4444-0104", "id", "Asia/Jakarta", "Kanker paru", "IV", "granted", "whatsapp", "1958-07-05", []string{"chemo", "palliative"}, false},
	{"Rina Wulandari", "0878-5555-0105", "id", "Asia/Jayapura", "Kanker ovarium", "II", "declined", "sms", "1975-11-18", []string{"breast"}, false},
	{"Kim Mi-young", "010-2345-0106", "ko", "Asia/Seoul", "유방암", "II", "granted", "kakao", "1969-03-14", []string{"tamoxifen"}, false},
	{"Park Ji-hoon", "010-3456-0107", "ko", "Asia/Seoul", "대장암", "III", "pending", "kakao", "1961-12-02", []string{"post-surgery"}, false},
	{"Maria Gonzales", "+62 811-7777-0108", "en", "Asia/Jakarta", "Breast cancer", "I", "granted", "whatsapp", "1984-06-27", []string{"breast"}, true},
}

// demoPatients creates the demo patients and returns their ids by name.
func demoPatients(ctx context.Context, svc *patient.Service, admin identity.Actor, volunteerID string) (map[string]string, error) {
	ids := map[string]string{}
	for _, d := range demo {
		d := d
		region := "ID"
		if d.lang == "ko" {
			region = "KR"
		}
		phone := d.phone
		if region == "KR" {
			phone = "+82 " + phone[1:]
		}
		in := patient.Input{
			Name: d.name, Phone: phone, Language: &d.lang, Timezone: &d.tz, Diagnosis: &d.diagnosis, CancerStage: &d.stage,
			Consent: &d.consent, PreferredChannel: &d.channel, BirthDate: &d.birth, Tags: d.tags,
		}
		if d.volunteer {
			v := volunteerID
			in.AssignedVolunteerID = &v
		}
		p, err := svc.Create(ctx, admin, in)
		if err != nil {
			return nil, err
		}
		ids[d.name] = p.ID
	}
	return ids, nil
}
