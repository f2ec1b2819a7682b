package api

import (
	"context"
	"time"

	"github.com/prima-health/prima/internal/ai"
	"github.com/prima-health/prima/internal/channel/providers"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/conversation"
	"github.com/prima-health/prima/internal/outbox"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"github.com/prima-health/prima/internal/reminder"
	"github.com/prima-health/prima/internal/testutil/fakeprovider"
)

// testModel is the language model the configuration names (nil: none).
func testModel(cfg *config.Config) *ai.Client {
	return ai.New(ai.Config{APIKey: cfg.OpenAI.APIKey, BaseURL: cfg.OpenAI.BaseURL, Model: cfg.OpenAI.Model, Timeout: cfg.OpenAI.Timeout})
}

// testConversations is the conversation service as the server builds it,
// with the language model the configuration names (none by default).
func testConversations(d *db.DB, c clock.Clock, rem *reminder.Service, model *ai.Client, articles *content.Service) *conversation.Service {
	ob := outbox.NewOutbox(d, c, testChannels, outbox.NewDBLookups(d))
	return conversation.New(conversation.Deps{DB: d, Clock: c, Bodies: ob.Bodies(), Outbox: ob, Doses: rem,
		Model: conversation.ModelFrom(model), Articles: conversation.ArticlesFrom(articles), Log: testLogger()})
}

// inbound posts a signed GOWA message event from phone and returns the answer.
func (a *testApp) inbound(phone, body string, opts ...func(*fakeprovider.WAIncoming)) *response {
	a.t.Helper()
	m := fakeprovider.WAIncoming{From: phone, Body: body}
	for _, o := range opts {
		o(&m)
	}
	return a.send(fakeprovider.GOWAWebhookRequest("/api/v1/hooks/gowa", gowaSecret, fakeprovider.GOWAMessageEvent(m)))
}

// process runs the inbound workers until nothing is due and returns how
// many jobs they did.
func (a *testApp) process() int {
	a.t.Helper()
	total := 0
	for {
		n, err := a.convs().ProcessDue(context.Background())
		if err != nil {
			a.t.Fatal(err)
		}
		total += n
		if n == 0 {
			return total
		}
	}
}

func (a *testApp) convs() *conversation.Service { return a.deps.Conversations }

// count is a COUNT(*) over the app's database.
func (a *testApp) count(sql string, args ...any) int64 {
	a.t.Helper()
	var n int64
	if err := a.db.Gorm.Raw(sql, args...).Scan(&n).Error; err != nil {
		a.t.Fatal(err)
	}
	return n
}

// withAI points the app's language model at url (an OpenAI-compatible server).
func withAI(url string) appOption {
	return func(c *config.Config) {
		c.OpenAI.BaseURL, c.OpenAI.APIKey, c.OpenAI.Model = url, "sk-test-prima", "test-model"
		c.OpenAI.Timeout = 800 * time.Millisecond
	}
}

// drainTo sends every due message through a dispatcher whose WhatsApp is
// the fake GOWA f.
func (a *testApp) drainTo(f *fakeprovider.GOWA) outbox.DispatchStats {
	a.t.Helper()
	reg, err := providers.New(providers.Config{GOWA: config.GOWAConfig{APIURL: f.URL, BasicAuth: f.BasicAuth}})
	if err != nil {
		a.t.Fatal(err)
	}
	disp := outbox.NewDispatcher(a.db, outbox.NewRegistryChannels(reg, nil), outbox.NewDBLookups(a.db), nil, a.clock,
		outbox.DispatchConfig{Worker: "test", Channels: []string{"whatsapp", "log"}}, testLogger())
	st, err := disp.Drain(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return st
}

// testLimiter keeps one test's counts apart from the others' in a shared Redis.
type testLimiter struct {
	ratelimit.Limiter
	prefix string
}

func (l testLimiter) Allow(ctx context.Context, key string, limit int, window time.Duration) (ratelimit.Result, error) {
	return l.Limiter.Allow(ctx, l.prefix+key, limit, window)
}

func (l testLimiter) Peek(ctx context.Context, key string, limit int, window time.Duration) (ratelimit.Result, error) {
	return l.Limiter.Peek(ctx, l.prefix+key, limit, window)
}
