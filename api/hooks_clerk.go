package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/user"
	"github.com/prima-health/prima/pkg/stdwebhooks"
)

// ClerkEvent is the envelope of a Clerk webhook.
type ClerkEvent struct {
	Type string          `json:"type" example:"user.created"`
	Data json.RawMessage `json:"data" swaggertype:"object"`
}

// clerkUserData is the part of a Clerk user object PRIMA reads.
type clerkUserData struct {
	ID                    string `json:"id"`
	FirstName             string `json:"first_name"`
	LastName              string `json:"last_name"`
	PrimaryEmailAddressID string `json:"primary_email_address_id"`
	EmailAddresses        []struct {
		ID           string `json:"id"`
		EmailAddress string `json:"email_address"`
	} `json:"email_addresses"`
	Deleted bool `json:"deleted"`
}

// HookAck acknowledges a webhook.
type HookAck struct {
	Status string `json:"status" example:"ok"`
}

// clerkSource names Clerk's deliveries among remembered webhook ids.
const clerkSource = "clerk"

// WebhookDeliveries remembers processed webhook delivery ids, so a delivery
// sent again (a provider's retry, a replay) is processed once.
type WebhookDeliveries interface {
	// Claim records the delivery; false when it was recorded before.
	Claim(ctx context.Context, source, id string, now time.Time) (bool, error)
	// Release forgets a claimed delivery whose processing failed.
	Release(ctx context.Context, source, id string) error
}

// clerkHook godoc
//
//	@Summary		Clerk user events (Svix-signed)
//	@Description	user.created, user.updated and user.deleted keep PRIMA's users in step with Clerk. The svix-id, svix-timestamp and svix-signature headers are verified on the raw body with CLERK_WEBHOOK_SECRET; a bad or stale (over 5 minutes) signature is 401. Other event types are acknowledged and ignored. A delivery whose svix-id was processed before (a retry, a replay) is answered 200 with status "duplicate" and not processed again.
//	@Tags			hooks
//	@Accept			json
//	@Produce		json
//	@Param			svix-id			header		string		true	"message id"
//	@Param			svix-timestamp	header		string		true	"unix seconds"
//	@Param			svix-signature	header		string		true	"v1,<base64 HMAC-SHA256>"
//	@Param			body			body		ClerkEvent	true	"Clerk event"
//	@Success		200				{object}	HookAck
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Router			/api/v1/hooks/clerk [post]
func (s *Server) clerkHook(c echo.Context) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		var he *echo.HTTPError
		if errors.As(err, &mbe) || errors.As(err, &he) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return err
	}
	secret := s.Config.Clerk.WebhookSecret
	if secret == "" {
		return newError(http.StatusUnauthorized, CodeInvalidSig, "Clerk webhooks are not configured (CLERK_WEBHOOK_SECRET).")
	}
	deliveryID, err := stdwebhooks.Verify(stdwebhooks.Svix, c.Request().Header, body, s.Clock.Now(), secret)
	if err != nil {
		logging.From(c.Request().Context()).Warn("clerk webhook refused", slog.String("reason", err.Error()))
		return newError(http.StatusUnauthorized, CodeInvalidSig, "The webhook signature is missing, wrong or too old.")
	}
	var ev ClerkEvent
	if err := json.Unmarshal(body, &ev); err != nil || ev.Type == "" {
		return newError(http.StatusBadRequest, CodeValidation, "The event is not a Clerk event.")
	}
	var data clerkUserData
	if strings.HasPrefix(ev.Type, "user.") {
		if err := json.Unmarshal(ev.Data, &data); err != nil || data.ID == "" {
			return newError(http.StatusBadRequest, CodeValidation, "The event carries no user id.")
		}
	}
	ctx := c.Request().Context()
	if s.Deliveries != nil {
		first, err := s.Deliveries.Claim(ctx, clerkSource, deliveryID, s.Clock.Now())
		if err != nil {
			return err
		}
		if !first {
			logging.From(ctx).Info("clerk webhook already processed", slog.String("delivery_id", deliveryID))
			return c.JSON(http.StatusOK, HookAck{Status: "duplicate"})
		}
	}
	cu := user.ClerkUser{ID: data.ID, Name: strings.TrimSpace(data.FirstName + " " + data.LastName), Email: data.primaryEmail()}
	switch ev.Type {
	case "user.created":
		err = s.Users.SyncCreated(ctx, cu)
	case "user.updated":
		err = s.Users.SyncUpdated(ctx, cu)
	case "user.deleted":
		err = s.Users.SyncDeleted(ctx, data.ID)
	}
	if err != nil {
		if s.Deliveries != nil {
			// Not processed after all: let Svix's retry through.
			if rerr := s.Deliveries.Release(context.WithoutCancel(ctx), clerkSource, deliveryID); rerr != nil {
				logging.From(ctx).Error("release clerk webhook delivery", slog.String("error", rerr.Error()))
			}
		}
		return err
	}
	return c.JSON(http.StatusOK, HookAck{Status: "ok"})
}

func (d clerkUserData) primaryEmail() string {
	for _, e := range d.EmailAddresses {
		if e.ID == d.PrimaryEmailAddressID {
			return e.EmailAddress
		}
	}
	if len(d.EmailAddresses) > 0 {
		return d.EmailAddresses[0].EmailAddress
	}
	return ""
}
