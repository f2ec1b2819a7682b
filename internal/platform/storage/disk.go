package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Disk keeps files in one directory and answers URLs under a public path
// served by PRIMA itself (see Open).
type Disk struct {
	dir     string
	baseURL string // e.g. https://prima.example.org/uploads
}

var _ Storage = (*Disk)(nil)

// NewDisk stores files in dir (created when missing); publicBase is the URL
// the directory is served at, e.g. PRIMA_BASE_URL + "/uploads".
func NewDisk(dir, publicBase string) (*Disk, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("storage: create %s: %w", dir, err)
	}
	return &Disk{dir: dir, baseURL: strings.TrimRight(publicBase, "/")}, nil
}

// Kind is "disk".
func (d *Disk) Kind() string { return "disk" }

// Dir is the directory files are kept in.
func (d *Disk) Dir() string { return d.dir }

// Put writes the file through a temporary file and a rename, so a reader
// never sees half a file. A body shorter or longer than size is an error.
func (d *Disk) Put(ctx context.Context, key, _ string, body io.Reader, size int64) (string, error) {
	if !ValidKey(key) {
		return "", ErrBadKey
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(d.dir, ".upload-*")
	if err != nil {
		return "", fmt.Errorf("storage: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	n, err := io.Copy(tmp, io.LimitReader(body, size+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("storage: write: %w", err)
	}
	if n != size {
		return "", fmt.Errorf("storage: wrote %d bytes, want %d", n, size)
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return "", fmt.Errorf("storage: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.dir, key)); err != nil {
		return "", fmt.Errorf("storage: %w", err)
	}
	return d.baseURL + "/" + key, nil
}

// ErrNotFound is Open's answer for a key that names no stored file.
var ErrNotFound = errors.New("storage: not found")

// Open returns a stored file for serving, with its size and the content type
// it is served with (ContentTypeOf). Keys that are not plain file names are
// not found, so no path outside the directory can be reached.
func (d *Disk) Open(key string) (f *os.File, size int64, contentType string, err error) {
	if !ValidKey(key) {
		return nil, 0, "", ErrNotFound
	}
	f, err = os.Open(filepath.Join(d.dir, key))
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, "", ErrNotFound
	}
	if err != nil {
		return nil, 0, "", err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		_ = f.Close()
		return nil, 0, "", ErrNotFound
	}
	return f, st.Size(), ContentTypeOf(key), nil
}
