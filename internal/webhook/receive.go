package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/prima-health/prima/internal/patient"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/ratelimit"
	"gorm.io/gorm"
)

// Problem codes of refused calls (the API's problem codes).
const (
	CodeNotFound        = "not_found"
	CodeRateLimited     = "rate_limited"
	CodeTooLarge        = "payload_too_large"
	CodeInvalidSig      = "invalid_signature"
	CodeValidation      = "validation_failed"
	CodeConflict        = "conflict"
	CodeInternal        = "internal"
	rateKeyPrefix       = "webhook-in:"
	eventKeyPrefix      = "webhook:"
	failureDetailSecret = "The signature is missing, wrong or too old."
)

// Result is the answer to a call.
type Result struct {
	StatusCode int
	// Body is an Answer when the call was taken (202) or replayed (200), else a Failure.
	Body any
	// RateLimit is the webhook's per-minute budget after this call; nil when
	// it was not counted (unknown or disabled webhook, limiter unavailable).
	RateLimit *ratelimit.Result
}

// Answer is the body of an accepted or replayed call. ExecutionID is the
// workflow execution started (or, for a replay, started by the first
// delivery); null when the webhook is bound to no workflow that could start.
type Answer struct {
	ExecutionID    *string `json:"execution_id"`
	PatientID      *string `json:"patient_id"`
	PatientCreated bool    `json:"patient_created"`
	Replayed       bool    `json:"replayed"`
}

// Failure is why a call was refused; Code is a problem code.
type Failure struct {
	Status int               `json:"status"`
	Code   string            `json:"code"`
	Detail string            `json:"detail"`
	Errors []errs.FieldError `json:"errors,omitempty"`
}

// call is one call being received.
type call struct {
	w        Webhook
	now      time.Time
	start    time.Time
	delivery *string
	payload  *string // sealed; nil until the signature verified
	limit    *ratelimit.Result
}

// Receive handles a call to an inbound webhook, in this order: an unknown,
// disabled or deleted webhook is 404 (recorded unless no webhook has the id);
// past CallsPerMinute calls a minute, 429; a body over MaxPayloadBytes, 413; a
// missing, wrong or stale signature (see verify), 401; a delivery accepted
// before, 200 with the first answer and nothing run again; a payload that is
// not valid, 400 naming its fields; else, in one transaction, the delivery is
// claimed, the patient found (external_id, then phone) or created, the bound
// workflow started through Workflows, the call recorded and last_called_at
// set: 202. Every call but those to unknown ids is recorded; the payload only
// once the signature verified. The error is non-nil only for failures on
// PRIMA's side (the Result then says 500).
func (s *Service) Receive(ctx context.Context, webhookID string, header http.Header, body []byte) (Result, error) {
	c := &call{now: s.now(), start: time.Now()}
	if !ids.Valid(webhookID) {
		return failed(http.StatusNotFound, CodeNotFound, "No such webhook."), nil
	}
	w, err := s.store.Lookup(ctx, webhookID)
	if errors.Is(err, errs.ErrNotFound) {
		return failed(http.StatusNotFound, CodeNotFound, "No such webhook."), nil
	}
	if err != nil {
		return failed(http.StatusInternalServerError, CodeInternal, ""), err
	}
	c.w = w
	log := logging.From(ctx).With(slog.String("webhook_id", w.ID), slog.String("tenant_id", w.TenantID))
	if w.DeletedAt.Valid || !w.IsActive {
		return s.refuse(ctx, c, OutcomeRejected, failed(http.StatusNotFound, CodeNotFound, "No such webhook.")), nil
	}
	if rl, err := s.limiter.Allow(ctx, rateKeyPrefix+w.ID, CallsPerMinute, time.Minute); err != nil {
		log.Warn("webhook rate limiter unavailable", slog.String("error", err.Error()))
	} else {
		c.limit = &rl
		if !rl.Allowed {
			return s.refuse(ctx, c, OutcomeRejected, failed(http.StatusTooManyRequests, CodeRateLimited,
				"This webhook accepts 600 calls a minute; retry after the time Retry-After gives.")), nil
		}
	}
	if len(body) > MaxPayloadBytes {
		return s.refuse(ctx, c, OutcomeRejected, failed(http.StatusRequestEntityTooLarge, CodeTooLarge,
			"The body is larger than 256 KiB.")), nil
	}
	secrets, err := s.secrets(w, c.now)
	if err != nil {
		return s.fail(ctx, c, err), err
	}
	delivery, err := verify(header, body, s.clock.Now(), secrets)
	if err != nil {
		log.Warn("inbound webhook signature refused", slog.String("reason", err.Error()))
		return s.refuse(ctx, c, OutcomeRejected, failed(http.StatusUnauthorized, CodeInvalidSig, failureDetailSecret)), nil
	}
	c.delivery = &delivery
	sealed, err := s.keys.Seal(string(body))
	if err != nil {
		return s.fail(ctx, c, err), err
	}
	c.payload = &sealed

	if first, err := s.store.FirstStarted(ctx, w.ID, delivery); err == nil {
		res := replayOf(first)
		_ = s.recordReplay(ctx, s.store, c, res) // logged; the caller gets its answer anyway
		return s.withLimit(c, res), nil
	} else if !errors.Is(err, errs.ErrNotFound) {
		return s.fail(ctx, c, err), err
	}
	p, err := parsePayload(body)
	if err != nil {
		return s.invalid(ctx, c, err)
	}
	it, err := s.patients.PrepareIntake(ctx, w.TenantID, patient.Incoming{ExternalID: p.externalID, Phone: p.phone,
		New: p.patient, Source: patient.SourceWebhook})
	if err != nil {
		return s.invalid(ctx, c, err)
	}
	res, err := s.run(ctx, c, p, it)
	if err != nil {
		return s.invalid(ctx, c, err)
	}
	return s.withLimit(c, res), nil
}

