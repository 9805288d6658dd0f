package format

import (
	"errors"
	"io"
)

// MaxRecordBytes caps one record of a text import: a CSV row, line breaks
// in quoted cells included. It sits far above any row an export writes
// (notes are capped at 64 KiB; property values, such as the FEC importer's
// transactions, are not), and keeps a reader's memory bounded whatever a
// file holds, such as one line of 60 MB.
const MaxRecordBytes = 16 << 20

// ErrRecordTooLarge is the error of a RecordLimiter's Read once a record
// passes its cap.
var ErrRecordTooLarge = errors.New("record too large")

// RecordLimiter reads from R and fails with ErrRecordTooLarge once more
// than Max bytes have been read since the last Reset. A reader of records
// calls Reset after each record, so that one oversized record stops the
// read instead of filling memory. Bytes that a buffer reads ahead count
// towards the next record, so Max must exceed the largest record accepted
// by the buffer's size.
type RecordLimiter struct {
	R   io.Reader
	Max int64
	n   int64
}

// Read implements io.Reader.
func (l *RecordLimiter) Read(p []byte) (int, error) {
	if l.n > l.Max {
		return 0, ErrRecordTooLarge
	}
	if room := l.Max - l.n + 1; int64(len(p)) > room {
		p = p[:room] // one byte past Max tells a record of Max bytes from a longer one
	}
	n, err := l.R.Read(p)
	l.n += int64(n)
	if l.n > l.Max {
		return n, ErrRecordTooLarge
	}
	return n, err
}

// Reset starts a new record.
func (l *RecordLimiter) Reset() { l.n = 0 }
