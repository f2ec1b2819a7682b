package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// keyOf is the key of a URL under base, or "" when the URL is not one of base's files.
func keyOf(base, url string) string {
	key, ok := strings.CutPrefix(url, base+"/")
	if !ok || !ValidKey(key) {
		return ""
	}
	return key
}

// RemoveURL deletes the file a URL returned by Put names; removed is false
// when the URL is not one of this directory's files or the file is gone.
func (d *Disk) RemoveURL(_ context.Context, url string) (removed bool, err error) {
	key := keyOf(d.baseURL, url)
	if key == "" {
		return false, nil
	}
	err = os.Remove(filepath.Join(d.dir, key))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("storage: %w", err)
	}
	return true, nil
}

// RemoveURL deletes the object a URL returned by Put names; removed is false
// when the URL is not one of this bucket's objects.
func (s *S3) RemoveURL(ctx context.Context, url string) (removed bool, err error) {
	key := keyOf(s.public, url)
	if key == "" {
		return false, nil
	}
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}); err != nil {
		return false, fmt.Errorf("storage: delete object: %w", err)
	}
	return true, nil
}
