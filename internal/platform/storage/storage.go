// Package storage keeps uploaded files: on the local disk by default, or in an
// S3-compatible bucket (AWS S3, MinIO) when one is configured. Callers choose
// the key; a key is a flat file name of lowercase letters, digits, '-' and '_'
// with one extension, so it is safe as a path segment and as an object key.
package storage

import (
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
)

// Storage stores files and answers the URL they are publicly readable at.
type Storage interface {
	// Put stores size bytes of body under key with the given content type and
	// returns the public URL of the stored file. An existing key is replaced.
	Put(ctx context.Context, key, contentType string, body io.Reader, size int64) (url string, err error)
	// Kind names the backend for logs and the start-up summary: "disk" or "s3".
	Kind() string
}

// ErrBadKey is returned for a key that is not a plain file name.
var ErrBadKey = errors.New("storage: invalid key")

var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,127}\.[a-z0-9]{1,8}$`)

// ValidKey reports whether key is a plain file name that Put accepts.
func ValidKey(key string) bool { return keyPattern.MatchString(key) }

// imageTypes maps the extensions of the image types PRIMA stores to their
// content types; anything else is served as application/octet-stream.
var imageTypes = map[string]string{
	"jpg":  "image/jpeg",
	"png":  "image/png",
	"gif":  "image/gif",
	"webp": "image/webp",
}

// ContentTypeOf is the content type a stored file is served with, decided by
// its key's extension alone: one of the image types, else application/octet-stream.
func ContentTypeOf(key string) string {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return "application/octet-stream"
	}
	if ct, ok := imageTypes[key[i+1:]]; ok {
		return ct
	}
	return "application/octet-stream"
}