// run does the work of an accepted call in one transaction.
func (s *Service) run(ctx context.Context, c *call, p payload, it *patient.Intake) (Result, error) {
	var res Result
	err := s.store.InTx(ctx, func(tx Store, gtx *gorm.DB) error {
		e := Execution{ID: ids.New(), TenantID: c.w.TenantID, WebhookID: c.w.ID, DeliveryID: c.delivery,
			StatusCode: http.StatusAccepted, Outcome: OutcomeStarted, Payload: c.payload, Response: "{}", CreatedAt: c.now}
		claimed, err := tx.ClaimDelivery(ctx, e)
		if err != nil {
			return err
		}
		if !claimed { // a concurrent copy of this delivery committed first
			first, err := tx.FirstStarted(ctx, c.w.ID, *c.delivery)
			if err != nil {
				return err
			}
			res = replayOf(first)
			return s.recordReplay(ctx, tx, c, res)
		}
		pt, created, err := s.patients.FindOrCreate(ctx, gtx, it)
		if err != nil {
			return err
		}
		ans := Answer{PatientID: &pt.ID, PatientCreated: created}
		res = Result{StatusCode: http.StatusAccepted, Body: ans}
		if c.w.WorkflowID != nil && s.workflows != nil {
			key := eventKeyPrefix + c.w.ID + ":" + *c.delivery
			execID, started, err := s.workflows.StartFromWebhook(ctx, gtx, c.w.TenantID, *c.w.WorkflowID, pt.ID, key, p.context)
			switch {
			case errors.Is(err, errs.ErrNotFound): // the workflow is gone or inactive: nothing starts
			case err != nil:
				return err
			default:
				ans.ExecutionID = &execID
				if !started { // it ran for this delivery before (its claim was lost): a replay
					ans.Replayed, e.Outcome = true, OutcomeReplayed
					res.StatusCode = http.StatusOK
				}
			}
			res.Body = ans
		}
		e.StatusCode, e.PatientID, e.ExecutionID = res.StatusCode, ans.PatientID, ans.ExecutionID
		e.Response, e.DurationMS = jsonText(ans), time.Since(c.start).Milliseconds()
		if err := tx.FinishExecution(ctx, e); err != nil {
			return err
		}
		return tx.Touch(ctx, c.w.ID, c.now)
	})
	return res, err
}

