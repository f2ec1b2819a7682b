package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/ids"
)

// Page is the paging part of every list response.
type Page struct {
	Page    int   `json:"page" example:"1"`
	PerPage int   `json:"per_page" example:"50"`
	Total   int64 `json:"total" example:"123"`
}

const (
	defaultPerPage = 50
	maxPerPage     = 100
	// maxPage bounds ?page: deeper pages are refused rather than computed with
	// offsets that overflow (page 1,000,000 of 100 rows is already 10^8 rows in).
	maxPage = 1_000_000
)

// paging reads ?page (1…1,000,000) and ?per_page (1…100).
func paging(c echo.Context) (page, perPage int, err error) {
	var fe errs.Fields
	page, perPage = 1, defaultPerPage
	if v := c.QueryParam("page"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > maxPage {
			fe.Add("page", "must be a whole number from 1 to 1000000")
		} else {
			page = n
		}
	}
	if v := c.QueryParam("per_page"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > maxPerPage {
			fe.Add("per_page", "must be a whole number from 1 to 100")
		} else {
			perPage = n
		}
	}
	return page, perPage, fe.Err()
}

// listQuery is the paging and order of a list request.
type listQuery struct {
	Page, PerPage int
	Sort          string // as sent; "" for the list's default order
}

// listParams reads ?page, ?per_page and ?sort, the part every list shares.
// A bad page or per_page is a 400 at once. sort is checked against the orders
// of the list by its service, with the list's other filters, so that one 400
// names every bad parameter; a list whose service takes no order checks it
// with checkSort.
func listParams(c echo.Context) (listQuery, error) {
	page, per, err := paging(c)
	return listQuery{Page: page, PerPage: per, Sort: strings.TrimSpace(c.QueryParam("sort"))}, err
}

// checkSort refuses a sort that is not one of sorts, naming the parameter.
func checkSort(sort string, sorts ...string) error {
	if sort != "" && !slices.Contains(sorts, sort) {
		return errs.Invalid("sort", "must be one of "+strings.Join(sorts, ", "))
	}
	return nil
}

// queryBool reads an optional true/false query parameter.
func queryBool(c echo.Context, name string) (*bool, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, errs.Invalid(name, "must be true or false")
	}
	return &b, nil
}

// queryTime reads an optional RFC 3339 query parameter.
func queryTime(c echo.Context, name string) (*time.Time, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, errs.Invalid(name, "must be an RFC 3339 time such as 2026-11-22T08:00:00Z")
	}
	return &t, nil
}

// pathID reads the :id parameter; a malformed id cannot exist, so it is 404.
func pathID(c echo.Context, name string) (string, error) {
	id := c.Param(name)
	if !ids.Valid(id) {
		return "", errs.ErrNotFound
	}
	return id, nil
}

// actor is the approved caller (RequireApproved ran).
func actor(c echo.Context) (identity.Actor, error) {
	a, ok := middleware.ActorFrom(c)
	if !ok {
		return identity.Actor{}, errs.ErrUnauthenticated
	}
	return a, nil
}

// actorAndID is the approved caller and the :id of a single-resource route.
func actorAndID(c echo.Context) (identity.Actor, string, error) {
	a, err := actor(c)
	if err != nil {
		return identity.Actor{}, "", err
	}
	id, err := pathID(c, "id")
	return a, id, err
}

// ifMatchVersion reads an If-Match header holding a version number ("3" or W/"3").
func ifMatchVersion(c echo.Context) (*int, error) {
	v := c.Request().Header.Get("If-Match")
	if v == "" {
		return nil, nil
	}
	if len(v) > 2 && v[:2] == "W/" {
		v = v[2:]
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil, errs.Invalid("If-Match", "must be the resource version, e.g. \"3\"")
	}
	return &n, nil
}

// applyIfMatch sets *version from an If-Match header when the caller sent one
// (it wins over a version in the body).
func applyIfMatch(c echo.Context, version **int) error {
	v, err := ifMatchVersion(c)
	if err != nil || v == nil {
		return err
	}
	*version = v
	return nil
}

func timePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func created(c echo.Context, v any) error { return c.JSON(http.StatusCreated, v) }
