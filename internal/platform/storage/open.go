package storage

import (
	"context"
	"strings"
)

// Config chooses the backend: S3 when Endpoint or Bucket is set, else the
// local disk under DataDir/uploads served at BaseURL/uploads.
type Config struct {
	DataDir string
	BaseURL string
	S3      S3Options
}

// Open builds the configured backend.
func Open(ctx context.Context, c Config) (Storage, error) {
	if c.S3.Endpoint != "" || c.S3.Bucket != "" {
		return NewS3(ctx, c.S3)
	}
	return NewDisk(strings.TrimRight(c.DataDir, "/")+"/uploads", strings.TrimRight(c.BaseURL, "/")+"/uploads")
}
