package api

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// A 1×1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// multipartFile is a multipart body with one file part, declared as declaredType.
func multipartFile(field, name, declaredType string, data []byte) (string, []byte) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+name+`"`)
	h.Set("Content-Type", declaredType)
	pw, _ := w.CreatePart(h)
	_, _ = pw.Write(data)
	_ = w.Close()
	return w.FormDataContentType(), b.Bytes()
}

func (a *testApp) uploadImage(token, name, declaredType string, data []byte) *response {
	a.t.Helper()
	ct, body := multipartFile("file", name, declaredType, data)
	req := httptest.NewRequest("POST", "/api/v1/uploads", bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	return a.send(req)
}

// uploadsOnDisk counts the files in the uploads directory.
func (a *testApp) uploadsOnDisk() int {
	entries, _ := os.ReadDir(filepath.Join(a.cfg.DataDir, "uploads"))
	return len(entries)
}

func TestUploadsToDiskAreSniffedAndServed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		r := a.uploadImage(a.volunteer, "photo.jpg", "image/jpeg", tinyPNG) // a PNG named and declared as JPEG
		a.ok(r, 201)
		var up UploadResult
		r.decode(&up)
		if up.ContentType != "image/png" || up.Size != int64(len(tinyPNG)) || !strings.HasPrefix(up.URL, a.cfg.BaseURL+"/uploads/") ||
			!strings.HasSuffix(up.URL, ".png") || strings.Contains(up.URL, "photo") {
			t.Fatalf("upload: %+v", up)
		}
		// Readable back at the URL, with the stored type, nosniff and long caching.
		r = a.do("GET", strings.TrimPrefix(up.URL, a.cfg.BaseURL), nil, "")
		a.ok(r, 200)
		if !bytes.Equal(r.body, tinyPNG) || r.hdr.Get("Content-Type") != "image/png" || r.hdr.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(r.hdr.Get("Cache-Control"), "max-age=31536000") {
			t.Fatalf("served: %d bytes, headers %v", len(r.body), r.hdr)
		}
		a.ok(a.do("GET", "/uploads/nothing.png", nil, ""), 404)
		a.ok(a.do("GET", "/uploads/..%2Fprima.db", nil, ""), 404)

		// A GIF declared as text/plain is a GIF.
		gif := append([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), bytes.Repeat([]byte{0}, 20)...)
		r = a.uploadImage(a.admin, "notes.txt", "text/plain", gif)
		a.ok(r, 201)
		r.decode(&up)
		if up.ContentType != "image/gif" || !strings.HasSuffix(up.URL, ".gif") {
			t.Fatalf("gif: %+v", up)
		}
		before := a.uploadsOnDisk()

		// HTML renamed .png and declared image/png: 415 on field file, nothing stored.
		r = a.uploadImage(a.admin, "evil.png", "image/png", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"))
		a.ok(r, 415)
		if p := r.problem(); p.Code != CodeUnsupportedType || len(p.Errors) != 1 || p.Errors[0].Field != "file" {
			t.Fatalf("html upload: %s", r.body)
		}
		// SVG (scripts inside) is not accepted either.
		a.ok(a.uploadImage(a.admin, "x.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)), 415)
		// 6 MiB: 413.
		big := append(append([]byte{}, tinyPNG...), bytes.Repeat([]byte{0}, 6<<20)...)
		r = a.uploadImage(a.admin, "big.png", "image/png", big)
		a.ok(r, 413)
		if r.problem().Code != CodeTooLarge {
			t.Fatalf("big: %s", r.body)
		}
		// Just over 5 MiB (within the multipart allowance): 413 naming the file.
		over := append(append([]byte{}, tinyPNG...), bytes.Repeat([]byte{0}, 5<<20)...)
		r = a.uploadImage(a.admin, "over.png", "image/png", over)
		a.ok(r, 413)
		if p := r.problem(); len(p.Errors) != 1 || p.Errors[0].Field != "file" || p.Errors[0].Code != "too_large" {
			t.Fatalf("over: %s", r.body)
		}
		// Exactly 5 MiB is fine.
		exact := append(append([]byte{}, tinyPNG...), bytes.Repeat([]byte{0}, 5<<20-len(tinyPNG))...)
		a.ok(a.uploadImage(a.admin, "exact.png", "image/png", exact), 201)
		// No file field, an empty file, not multipart.
		ct, body := multipartFile("picture", "a.png", "image/png", tinyPNG)
		req := httptest.NewRequest("POST", "/api/v1/uploads", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+a.admin)
		if r := a.send(req); r.code != 400 || r.fieldErrors()[0] != "file" {
			t.Fatalf("no file: %d %s", r.code, r.body)
		}
		a.ok(a.uploadImage(a.admin, "empty.png", "image/png", nil), 400)
		a.ok(a.do("POST", "/api/v1/uploads", `{"file":"x"}`, a.admin), 415)
		// Developers only read.
		a.ok(a.uploadImage(a.developer, "a.png", "image/png", tinyPNG), 403)
		if got := a.uploadsOnDisk(); got != before+1 {
			t.Fatalf("%d files, want %d: rejected uploads must store nothing", got, before+1)
		}
		// Audited by name, without content.
		var events AuditEventList
		a.do("GET", "/api/v1/audit-events?resource_type=upload", nil, a.admin).decode(&events)
		if len(events.Data) != 3 || events.Data[0].Action != "upload.create" {
			t.Fatalf("audit: %+v", events.Data)
		}
		// The rest of the API keeps its 1 MiB limit.
		a.ok(a.do("POST", "/api/v1/templates", `{"name":"`+strings.Repeat("x", 2<<20)+`"}`, a.admin), 413)
	})
}

func TestUploadsToS3AreReadableAtTheReturnedURL(t *testing.T) {
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket("prima"); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, testutil.NewDB(t, db.SQLite), func(c *config.Config) {
		c.S3 = config.S3Config{Endpoint: srv.URL, Region: "ap-southeast-3", Bucket: "prima", AccessKey: "AKIDTEST", SecretKey: "test-secret"}
	})
	r := a.uploadImage(a.admin, "cover.webp", "image/webp", tinyPNG)
	a.ok(r, 201)
	var up UploadResult
	r.decode(&up)
	if up.ContentType != "image/png" || !strings.HasPrefix(up.URL, srv.URL+"/prima/") {
		t.Fatalf("upload: %+v", up)
	}
	res, err := http.Get(up.URL) //nolint:noctx // a local fake
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(got, tinyPNG) || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("read back: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// Nothing on the disk, and the server does not serve S3 files itself.
	if a.uploadsOnDisk() != 0 {
		t.Fatal("an S3 upload was written to the disk")
	}
	a.ok(a.do("GET", "/uploads/"+up.URL[strings.LastIndex(up.URL, "/")+1:], nil, ""), 404)
}
