package api

import (
	"time"

	"github.com/prima-health/prima/internal/events"
)

// EventSubscription is an integration's endpoint for PRIMA's outbound events.
// Deliveries are posted to url as {"type","timestamp","data"}, signed per
// Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) with
// secret, which is in the responses of create and rotate-secret only.
type EventSubscription struct {
	ID          string   `json:"id" example:"0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f80"`
	URL         string   `json:"url" example:"https://emr.example.org/prima-events"`
	Events      []string `json:"events" example:"message.delivered,occurrence.missed"`
	Description string   `json:"description" example:"EMR adherence sync"`
	IsActive    bool     `json:"is_active" example:"true"`
	Secret      string   `json:"secret,omitempty" example:"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"`
	// DisabledReason says why PRIMA disabled the subscription (an endpoint that answered 410 Gone).
	DisabledReason *string `json:"disabled_reason" example:"the endpoint answered 410 Gone at 2026-11-22T03:00:00Z" extensions:"x-nullable"`
	// PreviousSecretExpiresAt is when the secret replaced by the last rotation stops signing deliveries.
	PreviousSecretExpiresAt *time.Time `json:"previous_secret_expires_at" extensions:"x-nullable"`
	RotatedAt               *time.Time `json:"rotated_at" extensions:"x-nullable"`
	CreatedAt               time.Time  `json:"created_at"`
	UpdatedAt               time.Time  `json:"updated_at"`
	Version                 int        `json:"version" example:"1"`
}

// EventSubscriptionList is a page of event subscriptions.
type EventSubscriptionList struct {
	Data []EventSubscription `json:"data"`
	Page
}

// EventSubscriptionInput creates a subscription. url must be https; events
// names at least one type; is_active defaults to true.
type EventSubscriptionInput struct {
	URL         string   `json:"url" example:"https://emr.example.org/prima-events"`
	Events      []string `json:"events" example:"message.delivered,occurrence.missed" enums:"message.sent,message.delivered,message.failed,occurrence.confirmed,occurrence.missed,patient.opted_out,conversation.flagged,workflow.completed,campaign.completed"`
	Description string   `json:"description,omitempty" example:"EMR adherence sync"`
	IsActive    *bool    `json:"is_active,omitempty" example:"true"`
}

// EventSubscriptionPatch changes some fields of a subscription: absent
// fields stay. is_active true re-enables a disabled one. version (or
// If-Match) refuses stale writes with 409.
type EventSubscriptionPatch struct {
	URL         *string   `json:"url,omitempty"`
	Events      *[]string `json:"events,omitempty"`
	Description *string   `json:"description,omitempty"`
	IsActive    *bool     `json:"is_active,omitempty"`
	Version     *int      `json:"version,omitempty" example:"1"`
}

// EventSubscriptionRotateRequest asks for a new secret. overlap_seconds
// (default 86400, at most 604800; 0 ends it at once) is how long the secret
// being replaced keeps signing deliveries beside the new one.
type EventSubscriptionRotateRequest struct {
	OverlapSeconds *int `json:"overlap_seconds,omitempty" example:"86400" minimum:"0" maximum:"604800"`
	Version        *int `json:"version,omitempty" example:"1"`
}

// EventDelivery is one event sent (or to be sent) to one subscription.
// webhook_id is the webhook-id header: the same for every attempt and
// redelivery of the event to this subscription.
type EventDelivery struct {
	ID             string `json:"id"`
	SubscriptionID string `json:"subscription_id"`
	EventID        string `json:"event_id"`
	EventType      string `json:"event_type" example:"message.delivered"`
	WebhookID      string `json:"webhook_id" example:"msg_0193a5b27c1e7d3a9f102b3c4d5e6f80"`
	Status         string `json:"status" enums:"pending,succeeded,failed" example:"succeeded"`
	Attempts       int    `json:"attempts" example:"1"`
	// LastStatusCode is the HTTP status the endpoint answered last (null: no answer).
	LastStatusCode *int `json:"last_status_code" example:"200" extensions:"x-nullable"`
	// LastError is a short account of the last failure (never a response body).
	LastError *string `json:"last_error" example:"the endpoint answered 500 Internal Server Error" extensions:"x-nullable"`
	// NextAttemptAt is when a pending delivery is tried next.
	NextAttemptAt  *time.Time `json:"next_attempt_at" extensions:"x-nullable"`
	FirstAttemptAt *time.Time `json:"first_attempt_at" extensions:"x-nullable"`
	LastAttemptAt  *time.Time `json:"last_attempt_at" extensions:"x-nullable"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// EventDeliveryList is a page of a subscription's deliveries, newest first.
type EventDeliveryList struct {
	Data []EventDelivery `json:"data"`
	Page
}

func (s *Server) toEventSubscription(sub events.Subscription, secret string) EventSubscription {
	out := EventSubscription{ID: sub.ID, URL: sub.URL, Events: sub.Events.V, Description: sub.Description, IsActive: sub.IsActive,
		Secret: secret, DisabledReason: sub.DisabledReason, RotatedAt: timePtr(sub.RotatedAt), CreatedAt: sub.CreatedAt.UTC(),
		UpdatedAt: sub.UpdatedAt.UTC(), Version: sub.Version}
	if out.Events == nil {
		out.Events = []string{}
	}
	if sub.PreviousSecret != nil && sub.PreviousSecretUntil != nil && s.Clock.Now().Before(*sub.PreviousSecretUntil) {
		out.PreviousSecretExpiresAt = timePtr(sub.PreviousSecretUntil)
	}
	return out
}

func toEventDelivery(d events.Delivery) EventDelivery {
	next := d.NextAttemptAt
	if d.Status != events.StatusPending {
		next = nil
	}
	return EventDelivery{ID: d.ID, SubscriptionID: d.SubscriptionID, EventID: d.EventID, EventType: d.EventType, WebhookID: d.WebhookID,
		Status: d.Status, Attempts: d.Attempts, LastStatusCode: d.LastStatusCode, LastError: d.LastError, NextAttemptAt: timePtr(next),
		FirstAttemptAt: timePtr(d.FirstAttemptAt), LastAttemptAt: timePtr(d.LastAttemptAt), CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}
