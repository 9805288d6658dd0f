package pmjson

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// Writer writes a map as one JSON document.
type Writer struct{}

var _ format.Writer = Writer{}

// Name implements format.Writer.
func (Writer) Name() string { return "json" }

// ContentType implements format.Writer.
func (Writer) ContentType() string { return "application/json" }

// Write implements format.Writer: it streams every record of src, one per
// line, holding none of them.
func (Writer) Write(ctx context.Context, w io.Writer, src format.Source) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	first, inRels, n := true, false, 0
	put := func(v any) error {
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.WriteByte('\n')
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}))
		return err
	}
	startRels := func() {
		if !inRels {
			inRels, first = true, true
			bw.WriteString("\n],\n\"relationships\": [")
		}
	}
	bw.WriteString("{\"entities\": [")
	err := src(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error { return put(e) },
		Relationship: func(r *graph.Relationship) error {
			startRels()
			return put(r)
		},
	})
	if err != nil {
		return err
	}
	startRels()
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// Reader reads maps written by Writer. PATHs are .json files, or folders
// whose .json files are all powermap maps.
type Reader struct{}

var _ format.Reader = Reader{}

// Name implements format.Reader.
func (Reader) Name() string { return "json" }

// Detect implements format.Reader: the document must be an object whose
// first key is "entities" or "relationships".
func (Reader) Detect(paths []string) (bool, error) {
	fs, err := files("pmjson.Detect", paths)
	if err != nil || len(fs) == 0 {
		return false, err
	}
	for _, f := range fs {
		if !sniff(f) {
			return false, nil
		}
	}
	return true, nil
}

func files(op string, paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			code := graph.Invalid
			if errors.Is(err, os.ErrNotExist) {
				code = graph.NotFound
			}
			return nil, &graph.Error{Op: op, Code: code, Message: "cannot read " + p, Err: err}
		}
		if !fi.IsDir() {
			if !strings.EqualFold(filepath.Ext(p), ".json") {
				return nil, nil
			}
			out = append(out, p)
			continue
		}
		des, err := os.ReadDir(p)
		if err != nil {
			return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "cannot read " + p, Err: err}
		}
		var found []string
		for _, de := range des {
			if !de.IsDir() && strings.EqualFold(filepath.Ext(de.Name()), ".json") {
				found = append(found, filepath.Join(p, de.Name()))
			}
		}
		if len(found) == 0 {
			return nil, nil
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// sniff reads the start of a file: an object whose first key is ours.
func sniff(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	dec := json.NewDecoder(io.LimitReader(bomless(f), 4<<10))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	t, err := dec.Token()
	return err == nil && (t == "entities" || t == "relationships")
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func bomless(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, bom) {
		_, _ = br.Discard(3)
	}
	return br
}

// Read implements format.Reader.
func (Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	const op = "pmjson.Read"
	rep := format.NewReport("json")
	p = format.Or(p)
	fs, err := files(op, paths)
	if err != nil {
		return nil, rep, err
	}
	if len(fs) == 0 {
		return nil, rep, graph.Errorf(op, graph.Invalid, "no .json file in %s", strings.Join(paths, ", "))
	}
	var total int64
	for _, f := range fs {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	p.Start(total, "bytes")
	defer p.Finish()
	c := format.NewCollector(rep)
	for _, f := range fs {
		if err := readFile(ctx, f, c, rep, p); err != nil {
			return nil, rep, err
		}
	}
	b := c.Batch()
	if err := rep.Err(op); err != nil {
		return nil, rep, err
	}
	return b, rep, nil
}

func readFile(ctx context.Context, path string, c *format.Collector, rep *format.Report, p format.Progress) error {
	f, err := os.Open(path)
	if err != nil {
		return &graph.Error{Op: "pmjson.Read", Code: graph.Invalid, Message: "cannot read " + filepath.Base(path), Err: err}
	}
	defer f.Close()
	return decode(ctx, f, filepath.Base(path), c, rep, p)
}

// decode reads one document. Bad records are reported and reading goes on;
// a document that is not JSON, or not shaped like a map, stops at the first
// such problem, which is reported too.
func decode(ctx context.Context, r io.Reader, file string, c *format.Collector, rep *format.Report, p format.Progress) error {
	rep.Files++
	lr := &lineReader{r: bomless(r), line: 1}
	dec := json.NewDecoder(lr)
	dec.UseNumber()
	stop := func(off int64, format string, args ...any) error {
		rep.Errorf(file, lr.lineAt(off), "", format, args...)
		return nil
	}
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return stop(se.Offset, "not valid JSON: %v", se)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return stop(dec.InputOffset(), "the document ends too early")
		}
		return &graph.Error{Op: "pmjson.Read", Code: graph.Invalid, Message: "cannot read " + file, Err: err}
	}
	t, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	if t != json.Delim('{') {
		return stop(0, `a powermap map is an object: {"entities": [...], "relationships": [...]}`)
	}
	var last int64
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := t.(string)
		if key != "entities" && key != "relationships" {
			return stop(dec.InputOffset(), "unknown key %q; a powermap map holds only entities and relationships", key)
		}
		if t, err = dec.Token(); err != nil {
			return syntax(err)
		}
		if t == nil {
			continue // "entities": null
		}
		if t != json.Delim('[') {
			return stop(dec.InputOffset(), "%s must be an array", key)
		}
		for n := 0; dec.More(); n++ {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return syntax(err)
			}
			end := dec.InputOffset()
			line := lr.lineAt(end - int64(len(raw)))
			p.Add(end - last)
			last = end
			rep.Records++
			if key == "entities" {
				var e graph.Entity
				bad := strict(raw, &e, file, line, rep)
				c.Entity(e, file, line, bad, nil)
			} else {
				var r graph.Relationship
				bad := strict(raw, &r, file, line, rep)
				c.Relationship(r, file, line, bad, nil)
			}
		}
		if _, err := dec.Token(); err != nil { // ]
			return syntax(err)
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return syntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return stop(dec.InputOffset(), "unexpected data after the map")
	}
	return nil
}

