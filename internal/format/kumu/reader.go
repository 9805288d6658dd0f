package kumu

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

const op = "kumu.Read"

// Reader is the format.Reader of Kumu blueprints (.json) and Kumu
// spreadsheets saved as CSV (an elements file and a connections file).
type Reader struct{}

var _ format.Reader = Reader{}

// Name implements format.Reader.
func (Reader) Name() string { return Name }

type fileKind int

const (
	notKumu fileKind = iota
	blueprintFile
	elementsFile
	connectionsFile
)

// sniff tells what a file is from its first bytes.
func sniff(path string) (fileKind, error) {
	f, err := os.Open(path)
	if err != nil {
		return notKumu, err
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimSpace(head[:n])
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		if bytes.HasPrefix(head, []byte("{")) && (bytes.Contains(head, []byte(`"elements"`)) || bytes.Contains(head, []byte(`"connections"`))) {
			return blueprintFile, nil
		}
	case ".csv":
		line, _, _ := bytes.Cut(head, []byte("\n"))
		cols := map[string]bool{}
		rec, err := csv.NewReader(bytes.NewReader(line)).Read()
		if err != nil {
			return notKumu, nil
		}
		for _, c := range rec {
			cols[strings.ToLower(strings.TrimSpace(c))] = true
		}
		switch {
		case cols["from"] && cols["to"]:
			return connectionsFile, nil
		case cols["label"]:
			return elementsFile, nil
		}
	}
	return notKumu, nil
}

// Detect implements format.Reader: every path is a blueprint or a Kumu
// elements or connections CSV.
func (Reader) Detect(paths []string) (bool, error) {
	for _, p := range paths {
		k, err := sniff(p)
		if err != nil {
			return false, graph.E("kumu.Detect", graph.Invalid, err, graph.Detail{File: p, Reason: "cannot read: " + err.Error()})
		}
		if k == notKumu {
			return false, nil
		}
	}
	return len(paths) > 0, nil
}

// located is an element or connection with where it came from.
type located struct {
	rec    record
	file   string
	line   int
	record string
}

// Read implements format.Reader. Elements of every file are read before
// connections, so that a connections CSV may come first.
func (Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	p = format.Or(p)
	rep := format.NewReport(Name)
	var elems, conns []located
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, rep, graph.E(op, graph.Unavailable, err)
		}
		k, err := sniff(path)
		if err != nil {
			rep.Errorf(path, 0, "", "cannot read: %v", err)
			continue
		}
		rep.Files++
		switch k {
		case blueprintFile:
			b, err := os.ReadFile(path)
			if err != nil {
				rep.Errorf(path, 0, "", "cannot read: %v", err)
				continue
			}
			e, c, d := parseBlueprint(path, b)
			elems, conns = append(elems, e...), append(conns, c...)
			if d != nil {
				rep.Error(*d)
			}
		case elementsFile, connectionsFile:
			rows, ds := readCSV(path)
			for _, d := range ds {
				rep.Error(d)
			}
			if k == elementsFile {
				elems = append(elems, rows...)
			} else {
				conns = append(conns, rows...)
			}
		default:
			rep.Errorf(path, 0, "", "not a Kumu blueprint (.json with elements and connections) or Kumu CSV (Label, or From and To columns)")
		}
	}
	b := build(rep, elems, conns, p)
	if err := rep.Err(op); err != nil {
		return nil, rep, err
	}
	return b, rep, nil
}

// parseBlueprint decodes one blueprint.
func parseBlueprint(file string, data []byte) (elems, conns []located, problem *graph.Detail) {
	var bp Blueprint
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&bp); err != nil {
		d := graph.Detail{File: file, Reason: "not a Kumu blueprint: " + err.Error()}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			d.Line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			d.Line = 1 + bytes.Count(data[:min(int(te.Offset), len(data))], []byte("\n"))
			d.Field = te.Field
		}
		return nil, nil, &d
	}
	if bp.Elements == nil && bp.Connections == nil {
		return nil, nil, &graph.Detail{File: file, Reason: "not a Kumu blueprint: no elements or connections"}
	}
	for i, r := range bp.Elements {
		elems = append(elems, located{rec: r, file: file, record: "elements[" + strconv.Itoa(i) + "]"})
	}
	for i, r := range bp.Connections {
		conns = append(conns, located{rec: r, file: file, record: "connections[" + strconv.Itoa(i) + "]"})
	}
	return elems, conns, nil
}

