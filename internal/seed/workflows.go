package seed

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/workflow"
	"github.com/prima-health/prima/internal/workflow/flow"
)

// followUpGraph is the demo's post-surgery follow-up: day 1 at 09:00 a
// question about the wound with a day to answer (a good answer is thanked,
// another tells staff, silence gets a nudge), day 3 a photo request, day 7
// a fever check.
const followUpGraph = `{"nodes":[
 {"id":"start","type":"trigger","data":{"label":"Surgery completed"},"position":{"x":240,"y":0}},
 {"id":"d1","type":"delay","data":{"days":1,"time_of_day":"09:00"},"position":{"x":240,"y":110}},
 {"id":"s1","type":"send_message","data":{"message":"Halo {{first_name}}, bagaimana luka operasinya hari ini? Balas BAIK jika tidak ada keluhan."},"position":{"x":240,"y":220}},
 {"id":"w1","type":"wait_for_reply","data":{"timeout_minutes":1440},"position":{"x":240,"y":330}},
 {"id":"c1","type":"condition","data":{"subject":"last_reply_intent","op":"in","value":["confirm","greeting"]},"position":{"x":60,"y":450}},
 {"id":"ok","type":"send_message","data":{"message":"Syukurlah, {{first_name}}. Jaga luka tetap bersih dan kering."},"position":{"x":-80,"y":570}},
 {"id":"staff","type":"notify_staff","data":{"message":"Pasien menjawab pertanyaan tentang lukanya: mohon dibaca dan dihubungi."},"position":{"x":180,"y":570}},
 {"id":"nudge","type":"send_message","data":{"message":"Kami belum mendengar kabar Anda, {{first_name}}. Balas pesan ini kapan saja."},"position":{"x":440,"y":450}},
 {"id":"d3","type":"delay","data":{"days":3,"time_of_day":"09:00"},"position":{"x":240,"y":690}},
 {"id":"s3","type":"send_message","data":{"message":"Mohon kirim foto luka operasi Anda hari ini, {{first_name}}."},"position":{"x":240,"y":800}},
 {"id":"d7","type":"delay","data":{"days":7,"time_of_day":"09:00"},"position":{"x":240,"y":910}},
 {"id":"s7","type":"send_message","data":{"message":"Apakah Anda demam minggu ini? Balas YA atau TIDAK."},"position":{"x":240,"y":1020}},
 {"id":"end","type":"end","data":{},"position":{"x":240,"y":1130}}],
"edges":[
 {"id":"e1","source":"start","target":"d1"},{"id":"e2","source":"d1","target":"s1"},{"id":"e3","source":"s1","target":"w1"},
 {"id":"e4","source":"w1","target":"c1","source_handle":"reply"},{"id":"e5","source":"w1","target":"nudge","source_handle":"timeout"},
 {"id":"e6","source":"c1","target":"ok","source_handle":"true"},{"id":"e7","source":"c1","target":"staff","source_handle":"false"},
 {"id":"e8","source":"ok","target":"d3"},{"id":"e9","source":"staff","target":"d3"},{"id":"e10","source":"nudge","target":"d3"},
 {"id":"e11","source":"d3","target":"s3"},{"id":"e12","source":"s3","target":"d7"},{"id":"e13","source":"d7","target":"s7"},
 {"id":"e14","source":"s7","target":"end"}]}`

// demoWorkflows creates the demo's active workflows: the post-surgery
// follow-up (running for one patient, so its executions page is not empty)
// and an appointment reminder in the linear form.
func demoWorkflows(ctx context.Context, svc *workflow.Service, admin identity.Actor, patients map[string]string) error {
	if svc == nil {
		return nil
	}
	var g flow.Graph
	if err := json.Unmarshal([]byte(followUpGraph), &g); err != nil {
		return err
	}
	surgery := "mastectomy"
	follow, err := svc.Create(ctx, admin, workflow.Input{Name: "Post-surgery follow-up",
		Description: "Day 1, 3 and 7 after a surgery: the wound, a photo, fever. A worrying answer tells staff.",
		Trigger:     workflow.Trigger{Type: workflow.TriggerPostSurgery, SurgeryType: &surgery}, Graph: &g})
	if err != nil {
		return fmt.Errorf("follow-up workflow: %w", err)
	}
	send := func(msg string) map[string]any { return map[string]any{"type": "send_message", "message": msg} }
	visit, err := svc.Create(ctx, admin, workflow.Input{Name: "Appointment reminder",
		Description: "The day before a visit at 09:00, and on the morning of the visit.",
		Trigger:     workflow.Trigger{Type: workflow.TriggerAppointment},
		Steps: []flow.LinearStep{
			{Day: -1, TimeOfDay: "09:00", Action: send("Halo {{first_name}}, besok Anda ada jadwal kontrol di {{clinic}}.")},
			{Day: 0, TimeOfDay: "07:00", Action: send("Pengingat: hari ini jadwal kontrol Anda di {{clinic}}. Sampai jumpa!")},
		}})
	if err != nil {
		return fmt.Errorf("appointment workflow: %w", err)
	}
	for _, id := range []string{follow.ID, visit.ID} {
		if _, err := svc.SetActive(ctx, admin, id, true); err != nil {
			return err
		}
	}
	if p, ok := patients["Siti Rahmawati"]; ok {
		if _, err := svc.RunFor(ctx, admin, follow.ID, []string{p}, ids.New()); err != nil {
			return fmt.Errorf("demo follow-up run: %w", err)
		}
	}
	return nil
}