// strict decodes one record, refusing unknown fields and wrong types, and
// reports whether it was bad.
func strict(raw []byte, v any, file string, line int, rep *format.Report) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return false
	}
	var te *json.UnmarshalTypeError
	field, reason := "", err.Error()
	switch {
	case errors.As(err, &te):
		field, reason = te.Field, fmt.Sprintf("want %s, got JSON %s", te.Type, te.Value)
	case strings.HasPrefix(reason, "json: unknown field "):
		field = strings.Trim(strings.TrimPrefix(reason, "json: unknown field "), `"`)
		reason = "unknown field"
	default:
		reason = strings.TrimPrefix(reason, "json: ")
	}
	rep.Error(graph.Detail{File: file, Line: line, Record: recordID(raw), Field: field, Reason: reason})
	return true
}

// recordID digs the id out of a record that failed to decode, to name it.
func recordID(raw []byte) string {
	var v struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(raw, &v) == nil {
		if s, ok := v.ID.(string); ok {
			return s
		}
	}
	return ""
}

// lineReader counts lines behind a decoder. It keeps the bytes read but not
// yet counted, which the decoder's read-ahead bounds, so memory stays flat.
type lineReader struct {
	r    io.Reader
	buf  []byte // read, not yet counted; buf[0] is at offset base
	base int64
	line int // the line at offset base
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.buf = append(l.buf, p[:n]...)
	return n, err
}

// lineAt returns the line holding offset off; offsets must not go back.
func (l *lineReader) lineAt(off int64) int {
	k := int(min(max(off-l.base, 0), int64(len(l.buf))))
	l.line += bytes.Count(l.buf[:k], []byte{'\n'})
	l.buf = append(l.buf[:0], l.buf[k:]...)
	l.base += int64(k)
	return l.line
}
