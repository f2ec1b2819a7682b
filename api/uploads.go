package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/content"
	"github.com/prima-health/prima/internal/platform/errs"
	"github.com/prima-health/prima/internal/platform/storage"
)

// maxImageBody is the body limit of POST /uploads: the image and room for the
// multipart envelope.
const maxImageBody = content.MaxUploadBytes + 64<<10

// UploadResult is a stored image.
type UploadResult struct {
	URL         string `json:"url" example:"https://prima.example.org/uploads/5c7e0b1d2a3f4e6d8c9b0a1f2e3d4c5b.png"`
	ContentType string `json:"content_type" enums:"image/jpeg,image/png,image/gif,image/webp" example:"image/png"`
	Size        int64  `json:"size" example:"48213"`
}

// tooLargeImage is the 413 of an image over 5 MiB.
func tooLargeImage() error {
	return newError(http.StatusRequestEntityTooLarge, CodeTooLarge, "Images may be at most 5 MiB.",
		errs.FieldError{Field: "file", Message: fmt.Sprintf("must be at most %d KiB", content.MaxUploadBytes>>10)})
}

// uploadedImage reads the multipart field "file", at most 5 MiB and one byte.
func uploadedImage(c echo.Context) ([]byte, error) {
	req := c.Request()
	if mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); mt != echo.MIMEMultipartForm {
		return nil, newError(http.StatusUnsupportedMediaType, CodeUnsupportedType, "Send the image as multipart/form-data in the field \"file\".")
	}
	mr, err := req.MultipartReader()
	if err != nil {
		return nil, newError(http.StatusBadRequest, CodeValidation, "The multipart body could not be read.",
			errs.FieldError{Field: "file", Message: "is required"})
	}
	readErr := func(err error) error {
		var he *echo.HTTPError
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge, errors.As(err, &mbe):
			return tooLargeImage()
		case errors.As(err, &he):
			return he
		}
		return newError(http.StatusBadRequest, CodeValidation, "The multipart body could not be read.",
			errs.FieldError{Field: "file", Message: "could not be read"})
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errs.Invalid("file", "is required")
		}
		if err != nil {
			return nil, readErr(err)
		}
		if part.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, content.MaxUploadBytes+1))
		if err != nil {
			return nil, readErr(err)
		}
		return data, nil
	}
}

// createUpload godoc
//
//	@Summary		Upload an image
//	@Description	Stores a JPEG, PNG, GIF or WebP image (multipart field `file`, at most 5 MiB) for articles and videos, under a random name, and answers its public URL. The type is read from the file's bytes; the declared type and the file name are ignored. Anything else is 415; a larger file is 413. Admins and volunteers upload; developers only read.
//	@Tags			content
//	@Accept			multipart/form-data
//	@Produce		json
//	@Security		BearerAuth
//	@x-required-scope	"write"
//	@Param			file			formData	file	true	"the image"
//	@Param			Idempotency-Key	header		string	false	"replays the first response for the same key and body (24 h)"
//	@Success		201				{object}	UploadResult
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Router			/api/v1/uploads [post]
func (s *Server) createUpload(c echo.Context) error {
	a, err := actor(c)
	if err != nil {
		return err
	}
	if !a.CanWrite() { // refuse before reading megabytes; the service checks again
		return errs.ErrForbidden
	}
	data, err := uploadedImage(c)
	if err != nil {
		return err
	}
	up, err := s.Uploads.Image(c.Request().Context(), a, data)
	switch {
	case errors.Is(err, content.ErrUploadTooLarge):
		return tooLargeImage()
	case errors.Is(err, content.ErrNotAnImage):
		return newError(http.StatusUnsupportedMediaType, CodeUnsupportedType, "Only JPEG, PNG, GIF and WebP images can be uploaded.",
			errs.FieldError{Field: "file", Message: "must be a JPEG, PNG, GIF or WebP image"})
	case errors.Is(err, content.ErrEmptyUpload):
		return errs.Invalid("file", "is required")
	case err != nil:
		return err
	}
	return created(c, UploadResult{URL: up.URL, ContentType: up.ContentType, Size: up.Size})
}

// uploadedFile godoc
//
//	@Summary		An uploaded image
//	@Description	Serves an image stored on the server's disk (the default storage; with S3 the URLs point at the bucket). Served with the type its name records, nosniff and a year of caching.
//	@Tags			content
//	@Produce		image/png,image/jpeg,image/gif,image/webp
//	@Param			name	path	string	true	"file name, e.g. 5c7e0b1d2a3f4e6d8c9b0a1f2e3d4c5b.png"
//	@Success		200		{file}	file	"the image"
//	@Failure		404		{object}	Problem
//	@Router			/uploads/{name} [get]
func (s *Server) uploadedFile(c echo.Context) error {
	if s.Files == nil {
		return errs.ErrNotFound
	}
	f, _, ct, err := s.Files.Open(c.Param("name"))
	if errors.Is(err, storage.ErrNotFound) {
		return errs.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, ct)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Response(), c.Request(), "", st.ModTime(), f)
	return nil
}
