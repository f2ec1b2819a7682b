package storage_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/prima-health/prima/internal/platform/storage"
)

// A PNG header and a little more: enough to be sniffed as image/png.
var png = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 64)...)

func TestDiskStoresAndOpensOnlyPlainKeys(t *testing.T) {
	dir := t.TempDir()
	d, err := storage.NewDisk(filepath.Join(dir, "uploads"), "http://prima.test/uploads/")
	if err != nil {
		t.Fatal(err)
	}
	url, err := d.Put(context.Background(), "abc123.png", "image/png", bytes.NewReader(png), int64(len(png)))
	if err != nil {
		t.Fatal(err)
	}
	if url != "http://prima.test/uploads/abc123.png" {
		t.Fatalf("url %q", url)
	}
	f, size, ct, err := d.Open("abc123.png")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	_ = f.Close()
	if !bytes.Equal(got, png) || size != int64(len(png)) || ct != "image/png" {
		t.Fatalf("read back %d bytes, size %d, type %s", len(got), size, ct)
	}
	// Keys that could leave the directory or hide a type are refused both ways.
	if err := os.WriteFile(filepath.Join(dir, "secret.png"), png, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"../secret.png", "a/b.png", ".hidden.png", "noext", "UPPER.png", "x.png/", ""} {
		if _, err := d.Put(context.Background(), key, "image/png", bytes.NewReader(png), int64(len(png))); err == nil {
			t.Errorf("Put(%q) accepted", key)
		}
		if _, _, _, err := d.Open(key); err == nil {
			t.Errorf("Open(%q) found a file", key)
		}
	}
	// A short body is an error and leaves nothing behind.
	if _, err := d.Put(context.Background(), "short.png", "image/png", bytes.NewReader(png[:10]), int64(len(png))); err == nil {
		t.Fatal("short body accepted")
	}
	if _, _, _, err := d.Open("short.png"); err == nil {
		t.Fatal("a failed put left a file")
	}
	if storage.ContentTypeOf("x.html") != "application/octet-stream" || storage.ContentTypeOf("x.webp") != "image/webp" {
		t.Fatal("content types by extension")
	}
}

func TestS3PutsObjectsReadableAtTheReturnedURL(t *testing.T) {
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket("prima-uploads"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := storage.Open(ctx, storage.Config{DataDir: t.TempDir(), S3: storage.S3Options{
		Endpoint: srv.URL, Bucket: "prima-uploads", AccessKey: "AKIDTEST", SecretKey: "secret-test-key"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind() != "s3" {
		t.Fatalf("kind %s", s.Kind())
	}
	url, err := s.Put(ctx, "f00d.png", "image/png", bytes.NewReader(png), int64(len(png)))
	if err != nil {
		t.Fatal(err)
	}
	if url != srv.URL+"/prima-uploads/f00d.png" {
		t.Fatalf("url %q", url)
	}
	res, err := http.Get(url) //nolint:noctx // a test against a local server
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(got, png) || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("GET %s: %d %s %d bytes", url, res.StatusCode, res.Header.Get("Content-Type"), len(got))
	}

	// With a public URL (a CDN in front of the bucket) that is the base of the answer.
	cdn, err := storage.NewS3(ctx, storage.S3Options{Endpoint: srv.URL, Bucket: "prima-uploads", AccessKey: "AKIDTEST",
		SecretKey: "secret-test-key", PublicURL: "https://cdn.prima.test/media/"})
	if err != nil {
		t.Fatal(err)
	}
	url, err = cdn.Put(ctx, "beef.png", "image/png", bytes.NewReader(png), int64(len(png)))
	if err != nil || url != "https://cdn.prima.test/media/beef.png" {
		t.Fatalf("public url %q, %v", url, err)
	}
	if _, err := backend.HeadObject("prima-uploads", "beef.png"); err != nil {
		t.Fatalf("object not stored: %v", err)
	}
	// A missing bucket is an error, not a URL to nothing.
	bad, _ := storage.NewS3(ctx, storage.S3Options{Endpoint: srv.URL, Bucket: "nope", AccessKey: "a", SecretKey: "b"})
	if _, err := bad.Put(ctx, "x.png", "image/png", bytes.NewReader(png), int64(len(png))); err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("missing bucket: %v", err)
	}
}

func TestOpenChoosesTheDiskByDefault(t *testing.T) {
	dir := t.TempDir()
	s, err := storage.Open(context.Background(), storage.Config{DataDir: dir, BaseURL: "http://localhost:8080"})
	if err != nil || s.Kind() != "disk" {
		t.Fatalf("%v %v", s, err)
	}
	url, err := s.Put(context.Background(), "a1.gif", "image/gif", strings.NewReader("GIF89a"), 6)
	if err != nil || url != "http://localhost:8080/uploads/a1.gif" {
		t.Fatalf("%q %v", url, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "uploads", "a1.gif")); err != nil {
		t.Fatal(err)
	}
}
