package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/logging"
)

// Problem is an RFC 9457 problem detail, PRIMA's only error body.
type Problem struct {
	Type      string            `json:"type" example:"urn:prima:problem:validation_failed"`
	Title     string            `json:"title" example:"Validation failed"`
	Status    int               `json:"status" example:"400"`
	Detail    string            `json:"detail,omitempty" example:"phone: is not a valid phone number"`
	Code      string            `json:"code" example:"validation_failed"`
	Errors    []errs.FieldError `json:"errors,omitempty"`
	RequestID string            `json:"request_id,omitempty" example:"0195f3c2-8b1d-7e4f-a2c6-3d9e1f7b5a42"`
}

// Stable machine codes.
const (
	CodeValidation      = "validation_failed"
	CodeNotFound        = "not_found"
	CodeUnauthenticated = "unauthenticated"
	CodeForbidden       = "forbidden"
	CodeApprovalPending = "approval_pending"
	CodeConflict        = "conflict"
	CodeRateLimited     = "rate_limited"
	CodeTooLarge        = "payload_too_large"
	CodeUnsupportedType = "unsupported_media_type"
	CodeInvalidSig      = "invalid_signature"
	CodeInternal        = "internal"
	CodeMethodNotAllow  = "method_not_allowed"
	CodeUnprocessable   = "unprocessable"
	CodeUnavailable     = "unavailable"
)

// apiError is an error the HTTP layer raises itself with a chosen status and code.
type apiError struct {
	status int
	code   string
	detail string
	fields []errs.FieldError
}

func (e *apiError) Error() string { return e.detail }

func newError(status int, code, detail string, fields ...errs.FieldError) error {
	return &apiError{status: status, code: code, detail: detail, fields: fields}
}

var titles = map[string]string{
	CodeValidation: "Validation failed", CodeNotFound: "Not found", CodeUnauthenticated: "Authentication required",
	CodeForbidden: "Forbidden", CodeApprovalPending: "Approval pending", CodeConflict: "Conflict",
	CodeRateLimited: "Too many requests", CodeTooLarge: "Payload too large", CodeUnsupportedType: "Unsupported media type",
	CodeInvalidSig: "Invalid signature", CodeInternal: "Internal error", CodeMethodNotAllow: "Method not allowed",
	CodeUnprocessable: "Unprocessable request", CodeUnavailable: "Service unavailable", CodeAIDisabled: "AI drafting is off",
}

// toProblem maps any error to its problem detail.
func toProblem(err error) Problem {
	var (
		ae  *apiError
		ve  *errs.ValidationError
		ce  *errs.ConflictError
		he  *echo.HTTPError
		p   Problem
		msg string
	)
	var im middleware.ErrIdempotencyMismatch
	switch {
	case errors.As(err, &im):
		p = Problem{Status: http.StatusUnprocessableEntity, Code: CodeUnprocessable, Detail: im.Error()}
	case errors.As(err, &ae):
		p = Problem{Status: ae.status, Code: ae.code, Detail: ae.detail, Errors: errs.WithCodes(ae.fields)}
	case errors.As(err, &ve):
		p = Problem{Status: http.StatusBadRequest, Code: CodeValidation, Errors: errs.WithCodes(ve.Fields), Detail: ve.Error()}
	case errors.As(err, &ce):
		p = Problem{Status: http.StatusConflict, Code: CodeConflict, Detail: ce.Message, Errors: errs.WithCodes(ce.Fields)}
	case errors.Is(err, errs.ErrNotFound):
		p = Problem{Status: http.StatusNotFound, Code: CodeNotFound, Detail: "The resource does not exist."}
	case errors.Is(err, errs.ErrConflict):
		p = Problem{Status: http.StatusConflict, Code: CodeConflict, Detail: "The resource was changed by someone else; reload it and try again."}
	case errors.Is(err, errs.ErrApprovalPending):
		p = Problem{Status: http.StatusForbidden, Code: CodeApprovalPending, Detail: "An administrator of your organization has to approve your account first."}
	case errors.Is(err, errs.ErrForbidden):
		p = Problem{Status: http.StatusForbidden, Code: CodeForbidden, Detail: "Your role does not allow this."}
		var fe *errs.ForbiddenError
		if errors.As(err, &fe) {
			p.Detail = fe.Message
		}
	case errors.Is(err, errs.ErrUnauthenticated):
		p = Problem{Status: http.StatusUnauthorized, Code: CodeUnauthenticated, Detail: "A valid session token or API key is required."}
	case errors.Is(err, errs.ErrUnavailable):
		p = Problem{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Detail: "A dependency is unavailable; try again shortly."}
	case errors.As(err, &he):
		p = Problem{Status: he.Code}
		if s, ok := he.Message.(string); ok {
			msg = s
		}
		switch he.Code {
		case http.StatusNotFound:
			p.Code, p.Detail = CodeNotFound, "No such route."
		case http.StatusMethodNotAllowed:
			p.Code, p.Detail = CodeMethodNotAllow, "This route does not accept that method."
		case http.StatusRequestEntityTooLarge:
			p.Code, p.Detail = CodeTooLarge, "The request body is larger than allowed."
		case http.StatusUnsupportedMediaType:
			p.Code, p.Detail = CodeUnsupportedType, "Send application/json."
		case http.StatusUnauthorized:
			p.Code, p.Detail = CodeUnauthenticated, "A valid session token or API key is required."
		case http.StatusForbidden:
			p.Code, p.Detail = CodeForbidden, "Forbidden."
		case http.StatusTooManyRequests:
			p.Code, p.Detail = CodeRateLimited, "Too many requests; slow down."
		case http.StatusBadRequest:
			p.Code, p.Detail = CodeValidation, msg
		default:
			p.Status, p.Code, p.Detail = http.StatusInternalServerError, CodeInternal, "Something went wrong on our side."
		}
	default:
		p = Problem{Status: http.StatusInternalServerError, Code: CodeInternal, Detail: "Something went wrong on our side. Quote the request id when you report it."}
	}
	p.Type = "urn:prima:problem:" + p.Code
	p.Title = titles[p.Code]
	return p
}

// errorHandler is Echo's single error handler: everything becomes problem+json.
func errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := toProblem(err)
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	if p.Status >= 500 {
		logging.From(c.Request().Context()).Error("request failed", slog.String("error", err.Error()),
			slog.String("route", c.Path()))
	}
	writeProblem(c, p)
}

func writeProblem(c echo.Context, p Problem) {
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	c.Response().WriteHeader(p.Status)
	_ = jsonEncode(c.Response(), p)
}
