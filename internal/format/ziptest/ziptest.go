// Package ziptest builds zip bombs in memory, for tests of the caps on
// zip imports. A bomb of any size takes milliseconds: its deflate stream
// repeats one block that unpacks to 1 MiB of zeros.
package ziptest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"testing"
)

const mib = 1 << 20

// Bomb returns a zip holding one entry, name, that unpacks to mibs MiB of
// zeros (at least 3) and declares that it unpacks to declared bytes, which
// a bomb may understate.
func Bomb(t testing.TB, name string, mibs int, declared uint64) []byte {
	t.Helper()
	var raw bytes.Buffer
	fw, err := flate.NewWriter(&raw, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, mib)
	var ends [3]int
	for i := range ends {
		fw.Write(zeros)
		fw.Flush() // ends on a byte boundary, so blocks can be repeated
		ends[i] = raw.Len()
	}
	head := bytes.Clone(raw.Bytes())
	block := head[ends[1]:ends[2]]
	if !bytes.Equal(block, head[ends[0]:ends[1]]) {
		t.Fatal("ziptest: deflate did not repeat its block")
	}
	fw.Close()
	tail := raw.Bytes()[ends[2]:]

	stream := bytes.NewBuffer(head)
	crc := crc32.Update(0, crc32.IEEETable, zeros)
	crc = crc32.Update(crc, crc32.IEEETable, zeros)
	crc = crc32.Update(crc, crc32.IEEETable, zeros)
	for range mibs - 3 {
		stream.Write(block)
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	stream.Write(tail)

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(stream.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(stream.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
