package api

import (
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestTemplateLinkPointsAtAnArticle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		art := a.createArticleAs(a.admin, map[string]any{"title": "Cara minum Tamoxifen", "language": "id"}) // a draft may be linked
		other := a.createArticleAs(a.otherAdmin, map[string]any{"title": "Other clinic", "language": "en"})
		p := a.createPatientAs(a.admin, map[string]any{"name": "Siti Aminah", "phone": "0812-3456-7890", "consent": "granted"})

		body := map[string]any{"name": "Baca artikel", "kind": "reminder", "link_article_id": art.ID,
			"bodies": map[string]any{"id": "Halo {{first_name}}, baca {{link}}"}}
		tpl := a.createTemplateAs(a.admin, body)
		if tpl.LinkArticleID == nil || *tpl.LinkArticleID != art.ID {
			t.Fatalf("link_article_id: %+v", tpl)
		}
		var pv TemplatePreview
		a.do("POST", "/api/v1/templates/"+tpl.ID+"/preview", map[string]any{"patient_id": p.ID}, a.admin).decode(&pv)
		want := "Halo Siti, baca " + testBaseURL + "/public/articles/cara-minum-tamoxifen"
		if pv.Body != want || pv.Samples["link"] != "" {
			t.Fatalf("preview: %q (samples %v), want %q", pv.Body, pv.Samples, want)
		}

		// Another tenant's article, a malformed id: 400 on link_article_id.
		for _, id := range []string{other.ID, "not-an-id"} {
			body["name"], body["link_article_id"] = "Other "+id, id
			r := a.do("POST", "/api/v1/templates", body, a.admin)
			a.ok(r, 400)
			if f := r.fieldErrors(); len(f) != 1 || f[0] != "link_article_id" {
				t.Fatalf("%s: %s", id, r.body)
			}
		}
		// A linked article cannot be deleted until the template links elsewhere.
		r := a.do("DELETE", "/api/v1/articles/"+art.ID, nil, a.admin)
		a.ok(r, 409)
		// A reminder on the template renders the article's URL into the message.
		var rem Reminder
		r = a.do("POST", "/api/v1/reminders", map[string]any{"patient_id": p.ID, "type": "custom", "template_id": tpl.ID,
			"schedule": map[string]any{"frequency": "daily", "times": []string{"08:00"}, "start_date": "2026-01-01"}}, a.admin)
		a.ok(r, 201)
		r.decode(&rem)
		a.ok(a.do("POST", "/api/v1/reminders/send-now", map[string]any{"ids": []string{rem.ID}}, a.admin), 200)
		var msgs MessageList
		a.do("GET", "/api/v1/messages?patient_id="+p.ID, nil, a.admin).decode(&msgs)
		if len(msgs.Data) == 0 || !strings.Contains(msgs.Data[0].Body, testBaseURL+"/public/articles/cara-minum-tamoxifen") {
			t.Fatalf("sent message: %+v", msgs.Data)
		}

		// Unlinking (null) keeps today's rule: {{link}} without a value is refused for a reminder, sampled in a preview.
		r = a.do("PATCH", "/api/v1/templates/"+tpl.ID, `{"link_article_id":null}`, a.admin)
		a.ok(r, 200)
		r.decode(&tpl)
		if tpl.LinkArticleID != nil {
			t.Fatal("not unlinked")
		}
		a.do("POST", "/api/v1/templates/"+tpl.ID+"/preview", map[string]any{"patient_id": p.ID}, a.admin).decode(&pv)
		if pv.Samples["link"] == "" || strings.Contains(pv.Body, "/public/articles/") {
			t.Fatalf("preview without a link: %+v", pv)
		}
		r = a.do("POST", "/api/v1/reminders", map[string]any{"patient_id": p.ID, "type": "custom", "template_id": tpl.ID,
			"schedule": map[string]any{"frequency": "daily", "times": []string{"09:00"}, "start_date": "2026-01-01"}}, a.admin)
		a.ok(r, 400)
		if f := r.fieldErrors(); len(f) != 1 || f[0] != "template_id" {
			t.Fatalf("reminder without a link: %s", r.body)
		}
		a.ok(a.do("DELETE", "/api/v1/articles/"+art.ID, nil, a.admin), 204)
	})
}