// readCSV reads a Kumu sheet saved as CSV, one record per row.
func readCSV(file string) ([]located, []graph.Detail) {
	f, err := os.Open(file)
	if err != nil {
		return nil, []graph.Detail{{File: file, Reason: "cannot read: " + err.Error()}}
	}
	defer f.Close()
	limit := &format.RecordLimiter{R: f, Max: format.MaxRecordBytes}
	cr := csv.NewReader(bufio.NewReader(limit))
	cr.FieldsPerRecord = -1
	tooLarge := func(line int) []graph.Detail {
		return []graph.Detail{{File: file, Line: line, Reason: "the row that begins here is longer than " + strconv.Itoa(format.MaxRecordBytes) + " bytes; rows that long are not read"}}
	}
	header, err := cr.Read()
	if errors.Is(err, format.ErrRecordTooLarge) {
		return nil, tooLarge(1)
	}
	if err != nil {
		return nil, []graph.Detail{{File: file, Line: 1, Reason: "no header row: " + err.Error()}}
	}
	var out []located
	var ds []graph.Detail
	for next := 2; ; {
		limit.Reset()
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, format.ErrRecordTooLarge) {
			ds = append(ds, tooLarge(next)...)
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			ds = append(ds, graph.Detail{File: file, Line: line, Reason: err.Error()})
			break
		}
		last, _ := cr.FieldPos(len(row) - 1)
		next = last + strings.Count(row[len(row)-1], "\n") + 1
		r := record{}
		for i, h := range header {
			if i < len(row) && strings.TrimSpace(row[i]) != "" {
				r[h] = row[i]
			}
		}
		if len(r) == 0 {
			continue
		}
		out = append(out, located{rec: r, file: file, line: line})
	}
	return out, ds
}

// build converts records into a batch, recording every problem in rep.
func build(rep *format.Report, elems, conns []located, p format.Progress) *graph.Batch {
	p.Start(int64(len(elems)+len(conns)), "records")
	defer p.Finish()
	b := &graph.Batch{}
	byID := map[string]string{}
	byLabel := map[string]string{}
	where := map[string]located{}
	for _, l := range elems {
		e, reason := entity(l.rec)
		p.Add(1)
		if reason != "" {
			field, why, _ := strings.Cut(reason, ": ")
			rep.Error(graph.Detail{File: l.file, Line: l.line, Record: l.record, Field: field, Reason: why})
			continue
		}
		byID[e.ID] = e.ID
		if _, dup := byLabel[e.Name]; !dup {
			byLabel[e.Name] = e.ID
		}
		where[e.ID] = l
		b.Entities = append(b.Entities, e)
	}
	ids := func(ref string) string {
		if id, ok := byID[ref]; ok {
			return id
		}
		return byLabel[ref]
	}
	for _, l := range conns {
		r, reason := relationship(l.rec, ids)
		p.Add(1)
		if reason != "" {
			field, why, _ := strings.Cut(reason, ": ")
			rep.Error(graph.Detail{File: l.file, Line: l.line, Record: l.record, Field: field, Reason: why})
			continue
		}
		r.Normalize()
		where[r.ID] = l
		b.Relationships = append(b.Relationships, r)
	}
	rep.Records = len(elems) + len(conns)
	if err := b.Prepare(); err != nil {
		for _, d := range graph.DetailsOf(err) {
			if l, ok := where[d.Record]; ok {
				d.File, d.Line = l.file, l.line
				if l.record != "" {
					d.Record = l.record + " " + d.Record
				}
			}
			rep.Error(d)
		}
	}
	return b
}
