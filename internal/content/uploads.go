package content

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prima-health/prima/internal/audit"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/clock"
	"github.com/prima-health/prima/internal/platform/storage"
)

// MaxUploadBytes is the largest image accepted: 5 MiB.
const MaxUploadBytes = 5 << 20

// Upload errors.
var (
	ErrUploadTooLarge = errors.New("the image is larger than 5 MiB")
	ErrNotAnImage     = errors.New("only JPEG, PNG, GIF and WebP images can be uploaded")
	ErrEmptyUpload    = errors.New("the file is empty")
)

// imageExtensions are the image types accepted, by sniffed content type.
var imageExtensions = map[string]string{
	"image/jpeg": "jpg",
	"image/png":  "png",
	"image/gif":  "gif",
	"image/webp": "webp",
}

// Auditor appends audit events (the content Store is one).
type Auditor interface {
	Audit(ctx context.Context, now time.Time, e audit.Entry) error
}

// Uploads stores images for articles and videos.
type Uploads struct {
	storage storage.Storage
	audit   Auditor
	clock   clock.Clock
}

// NewUploads builds the upload service.
func NewUploads(st storage.Storage, auditor Auditor, clk clock.Clock) *Uploads {
	if clk == nil {
		clk = clock.System{}
	}
	return &Uploads{storage: st, audit: auditor, clock: clk}
}

// Upload is a stored image.
type Upload struct {
	Key         string
	URL         string
	ContentType string
	Size        int64
}

// SniffImage is the content type and file extension of an accepted image,
// decided by its first bytes alone (what the client declared or how the file
// is named is never trusted); ok is false for anything else (HTML, SVG, PDF, …).
func SniffImage(data []byte) (contentType, ext string, ok bool) {
	ct := http.DetectContentType(data)
	ext, ok = imageExtensions[ct]
	return ct, ext, ok
}

// Image stores an image for the actor (admins and volunteers) under a random
// name with the extension of its sniffed type, and records the upload in the
// audit log (its name, no content).
func (u *Uploads) Image(ctx context.Context, a identity.Actor, data []byte) (Upload, error) {
	if !a.CanWrite() {
		return Upload{}, forbidden("this role only reads content")
	}
	switch {
	case len(data) == 0:
		return Upload{}, ErrEmptyUpload
	case len(data) > MaxUploadBytes:
		return Upload{}, ErrUploadTooLarge
	}
	ct, ext, ok := SniffImage(data)
	if !ok {
		return Upload{}, ErrNotAnImage
	}
	var rnd [16]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return Upload{}, err
	}
	key := hex.EncodeToString(rnd[:]) + "." + ext
	url, err := u.storage.Put(ctx, key, ct, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Upload{}, fmt.Errorf("store upload: %w", err)
	}
	now := u.clock.Now().UTC()
	if err := u.audit.Audit(ctx, now, audit.Entry{TenantID: a.TenantID, ActorUserID: a.UserID, Action: ActionUploadCreate,
		ResourceType: ResourceUpload, ResourceID: key}); err != nil {
		return Upload{}, err
	}
	return Upload{Key: key, URL: url, ContentType: ct, Size: int64(len(data))}, nil
}
