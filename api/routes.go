package api

import (
	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
)

// chains are the middleware stacks routes use.
type chains struct {
	// authed: a verified token and a resolved user (pending users pass).
	authed []echo.MiddlewareFunc
	// app: authed, approved and active.
	app []echo.MiddlewareFunc
	// create: app plus Idempotency-Key handling for creating or sending POSTs.
	create []echo.MiddlewareFunc
}

func join(a []echo.MiddlewareFunc, more ...echo.MiddlewareFunc) []echo.MiddlewareFunc {
	out := make([]echo.MiddlewareFunc, 0, len(a)+len(more))
	return append(append(out, a...), more...)
}

// routes is the whole route table.
func (s *Server) routes(e *echo.Echo) {
	authed := []echo.MiddlewareFunc{
		middleware.Authenticate(s.Verifier, s.Users, middleware.FailedAuthLimit{Limiter: s.Limiter, PerMinute: s.Config.AuthFailuresPerMin}),
		middleware.RateLimit(s.Limiter, s.Config.RateLimitPerMin),
		queryText,
	}
	ch := chains{authed: authed, app: join(authed, middleware.RequireApproved)}
	ch.create = join(ch.app, middleware.Idempotency(s.Idempotency, s.Clock.Now))
	publicLimit := middleware.RateLimit(s.Limiter, s.Config.RateLimitPerMin)

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

	// Identity and users.
	e.GET("/api/v1/me", s.me, ch.authed...)
	e.GET("/api/v1/users", s.listUsers, ch.app...)
	e.POST("/api/v1/users/:id/approve", s.approveUser, ch.app...)
	e.POST("/api/v1/users/:id/reject", s.rejectUser, ch.app...)
	e.PATCH("/api/v1/users/:id", s.updateUser, ch.app...)

	// Patients.
	s.patientRoutes(e, ch)

	// Appointments, reminders and their occurrences.
	s.appointmentRoutes(e, ch)
	s.reminderRoutes(e, ch)

	// Templates.
	s.templateRoutes(e, ch)

	// Content: articles, videos, uploads and the public article pages.
	s.contentRoutes(e, ch, publicLimit)

	// Messages and settings.
	s.messageRoutes(e, ch)
	s.settingsRoutes(e, ch)

	// Conversations and staff notifications.
	s.conversationRoutes(e, ch)

	// Campaigns.
	s.campaignRoutes(e, ch)
	e.POST("/api/v1/ai/draft", s.aiDraft, ch.app...)

	// Workflows and their executions.
	e.GET("/api/v1/workflows", s.listWorkflows, ch.app...)
	e.POST("/api/v1/workflows", s.createWorkflow, ch.create...)
	e.POST("/api/v1/workflows/validate", s.validateWorkflow, ch.app...)
	e.POST("/api/v1/workflows/simulate", s.simulateWorkflow, ch.app...)
	e.GET("/api/v1/workflows/:id", s.getWorkflow, ch.app...)
	e.PATCH("/api/v1/workflows/:id", s.updateWorkflow, ch.app...)
	e.DELETE("/api/v1/workflows/:id", s.deleteWorkflow, ch.app...)
	e.POST("/api/v1/workflows/:id/activate", s.activateWorkflow, ch.app...)
	e.POST("/api/v1/workflows/:id/deactivate", s.deactivateWorkflow, ch.app...)
	e.POST("/api/v1/workflows/:id/run", s.runWorkflow, ch.create...)
	e.GET("/api/v1/workflow-executions", s.listWorkflowExecutions, ch.app...)
	e.GET("/api/v1/workflow-executions/:id", s.getWorkflowExecution, ch.app...)
	e.POST("/api/v1/workflow-executions/:id/cancel", s.cancelWorkflowExecution, ch.app...)

	// Inbound trigger webhooks.
	e.GET("/api/v1/webhooks", s.listWebhooks, ch.app...)
	e.POST("/api/v1/webhooks", s.createWebhook, ch.create...)
	e.GET("/api/v1/webhooks/:id", s.getWebhook, ch.app...)
	e.PATCH("/api/v1/webhooks/:id", s.updateWebhook, ch.app...)
	e.DELETE("/api/v1/webhooks/:id", s.deleteWebhook, ch.app...)
	e.POST("/api/v1/webhooks/:id/rotate-secret", s.rotateWebhookSecret, ch.create...)
	e.GET("/api/v1/webhooks/:id/executions", s.listWebhookExecutions, ch.app...)

	// Outbound event subscriptions and their deliveries.
	e.GET("/api/v1/event-subscriptions", s.listEventSubscriptions, ch.app...)
	e.POST("/api/v1/event-subscriptions", s.createEventSubscription, ch.create...)
	e.GET("/api/v1/event-subscriptions/:id", s.getEventSubscription, ch.app...)
	e.PATCH("/api/v1/event-subscriptions/:id", s.updateEventSubscription, ch.app...)
	e.DELETE("/api/v1/event-subscriptions/:id", s.deleteEventSubscription, ch.app...)
	e.POST("/api/v1/event-subscriptions/:id/rotate-secret", s.rotateEventSubscriptionSecret, ch.create...)
	e.POST("/api/v1/event-subscriptions/:id/test", s.testEventSubscription, ch.create...)
	e.GET("/api/v1/event-subscriptions/:id/deliveries", s.listEventDeliveries, ch.app...)
	e.POST("/api/v1/event-subscriptions/:id/deliveries/:delivery_id/redeliver", s.redeliverEvent, ch.create...)

	// Stats.
	e.GET("/api/v1/stats/dashboard", s.dashboardStats, ch.app...)
	e.GET("/api/v1/stats/adherence", s.adherenceStats, ch.app...)

	// Audit.
	e.GET("/api/v1/audit-events", s.listAuditEvents, ch.app...)

	// Unknown API routes answer problem+json 404; everything else is the dashboard.
	e.Any("/api/*", s.apiNotFound)
	e.GET("/*", s.dashboard)
}
