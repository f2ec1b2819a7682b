package api

import (
	"fmt"

	"github.com/labstack/echo/v4"
	emw "github.com/labstack/echo/v4/middleware"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/identity"
)

// chains are the middleware stacks routes use. Every authenticated route
// declares the API key scope it needs by the chain it takes (SPEC §4.1); its
// swag annotation says the same with @x-required-scope, and the access-matrix
// test checks that the two agree.
type chains struct {
	// authed: a verified token or key and a resolved user (pending users pass).
	authed []echo.MiddlewareFunc
	// read, write, send: authed, approved and active, and a key needs that scope.
	read, write, send []echo.MiddlewareFunc
	// session: approved, and no API key at all (users and API keys are managed
	// from the dashboard only).
	session []echo.MiddlewareFunc
	// idempotency handles Idempotency-Key on POSTs that create or send; it goes last.
	idempotency echo.MiddlewareFunc
}

// create is a chain plus Idempotency-Key handling.
func (ch chains) create(base []echo.MiddlewareFunc) []echo.MiddlewareFunc {
	return join(base, ch.idempotency)
}

func join(a []echo.MiddlewareFunc, more ...echo.MiddlewareFunc) []echo.MiddlewareFunc {
	out := make([]echo.MiddlewareFunc, 0, len(a)+len(more))
	return append(append(out, a...), more...)
}

// scopeChains builds the chains from the authenticated base.
func scopeChains(authed []echo.MiddlewareFunc, idem echo.MiddlewareFunc) chains {
	app := join(authed, middleware.RequireApproved)
	return chains{
		authed:      authed,
		read:        join(app, middleware.RequireScope(identity.ScopeRead)),
		write:       join(app, middleware.RequireScope(identity.ScopeWrite)),
		send:        join(app, middleware.RequireScope(identity.ScopeSend)),
		session:     join(app, middleware.RequireScope("")),
		idempotency: idem,
	}
}

