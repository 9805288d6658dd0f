package format_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/ziptest"
)

func writeZip(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "upload.zip")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBombUnpacks(t *testing.T) {
	data := ziptest.Bomb(t, "zeros", 5, 5<<20)
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := z.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if err != nil || n != 5<<20 {
		t.Fatalf("unpacked %d bytes, err %v", n, err)
	}
}

func TestOpenZipRefusesBombs(t *testing.T) {
	many := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i := range format.MaxZipEntries + 1 {
			if _, err := zw.Create("f" + strconv.Itoa(i)); err != nil {
				t.Fatal(err)
			}
		}
		zw.Close()
		return buf.Bytes()
	}
	big := func() []byte {
		// Entries that declare 100 MiB each from 2 MiB: a plausible ratio,
		// but more than MaxZipBytes in all.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		packed := make([]byte, 2<<20)
		for i := range 6 {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: "f" + strconv.Itoa(i), Method: zip.Deflate,
				CompressedSize64: uint64(len(packed)), UncompressedSize64: 100 << 20})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(packed)
		}
		zw.Close()
		return buf.Bytes()
	}
	cases := []struct {
		name, reason string
		data         []byte
	}{
		{"200 MiB of zeros", "more than 100 times", ziptest.Bomb(t, "entities.csv", 200, 200<<20)},
		{"too many entries", "10001 entries", many()},
		{"too much in all", "unpacks to more than", big()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := format.OpenZip(writeZip(t, c.data))
			if !graph.Is(err, graph.TooLarge) || !strings.Contains(graph.MessageOf(err), c.reason) ||
				!strings.HasPrefix(graph.MessageOf(err), "upload.zip: ") {
				t.Fatalf("err = %v, want TooLarge naming upload.zip: %s", err, c.reason)
			}
		})
	}
}

func TestZipEntryThatLiesIsCut(t *testing.T) {
	// It declares 1 KiB and holds 200 MiB.
	z, err := format.OpenZip(writeZip(t, ziptest.Bomb(t, "entities.csv", 200, 1<<10)))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	rc, err := z.Open(z.Files()[0])
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	if !graph.Is(err, graph.TooLarge) || !strings.Contains(graph.MessageOf(err), "entities.csv holds more than it declares") {
		t.Fatalf("err = %v", err)
	}
	if n > 1<<10 {
		t.Errorf("read %d bytes of an entry that declares 1024", n)
	}
}

func TestOpenZipReadsAnHonestZip(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("entities.csv")
	var text strings.Builder
	for i := range 1 << 16 {
		text.WriteString("p" + strconv.Itoa(i) + ",person,Ana Reyes\n")
	}
	io.WriteString(w, text.String())
	zw.Close()
	z, err := format.OpenZip(writeZip(t, buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	rc, err := z.Open(z.Files()[0])
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil || string(b) != text.String() {
		t.Fatalf("read %d bytes, err %v", len(b), err)
	}
}
