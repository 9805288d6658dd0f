package format

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/powermap/powermap/graph"
)

// Caps on a zip that an import opens, so that a small upload cannot unpack
// into gigabytes (a zip bomb). Text compresses about ten times; zeros a
// thousand.
const (
	// MaxZipEntries caps the entries of a zip.
	MaxZipEntries = 10_000
	// MaxZipBytes caps the sum of the sizes that a zip's entries declare
	// once unpacked.
	MaxZipBytes = 512 << 20
	// MaxZipRatio caps how many times an entry of more than
	// minRatioChecked bytes may be larger unpacked than packed.
	MaxZipRatio     = 100
	minRatioChecked = 1 << 20
)

// Zip is a zip opened for an import, within the caps above.
type Zip struct {
	rc   *zip.ReadCloser
	name string // the zip's base name, for errors
}

// OpenZip opens the zip at path and refuses it as TooLarge when it holds
// more than MaxZipEntries entries, declares more than MaxZipBytes unpacked,
// or holds an entry that unpacks more than MaxZipRatio times its packed
// size. A zip that cannot be read is Invalid. Read its entries with Open,
// and Close it when done.
func OpenZip(path string) (*Zip, error) {
	const op = "format.OpenZip"
	name := filepath.Base(path)
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: name + " is not a readable zip", Err: err}
	}
	refuse := func(format string, args ...any) (*Zip, error) {
		z.Close()
		reason := fmt.Sprintf(format, args...)
		return nil, &graph.Error{Op: op, Code: graph.TooLarge, Message: name + ": " + reason,
			Details: []graph.Detail{{File: name, Reason: reason}}}
	}
	if len(z.File) > MaxZipEntries {
		return refuse("the zip holds %d entries; at most %d are read", len(z.File), MaxZipEntries)
	}
	var total uint64
	for _, f := range z.File {
		size := f.UncompressedSize64
		if size > minRatioChecked && size/MaxZipRatio > f.CompressedSize64 {
			return refuse("%s unpacks from %d to %d bytes, more than %d times; it looks like a zip bomb",
				f.Name, f.CompressedSize64, size, MaxZipRatio)
		}
		if total += size; total > MaxZipBytes {
			return refuse("the zip unpacks to more than %d bytes", MaxZipBytes)
		}
	}
	return &Zip{rc: z, name: name}, nil
}

// Files lists the entries of the zip.
func (z *Zip) Files() []*zip.File { return z.rc.File }

// Close closes the zip.
func (z *Zip) Close() error { return z.rc.Close() }

// Open opens an entry of the zip. Reading it fails with TooLarge as soon as
// it yields more bytes than the entry declares: the bytes are counted here,
// and archive/zip's own check (ErrFormat) is reported alike.
func (z *Zip) Open(f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	declared := int64(min(f.UncompressedSize64, MaxZipBytes))
	return &zipEntry{rc: rc, lr: io.LimitedReader{R: rc, N: declared + 1}, zip: z.name, name: f.Name}, nil
}

// zipEntry reads an entry through a LimitedReader one byte beyond its
// declared size: getting that byte means the entry lies.
type zipEntry struct {
	rc        io.ReadCloser
	lr        io.LimitedReader
	zip, name string
}

func (e *zipEntry) Read(p []byte) (int, error) {
	n, err := e.lr.Read(p)
	switch {
	case e.lr.N <= 0 || errors.Is(err, zip.ErrFormat):
		reason := e.name + " holds more than it declares; it looks like a zip bomb"
		return 0, &graph.Error{Op: "format.Zip.Read", Code: graph.TooLarge, Message: e.zip + ": " + reason,
			Details: []graph.Detail{{File: e.zip, Reason: reason}}}
	case errors.Is(err, zip.ErrChecksum):
		err = &graph.Error{Op: "format.Zip.Read", Code: graph.Invalid, Message: e.zip + ": " + e.name + " is damaged", Err: err}
	}
	return n, err
}

func (e *zipEntry) Close() error { return e.rc.Close() }