// routes is the whole route table.
func (s *Server) routes(e *echo.Echo) {
	authed := []echo.MiddlewareFunc{
		middleware.Authenticate(s.Verifier, s.Users, s.keyResolver(),
			middleware.FailedAuthLimit{Limiter: s.Limiter, PerMinute: s.Config.AuthFailuresPerMin}),
		middleware.RateLimit(s.Limiter, s.Config.RateLimitPerMin),
		queryText,
	}
	ch := scopeChains(authed, middleware.Idempotency(s.Idempotency, s.Clock.Now))
	publicLimit := middleware.RateLimit(s.Limiter, s.Config.RateLimitPerMin)
	// Uploads skip the global 1 MiB limit and get their own: after
	// authentication, before the idempotency middleware reads (hashes) the body.
	csvLimit := emw.BodyLimit(fmt.Sprintf("%dMiB", maxUploadBody>>20)) // MiB: Echo reads "M" as 1,000,000 bytes
	imageLimit := emw.BodyLimit(fmt.Sprintf("%dKiB", maxImageBody>>10))

	// Operations.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metrics)

	// Documentation.
	e.GET("/openapi.yaml", s.openapiSpec)
	e.GET("/docs", s.docsRedirect)
	e.GET("/docs/*", s.docsUI)

	// Public API.
	e.GET("/api/v1/config", s.publicConfig)
	e.POST("/api/v1/dev/sign-in", s.devSignIn, publicLimit)
	e.POST("/api/v1/hooks/clerk", s.clerkHook, publicLimit)
	e.POST("/api/v1/cron/trigger", s.cronTrigger, publicLimit)
	e.GET("/api/v1/cron/trigger", s.cronTriggerGet, publicLimit)
	e.POST("/api/v1/hooks/gowa", s.gowaHook)
	e.POST("/api/v1/hooks/nhn", s.nhnHook)
	// A tenant's inbound triggers: signed by the caller, limited per webhook (not per address).
	e.POST("/api/v1/hooks/in/:webhook_id", s.inboundHook)
	// Published articles (JSON and HTML): no credentials, limited per client address.
	e.GET("/api/v1/public/articles/:slug", s.publicArticle, publicLimit)
	e.GET("/public/articles/:slug", s.publicArticlePage, publicLimit)
	e.GET("/uploads/:name", s.uploadedFile)

	// Identity, users and API keys.
	e.GET("/api/v1/me", s.me, join(ch.authed, middleware.RequireScope(identity.ScopeRead))...)
	e.GET("/api/v1/users", s.listUsers, ch.session...)
	e.POST("/api/v1/users/:id/approve", s.approveUser, ch.session...)
	e.POST("/api/v1/users/:id/reject", s.rejectUser, ch.session...)
	e.PATCH("/api/v1/users/:id", s.updateUser, ch.session...)
	e.GET("/api/v1/api-keys", s.listAPIKeys, ch.session...)
	e.POST("/api/v1/api-keys", s.createAPIKey, ch.create(ch.session)...)
	e.DELETE("/api/v1/api-keys/:id", s.revokeAPIKey, ch.session...)

	// Patients. The static /import and /export segments win over /:id in
	// Echo's router whatever the order; they come first anyway for the reader.
	e.GET("/api/v1/patients/export", s.exportPatients, ch.read...)
	e.POST("/api/v1/patients/import", s.importPatients, ch.create(join(ch.write, csvLimit))...)
	e.GET("/api/v1/patients/import/sample", s.importSample, ch.read...)
	e.GET("/api/v1/patients", s.listPatients, ch.read...)
	e.POST("/api/v1/patients", s.createPatient, ch.create(ch.write)...)
	e.GET("/api/v1/patients/:id", s.getPatient, ch.read...)
	e.PATCH("/api/v1/patients/:id", s.updatePatient, ch.write...)
	e.DELETE("/api/v1/patients/:id", s.deletePatient, ch.write...)
	e.GET("/api/v1/patients/:id/timeline", s.patientTimeline, ch.read...)

	// Appointments.
	e.GET("/api/v1/appointments", s.listAppointments, ch.read...)
	e.POST("/api/v1/appointments", s.createAppointment, ch.create(ch.write)...)
	e.GET("/api/v1/appointments/:id", s.getAppointment, ch.read...)
	e.PATCH("/api/v1/appointments/:id", s.updateAppointment, ch.write...)
	e.DELETE("/api/v1/appointments/:id", s.deleteAppointment, ch.write...)

	// Reminders and their occurrences.
	e.GET("/api/v1/reminders", s.listReminders, ch.read...)
	e.POST("/api/v1/reminders", s.createReminder, ch.create(ch.write)...)
	e.POST("/api/v1/reminders/preview", s.previewReminder, ch.read...)
	e.POST("/api/v1/reminders/send-now", s.sendRemindersNow, ch.create(ch.send)...)
	e.GET("/api/v1/reminders/:id", s.getReminder, ch.read...)
	e.PATCH("/api/v1/reminders/:id", s.updateReminder, ch.write...)
	e.DELETE("/api/v1/reminders/:id", s.deleteReminder, ch.write...)
	e.POST("/api/v1/reminders/:id/pause", s.pauseReminder, ch.write...)
	e.POST("/api/v1/reminders/:id/resume", s.resumeReminder, ch.write...)
	e.GET("/api/v1/reminders/:id/occurrences", s.listOccurrences, ch.read...)
	e.POST("/api/v1/occurrences/:id/confirm", s.confirmOccurrence, ch.write...)

	// Templates.
	e.GET("/api/v1/templates", s.listTemplates, ch.read...)
	e.POST("/api/v1/templates", s.createTemplate, ch.create(ch.write)...)
	e.GET("/api/v1/templates/:id", s.getTemplate, ch.read...)
	e.PATCH("/api/v1/templates/:id", s.updateTemplate, ch.write...)
	e.DELETE("/api/v1/templates/:id", s.deleteTemplate, ch.write...)
	e.POST("/api/v1/templates/:id/preview", s.previewTemplate, ch.read...)

	// Content: articles, videos and image uploads.
	e.GET("/api/v1/articles", s.listArticles, ch.read...)
	e.POST("/api/v1/articles", s.createArticle, ch.create(ch.write)...)
	e.GET("/api/v1/articles/:id", s.getArticle, ch.read...)
	e.PATCH("/api/v1/articles/:id", s.updateArticle, ch.write...)
	e.DELETE("/api/v1/articles/:id", s.deleteArticle, ch.write...)
	e.GET("/api/v1/videos", s.listVideos, ch.read...)
	e.POST("/api/v1/videos", s.createVideo, ch.create(ch.write)...)
	e.GET("/api/v1/videos/:id", s.getVideo, ch.read...)
	e.PATCH("/api/v1/videos/:id", s.updateVideo, ch.write...)
	e.DELETE("/api/v1/videos/:id", s.deleteVideo, ch.write...)
	e.POST("/api/v1/uploads", s.createUpload, ch.create(join(ch.write, imageLimit))...)

	// Messages.
	e.GET("/api/v1/messages/stats", s.messageStats, ch.read...)
	e.POST("/api/v1/messages/retry", s.retryMessages, ch.create(ch.send)...)
	e.GET("/api/v1/messages", s.listMessages, ch.read...)
	e.POST("/api/v1/messages", s.sendMessage, ch.create(ch.send)...)
	e.GET("/api/v1/messages/:id", s.getMessage, ch.read...)

	// Settings.
	e.GET("/api/v1/settings", s.getSettings, ch.read...)
	e.PATCH("/api/v1/settings", s.updateSettings, ch.write...)
	e.POST("/api/v1/settings/test-message", s.sendTestMessage, ch.create(ch.send)...)

	// Conversations and staff notifications.
	e.GET("/api/v1/conversations", s.listConversations, ch.read...)
	e.GET("/api/v1/conversations/counts", s.conversationCounts, ch.read...)
	e.GET("/api/v1/conversations/:patient_id", s.getConversation, ch.read...)
	e.POST("/api/v1/conversations/:patient_id/reply", s.replyConversation, ch.create(ch.send)...)
	e.POST("/api/v1/conversations/:patient_id/resolve", s.resolveConversation, ch.write...)
	e.GET("/api/v1/notifications", s.listNotifications, ch.read...)
	e.POST("/api/v1/notifications/:id/read", s.readNotification, ch.write...)
	e.GET("/api/v1/unknown-senders", s.listUnknownSenders, ch.read...)
	e.POST("/api/v1/dev/simulate-inbound", s.simulateInbound, ch.write...)
	e.POST("/api/v1/ai/draft", s.aiDraft, ch.write...)

	// Campaigns.
	e.GET("/api/v1/campaigns", s.listCampaigns, ch.read...)
	e.POST("/api/v1/campaigns", s.createCampaign, ch.create(ch.write)...)
	e.POST("/api/v1/campaigns/preview-audience", s.previewCampaignAudience, ch.read...)
	e.GET("/api/v1/campaigns/:id", s.getCampaign, ch.read...)
	e.PATCH("/api/v1/campaigns/:id", s.updateCampaign, ch.write...)
	e.DELETE("/api/v1/campaigns/:id", s.deleteCampaign, ch.write...)
	e.POST("/api/v1/campaigns/:id/execute", s.executeCampaign, ch.send...)
	e.POST("/api/v1/campaigns/:id/pause", s.pauseCampaign, ch.write...)
	e.POST("/api/v1/campaigns/:id/resume", s.resumeCampaign, ch.send...)
	e.POST("/api/v1/campaigns/:id/cancel", s.cancelCampaign, ch.write...)
	e.GET("/api/v1/campaigns/:id/recipients", s.listCampaignRecipients, ch.read...)

	// Workflows and their executions.
	e.GET("/api/v1/workflows", s.listWorkflows, ch.read...)
	e.POST("/api/v1/workflows", s.createWorkflow, ch.create(ch.write)...)
	e.POST("/api/v1/workflows/validate", s.validateWorkflow, ch.read...)
	e.POST("/api/v1/workflows/simulate", s.simulateWorkflow, ch.read...)
	e.GET("/api/v1/workflows/:id", s.getWorkflow, ch.read...)
	e.PATCH("/api/v1/workflows/:id", s.updateWorkflow, ch.write...)
	e.DELETE("/api/v1/workflows/:id", s.deleteWorkflow, ch.write...)
	e.POST("/api/v1/workflows/:id/activate", s.activateWorkflow, ch.write...)
	e.POST("/api/v1/workflows/:id/deactivate", s.deactivateWorkflow, ch.write...)
	e.POST("/api/v1/workflows/:id/run", s.runWorkflow, ch.create(ch.send)...)
	e.GET("/api/v1/workflow-executions", s.listWorkflowExecutions, ch.read...)
	e.GET("/api/v1/workflow-executions/:id", s.getWorkflowExecution, ch.read...)
	e.POST("/api/v1/workflow-executions/:id/cancel", s.cancelWorkflowExecution, ch.write...)

	// Inbound trigger webhooks.
	e.GET("/api/v1/webhooks", s.listWebhooks, ch.read...)
	e.POST("/api/v1/webhooks", s.createWebhook, ch.create(ch.write)...)
	e.GET("/api/v1/webhooks/:id", s.getWebhook, ch.read...)
	e.PATCH("/api/v1/webhooks/:id", s.updateWebhook, ch.write...)
	e.DELETE("/api/v1/webhooks/:id", s.deleteWebhook, ch.write...)
	e.POST("/api/v1/webhooks/:id/rotate-secret", s.rotateWebhookSecret, ch.create(ch.write)...)
	e.GET("/api/v1/webhooks/:id/executions", s.listWebhookExecutions, ch.read...)

	// Outbound event subscriptions and their deliveries.
	e.GET("/api/v1/event-subscriptions", s.listEventSubscriptions, ch.read...)
	e.POST("/api/v1/event-subscriptions", s.createEventSubscription, ch.create(ch.write)...)
	e.GET("/api/v1/event-subscriptions/:id", s.getEventSubscription, ch.read...)
	e.PATCH("/api/v1/event-subscriptions/:id", s.updateEventSubscription, ch.write...)
	e.DELETE("/api/v1/event-subscriptions/:id", s.deleteEventSubscription, ch.write...)
	e.POST("/api/v1/event-subscriptions/:id/rotate-secret", s.rotateEventSubscriptionSecret, ch.create(ch.write)...)
	e.POST("/api/v1/event-subscriptions/:id/test", s.testEventSubscription, ch.create(ch.write)...)
	e.GET("/api/v1/event-subscriptions/:id/deliveries", s.listEventDeliveries, ch.read...)
	e.POST("/api/v1/event-subscriptions/:id/deliveries/:delivery_id/redeliver", s.redeliverEvent, ch.create(ch.write)...)

	// Stats.
	e.GET("/api/v1/stats/dashboard", s.dashboardStats, ch.read...)
	e.GET("/api/v1/stats/adherence", s.adherenceStats, ch.read...)

	// Audit.
	e.GET("/api/v1/audit-events", s.listAuditEvents, ch.read...)

	// Unknown API routes answer problem+json 404; everything else is the dashboard.
	e.Any("/api/*", s.apiNotFound)
	e.GET("/*", s.dashboard)
}