// replayOf is the answer to a delivery whose first copy started first.
func replayOf(first Execution) Result {
	return Result{StatusCode: http.StatusOK, Body: Answer{ExecutionID: first.ExecutionID, PatientID: first.PatientID, Replayed: true}}
}

// recordReplay records a replayed call with st (the store or the transaction).
func (s *Service) recordReplay(ctx context.Context, st Store, c *call, res Result) error {
	ans, _ := res.Body.(Answer)
	e := s.execution(c, OutcomeReplayed, res)
	e.PatientID, e.ExecutionID = ans.PatientID, ans.ExecutionID
	if err := st.AddExecution(context.WithoutCancel(ctx), e); err != nil {
		logging.From(ctx).Error("record webhook call", slog.String("webhook_id", c.w.ID), slog.String("error", err.Error()))
		return err
	}
	return st.Touch(context.WithoutCancel(ctx), c.w.ID, c.now)
}

// invalid answers an authentic call PRIMA could not process: 400 for a
// payload that is not valid, 409 for a race another call won, else 500.
func (s *Service) invalid(ctx context.Context, c *call, err error) (Result, error) {
	var ve *errs.ValidationError
	switch {
	case errors.As(err, &ve):
		res := failed(http.StatusBadRequest, CodeValidation, "The payload is not valid.")
		f := res.Body.(Failure)
		f.Errors = payloadFields(ve.Fields)
		res.Body = f
		return s.refuse(ctx, c, OutcomeFailed, res), nil
	case errors.Is(err, errs.ErrConflict):
		return s.refuse(ctx, c, OutcomeFailed, failed(http.StatusConflict, CodeConflict,
			"Another call created this patient at the same moment; send the call again.")), nil
	}
	return s.fail(ctx, c, err), err
}

// payloadFields names patient fields as the payload has them ("patient.name").
func payloadFields(in []errs.FieldError) []errs.FieldError {
	out := errs.WithCodes(in)
	for i, f := range out {
		if _, known := patientFields[f.Field]; known {
			out[i].Field = "patient." + f.Field
		}
	}
	return out
}

// fail records a call that failed on PRIMA's side.
func (s *Service) fail(ctx context.Context, c *call, err error) Result {
	logging.From(ctx).Error("inbound webhook call failed", slog.String("webhook_id", c.w.ID), slog.String("error", err.Error()))
	return s.refuse(ctx, c, OutcomeFailed, failed(http.StatusInternalServerError, CodeInternal, ""))
}

// refuse records a call answered res with outcome.
func (s *Service) refuse(ctx context.Context, c *call, outcome string, res Result) Result {
	if err := s.store.AddExecution(context.WithoutCancel(ctx), s.execution(c, outcome, res)); err != nil {
		logging.From(ctx).Error("record webhook call", slog.String("webhook_id", c.w.ID), slog.String("error", err.Error()))
	}
	return s.withLimit(c, res)
}

func (s *Service) execution(c *call, outcome string, res Result) Execution {
	return Execution{ID: ids.New(), TenantID: c.w.TenantID, WebhookID: c.w.ID, DeliveryID: c.delivery, StatusCode: res.StatusCode,
		Outcome: outcome, DurationMS: time.Since(c.start).Milliseconds(), Payload: c.payload, Response: jsonText(res.Body),
		CreatedAt: c.now}
}

func (s *Service) withLimit(c *call, res Result) Result {
	res.RateLimit = c.limit
	return res
}

func failed(status int, code, detail string) Result {
	if detail == "" {
		detail = "Something went wrong on our side; send the call again later."
	}
	return Result{StatusCode: status, Body: Failure{Status: status, Code: code, Detail: detail}}
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}
