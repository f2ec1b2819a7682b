package content_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/testutil"
	"github.com/prima-health/prima/internal/user"
)

var t0 = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

func admins(t *testing.T, d *db.DB) (a, b identity.Actor) {
	t.Helper()
	ctx := context.Background()
	us := user.NewStore(d)
	mk := func(key string) identity.Actor {
		tn := user.Tenant{ID: ids.New(), ClerkOrgID: "org_" + key, Name: "Klinik " + key, DefaultRegion: "ID", Timezone: "Asia/Jakarta",
			CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		u := user.User{ID: ids.New(), TenantID: tn.ID, ClerkUserID: "user_" + key, Name: key, Role: identity.RoleAdmin,
			Status: user.StatusApproved, IsActive: true, CreatedAt: t0, UpdatedAt: t0, Version: 1}
		if err := us.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return identity.Actor{UserID: u.ID, TenantID: tn.ID, Role: identity.RoleAdmin}
	}
	return mk("a"), mk("b")
}

func TestPublishedForGroundingPicksTheTenantsPublishedArticlesByOverlap(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		svc := content.NewService(content.NewStore(d), clk, "https://prima.test/")
		a, b := admins(t, d)
		mk := func(who identity.Actor, title, lang, body string, published bool) content.Article {
			t.Helper()
			clk.Advance(time.Minute)
			art, err := svc.CreateArticle(ctx, who, content.ArticleInput{Title: title, Language: lang, BodyMarkdown: body, Published: published})
			if err != nil {
				t.Fatal(err)
			}
			return art
		}
		best := mk(a, "Cara minum Tamoxifen", "id", "Minum **Tamoxifen** setiap pagi setelah makan. <script>x()</script>", true)
		mk(a, "Jadwal kontrol", "id", "Kontrol setiap bulan di poli onkologi.", true)
		english := mk(a, "Tamoxifen side effects", "en", "Hot flashes are common with tamoxifen.", true)
		mk(a, "Tamoxifen draft", "id", "Tamoxifen tamoxifen tamoxifen minum pagi", false)
		mk(b, "Tamoxifen di klinik lain", "id", "Minum tamoxifen pagi", true)

		got, err := svc.PublishedForGrounding(ctx, a.TenantID, "id", "Kapan saya harus minum tamoxifen?", 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Title != best.Title || got[1].Title != english.Title {
			t.Fatalf("grounding: %+v", got)
		}
		if got[0].URL != "https://prima.test/public/articles/"+best.Slug {
			t.Errorf("url %s", got[0].URL)
		}
		if got[0].Text != "Minum Tamoxifen setiap pagi setelah makan. x()" || strings.ContainsAny(got[0].Text, "<*") {
			t.Errorf("text %q", got[0].Text)
		}
		// No article in the patient's language: the others ground the answer.
		got, _ = svc.PublishedForGrounding(ctx, a.TenantID, "ko", "tamoxifen", 5)
		if len(got) != 2 || got[0].Title != english.Title || got[1].Title != best.Title { // equal overlap: the newest first
			t.Fatalf("fallback: %+v", got)
		}
		if got, _ = svc.PublishedForGrounding(ctx, a.TenantID, "ko", "tamoxifen", 1); len(got) != 1 {
			t.Fatalf("limit: %+v", got)
		}
		// Nothing shares a word: nothing grounds it.
		got, _ = svc.PublishedForGrounding(ctx, a.TenantID, "id", "zzzz qqqq", 3)
		if len(got) != 0 {
			t.Fatalf("unrelated: %+v", got)
		}
		// A query with no usable word gets the latest, in the language first.
		got, _ = svc.PublishedForGrounding(ctx, a.TenantID, "id", "?", 0)
		if len(got) != 3 || got[0].Title != "Jadwal kontrol" || got[1].Title != best.Title || got[2].Title != english.Title {
			t.Fatalf("no words: %+v", got)
		}
		// Unpublishing removes an article from grounding.
		if _, err := svc.UpdateArticle(ctx, a, best.ID, content.ArticlePatch{Published: new(bool)}); err != nil {
			t.Fatal(err)
		}
		got, _ = svc.PublishedForGrounding(ctx, a.TenantID, "id", "minum tamoxifen", 3)
		if len(got) != 1 || got[0].Title != english.Title {
			t.Fatalf("after unpublishing: %+v", got)
		}
	})
}
