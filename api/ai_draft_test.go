package api

import (
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// AI drafts text on request and never sends it; with AI off the answer says
// so plainly; a failing model is a clear 502/503, and bad input names the field.
func TestAIDraftsTextAndNeverSends(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		llm := testutil.NewFakeOpenAI(t)
		a := newTestApp(t, d, withAI(llm.BaseURL()))
		body := map[string]any{"kind": "template", "language": "id", "brief": "pengingat minum tamoxifen pagi"}
		r := a.do("POST", "/api/v1/ai/draft", body, a.admin)
		if r.code != 409 || r.problem().Code != CodeAIDisabled {
			t.Fatalf("AI off for the clinic: %d %s", r.code, r.body)
		}
		a.enableAI()
		llm.ReplyJSON(`{"text":"Halo {{first_name}}, saatnya minum {{medication}} pagi ini."}`)
		r = a.do("POST", "/api/v1/ai/draft", body, a.volunteer)
		a.ok(r, 200)
		var out DraftResult
		r.decode(&out)
		if !strings.Contains(out.Text, "{{first_name}}") || !out.AIGenerated {
			t.Fatalf("draft: %+v", out)
		}
		if n := a.count("SELECT count(*) FROM messages"); n != 0 {
			t.Fatalf("drafting wrote %d messages", n)
		}
		a.ok(a.do("POST", "/api/v1/ai/draft", body, a.developer), 403)
		for _, bad := range []map[string]any{{"kind": "poem", "language": "id", "brief": "x"}, {"kind": "template", "language": "fr", "brief": "x"},
			{"kind": "template", "language": "id"}, {"kind": "template", "language": "id", "brief": 3},
			{"kind": "template", "language": "id", "brief": "x", "variables": []string{"{{ssn}}"}}} {
			if r := a.do("POST", "/api/v1/ai/draft", bad, a.admin); r.code != 400 {
				t.Fatalf("%v: %d %s", bad, r.code, r.body)
			}
		}
		llm.FailWith(500)
		if r := a.do("POST", "/api/v1/ai/draft", body, a.admin); r.code != 503 {
			t.Fatalf("model down: %d %s", r.code, r.body)
		}
		llm.FailWith(0)
		llm.Garbage()
		if r := a.do("POST", "/api/v1/ai/draft", body, a.admin); r.code != 502 {
			t.Fatalf("model nonsense: %d %s", r.code, r.body)
		}
	})
}

// With no language model configured the answer is ai_disabled even with AI
// switched on in the settings.
func TestAIDraftWithoutAModel(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d, func(c *config.Config) { c.OpenAI.Timeout = time.Second })
		a.enableAI()
		r := a.do("POST", "/api/v1/ai/draft", map[string]any{"kind": "campaign", "language": "ko", "brief": "건강검진 안내"}, a.admin)
		if r.code != 409 || r.problem().Code != CodeAIDisabled {
			t.Fatalf("no model: %d %s", r.code, r.body)
		}
	})
}
