package backup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"

	"github.com/powermap/powermap/graph"
)

// Write writes a backup of every record src keeps to w, from one consistent
// read of the store, and returns how many records of each kind it wrote. A
// store that lists records out of order (see graph.BackupStore.Dump) fails
// the backup, since its file would not be reproducible.
func Write(ctx context.Context, w io.Writer, src graph.BackupStore) (Counts, error) {
	const op = "backup.Write"
	bw := bufio.NewWriterSize(w, 1<<16)
	zw := gzip.NewWriter(bw) // no name and no time in the header: the same records give the same bytes
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil { // Encode ends the line
			return graph.E(op, graph.Internal, err)
		}
		_, err := zw.Write(buf.Bytes())
		return err
	}
	counts := Counts{}
	for _, k := range graph.RecordKinds() {
		counts[k] = 0
	}
	if err := put(header{Kind: kindHeader, Format: Format, Version: Version}); err != nil {
		return nil, err
	}
	order := kindOrder()
	var last graph.RecordKind
	var lastKey string
	err := src.Dump(ctx, func(r *graph.Record) error {
		key := r.Key()
		if _, ok := order[r.Kind]; !ok || payload(r) == nil {
			return graph.Errorf(op, graph.Internal, "the store listed a record of kind %q that holds nothing", r.Kind)
		}
		if last != "" && (order[r.Kind] < order[last] || r.Kind == last && key <= lastKey) {
			return graph.Errorf(op, graph.Internal, "the store listed %s %q after %s %q, out of order", r.Kind, key, last, lastKey)
		}
		if err := put(line{Kind: r.Kind, Record: payload(r)}); err != nil {
			return err
		}
		counts[r.Kind]++
		last, lastKey = r.Kind, key
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := put(trailer{Kind: kindEnd, Counts: counts}); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return counts, bw.Flush()
}
