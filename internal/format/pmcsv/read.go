package pmcsv

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/csvsafe"
)

// Reader reads the powermap CSV format. PATHs are folders or zips (as
// Writer makes) holding entities.csv and/or relationships.csv, or CSV files
// whose header tells which of the two they are. Entity files are read
// before relationship files.
type Reader struct{}

var _ format.Reader = Reader{}

// Name implements format.Reader.
func (Reader) Name() string { return "csv" }

var bom = []byte{0xEF, 0xBB, 0xBF}

type fileKind int

const (
	unknownFile fileKind = iota
	entityFile
	relationshipFile
)

// Detect implements format.Reader: every path must be a folder or a zip
// holding entities.csv or relationships.csv, a file of one of those names,
// or a .csv file with a powermap header.
func (Reader) Detect(paths []string) (bool, error) {
	if len(paths) == 0 {
		return false, nil
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return false, statError("pmcsv.Detect", p, err)
		}
		if fi.IsDir() {
			if !exists(filepath.Join(p, EntitiesFile)) && !exists(filepath.Join(p, RelationshipsFile)) {
				return false, nil
			}
			continue
		}
		if strings.EqualFold(filepath.Ext(p), ".zip") {
			z, err := format.OpenZip(p)
			if graph.Is(err, graph.TooLarge) {
				continue // the only reader of zips: Read refuses it
			}
			if err != nil {
				return false, nil
			}
			e, r := zipEntries(z.Files())
			z.Close()
			if e == nil && r == nil {
				return false, nil
			}
			continue
		}
		if !strings.EqualFold(filepath.Ext(p), ".csv") {
			return false, nil
		}
		if base := strings.ToLower(filepath.Base(p)); base == EntitiesFile || base == RelationshipsFile {
			continue // named as ours: Read explains a bad header
		}
		k, err := sniff(p)
		if err != nil {
			return false, err
		}
		if k == unknownFile {
			return false, nil
		}
	}
	return true, nil
}

func exists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

func statError(op, p string, err error) error {
	code := graph.Invalid
	if errors.Is(err, os.ErrNotExist) {
		code = graph.NotFound
	}
	return &graph.Error{Op: op, Code: code, Message: "cannot read " + p, Err: err}
}

// sniff reads a file's header row to tell entities from relationships.
func sniff(p string) (fileKind, error) {
	f, err := os.Open(p)
	if err != nil {
		return unknownFile, statError("pmcsv.Detect", p, err)
	}
	defer f.Close()
	cr := newCSV(io.LimitReader(f, 64<<10))
	header, err := cr.Read()
	if err != nil {
		return unknownFile, nil
	}
	return headerKind(header), nil
}

func headerKind(header []string) fileKind {
	has := func(required, known []string) bool {
		n := 0
		for _, h := range header {
			if c, _ := columnKind(h, known); slices.Contains(required, c) {
				n++
			}
		}
		return n == len(required)
	}
	switch {
	case has(entityRequired, entityColumns):
		return entityFile
	case has(relRequired, relationshipColumns):
		return relationshipFile
	}
	return unknownFile
}

func newCSV(r io.Reader) *csv.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(len(bom)); bytes.Equal(b, bom) {
		_, _ = br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// input is one CSV file to read: on disk, or inside a zip.
type input struct {
	name string // shown in reports: the base name
	open func() (io.ReadCloser, error)
}

func diskInput(p string) input {
	return input{name: filepath.Base(p), open: func() (io.ReadCloser, error) { return os.Open(p) }}
}

func zipInput(z *format.Zip, f *zip.File) input {
	return input{name: f.Name, open: func() (io.ReadCloser, error) { return z.Open(f) }}
}

// readError is the error of an input that cannot be read: its own when it
// carries a code (a zip over its caps is TooLarge), Invalid otherwise.
func readError(file string, err error) error {
	var coded *graph.Error
	if errors.As(err, &coded) {
		return graph.E("pmcsv.Read", err)
	}
	return &graph.Error{Op: "pmcsv.Read", Code: graph.Invalid, Message: "cannot read " + file, Err: err}
}

// inputs sorts paths into entity files and relationship files. A zip (as
// Writer makes) contributes its entities.csv and relationships.csv. The
// returned closer releases open zips.
func inputs(paths []string) (ents, rels []input, closer func(), err error) {
	const op = "pmcsv.Read"
	var zips []*format.Zip
	closer = func() {
		for _, z := range zips {
			z.Close()
		}
	}
	fail := func(err error) ([]input, []input, func(), error) {
		closer()
		return nil, nil, func() {}, err
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return fail(statError(op, p, err))
		}
		switch {
		case fi.IsDir():
			e, r := filepath.Join(p, EntitiesFile), filepath.Join(p, RelationshipsFile)
			if !exists(e) && !exists(r) {
				return fail(graph.Errorf(op, graph.Invalid, "folder %s holds neither %s nor %s", filepath.Base(p), EntitiesFile, RelationshipsFile))
			}
			if exists(e) {
				ents = append(ents, diskInput(e))
			}
			if exists(r) {
				rels = append(rels, diskInput(r))
			}
		case strings.EqualFold(filepath.Ext(p), ".zip"):
			z, err := format.OpenZip(p)
			if err != nil {
				return fail(graph.E(op, err))
			}
			zips = append(zips, z)
			e, r := zipEntries(z.Files())
			if e == nil && r == nil {
				return fail(graph.Errorf(op, graph.Invalid, "%s holds neither %s nor %s", filepath.Base(p), EntitiesFile, RelationshipsFile))
			}
			if e != nil {
				ents = append(ents, zipInput(z, e))
			}
			if r != nil {
				rels = append(rels, zipInput(z, r))
			}
		default:
			k, err := sniff(p)
			if err != nil {
				return fail(err)
			}
			switch {
			case k == entityFile:
				ents = append(ents, diskInput(p))
			case k == relationshipFile:
				rels = append(rels, diskInput(p))
			case strings.Contains(strings.ToLower(filepath.Base(p)), "relationship"):
				// Guess from the name, so that the header check
				// explains what is missing.
				rels = append(rels, diskInput(p))
			default:
				ents = append(ents, diskInput(p))
			}
		}
	}
	return ents, rels, closer, nil
}

// zipEntries finds entities.csv and relationships.csv in a zip, at its top
// or in one folder.
func zipEntries(files []*zip.File) (ents, rels *zip.File) {
	for _, f := range files {
		switch strings.ToLower(path.Base(f.Name)) {
		case EntitiesFile:
			if ents == nil {
				ents = f
			}
		case RelationshipsFile:
			if rels == nil {
				rels = f
			}
		}
	}
	return ents, rels
}

// Read implements format.Reader.
func (Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	const op = "pmcsv.Read"
	rep := format.NewReport("csv")
	p = format.Or(p)
	ents, rels, closer, err := inputs(paths)
	if err != nil {
		return nil, rep, err
	}
	defer closer()
	var total int64
	for _, in := range append(append([]input(nil), ents...), rels...) {
		n, err := countLines(ctx, in)
		if err != nil {
			return nil, rep, readError(in.name, err)
		}
		total += max(n-1, 0)
	}
	p.Start(total, "records")
	defer p.Finish()

	d := newDecoder(rep, p)
	for _, in := range ents {
		if err := d.readInput(ctx, in, entityFile); err != nil {
			return nil, rep, err
		}
	}
	for _, in := range rels {
		if err := d.readInput(ctx, in, relationshipFile); err != nil {
			return nil, rep, err
		}
	}
	b := d.collect.Batch()
	if err := rep.Err(op); err != nil {
		return nil, rep, err
	}
	if d.rows < total {
		p.Add(total - d.rows) // quoted newlines made the estimate high
	}
	return b, rep, nil
}

// countLines counts the lines of an input, for the progress bar's total.
// It is cheap next to parsing: it only scans for newlines.
func countLines(ctx context.Context, in input) (int64, error) {
	f, err := in.open()
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	var n int64
	last := byte('\n')
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		k, err := f.Read(buf)
		if k > 0 {
			n += int64(bytes.Count(buf[:k], []byte{'\n'}))
			last = buf[k-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	if last != '\n' {
		n++
	}
	return n, nil
}

// decoder turns rows into records for a collector.
type decoder struct {
	rows      int64 // rows read, for the progress bar
	rep       *format.Report
	progress  format.Progress
	collect   *format.Collector
	maxRecord int64 // format.MaxRecordBytes, smaller in tests
}

func newDecoder(rep *format.Report, p format.Progress) *decoder {
	return &decoder{rep: rep, progress: format.Or(p), collect: format.NewCollector(rep), maxRecord: format.MaxRecordBytes}
}

// readInput reads one input of the given kind. It returns an error only
// when the input cannot be read at all; bad rows go to the report.
func (d *decoder) readInput(ctx context.Context, in input, kind fileKind) error {
	f, err := in.open()
	if err != nil {
		return readError(in.name, err)
	}
	defer f.Close()
	return d.read(ctx, f, in.name, kind)
}

// read decodes one CSV stream of the given kind. A row longer than
// maxRecord bytes is reported and ends the reading of the stream.
func (d *decoder) read(ctx context.Context, r io.Reader, file string, kind fileKind) error {
	d.rep.Files++
	rows := newRowReader(r, d.maxRecord)
	cr := rows.csv
	known, required := entityColumns, entityRequired
	if kind == relationshipFile {
		known, required = relationshipColumns, relRequired
	}
	var cols []column
	// tooLarge reports a row over the cap, naming the column where it
	// passed the cap: the last of the part read.
	tooLarge := func(part []string, err error) bool {
		if !errors.Is(err, format.ErrRecordTooLarge) {
			return false
		}
		field := ""
		if n := len(part); n > 0 && n <= len(cols) {
			field = cols[n-1].label()
		}
		d.rep.Errorf(file, rows.next, field, "the row that begins here is longer than %d bytes; rows that long are not read", d.maxRecord)
		return true
	}
	header, err := rows.read()
	if err == io.EOF {
		d.rep.Errorf(file, 1, "", "the file is empty; the header row is required (%s)", strings.Join(required, ", "))
		return nil
	}
	if tooLarge(nil, err) {
		return nil
	}
	if err != nil {
		return d.parseError(file, err)
	}
	for i := range header {
		header[i] = csvsafe.Unescape(header[i])
	}
	var ok bool
	if cols, ok = d.header(file, header, known, required); !ok {
		return nil
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row, err := rows.read()
		if err == io.EOF || tooLarge(row, err) {
			return nil
		}
		if err != nil {
			if err := d.parseError(file, err); err != nil {
				return err
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		d.rows++
		d.progress.Add(1)
		if len(row) != len(cols) {
			d.rep.Errorf(file, line, "", "the row has %d fields, the header has %d", len(row), len(cols))
			continue
		}
		if isBlank(row) {
			d.rep.Skip(file, line, "empty row")
			continue
		}
		d.rep.Records++
		if kind == entityFile {
			d.entity(file, line, cols, row)
		} else {
			d.relationship(file, line, cols, row)
		}
	}
}

// rowReader reads the records of a CSV stream, each capped in size, and
// keeps the line where the next one begins.
type rowReader struct {
	csv   *csv.Reader
	limit *format.RecordLimiter
	next  int // the first line the next record can begin on
}

func newRowReader(r io.Reader, maxRecord int64) *rowReader {
	limit := &format.RecordLimiter{R: r, Max: maxRecord}
	return &rowReader{csv: newCSV(limit), limit: limit, next: 1}
}

// read returns the next record, or format.ErrRecordTooLarge with the part
// of the record read up to the cap (no record comes after that).
func (rs *rowReader) read() ([]string, error) {
	row, err := rs.csv.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		rs.limit.Reset() // the reader goes on after a syntax error
		rs.next = pe.Line + 1
	}
	if errors.Is(err, format.ErrRecordTooLarge) {
		return row, err
	}
	if err != nil {
		return nil, err
	}
	rs.limit.Reset()
	if n := len(row); n > 0 {
		line, _ := rs.csv.FieldPos(n - 1)
		rs.next = line + strings.Count(row[n-1], "\n") + 1
	}
	return row, nil
}

// parseError records a CSV syntax error; other read errors are returned.
func (d *decoder) parseError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		d.rep.Errorf(file, pe.Line, "", "column %d: %v", pe.Column, pe.Err)
		return nil
	}
	return readError(file, err)
}

func isBlank(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// column is one header cell: a known column or a property.
type column struct {
	name string // canonical known name, or ""
	prop string // property key, or ""
}

func (c column) label() string {
	if c.name != "" {
		return c.name
	}
	return c.prop
}

// header checks a header row: required columns present, no column twice.
func (d *decoder) header(file string, header, known, required []string) ([]column, bool) {
	cols := make([]column, len(header))
	where := map[string]int{}
	ok := true
	for i, h := range header {
		if !utf8.ValidString(h) {
			d.rep.Errorf(file, 1, "", "column %d: the header is not valid UTF-8; save the file as UTF-8", i+1)
			ok = false
			continue
		}
		name, prop := columnKind(h, known)
		cols[i] = column{name: name, prop: prop}
		if cols[i].label() == "" {
			continue // an unnamed column; its cells must stay empty
		}
		key := name
		if key == "" {
			key = propPrefix + prop // a property may share a known column's name
		}
		if j, dup := where[key]; dup {
			d.rep.Errorf(file, 1, cols[i].label(), "column %q appears twice (columns %d and %d)", cols[i].label(), j+1, i+1)
			ok = false
		}
		where[key] = i
	}
	var missing []string
	for _, r := range required {
		if _, has := where[r]; !has {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		noun := "column"
		if len(missing) > 1 {
			noun = "columns"
		}
		d.rep.Errorf(file, 1, missing[0], "missing required %s %s; the first row must be the header, with %s",
			noun, strings.Join(missing, ", "), strings.Join(required, ", "))
		ok = false
	}
	return cols, ok
}

// rowErrors reports the problems of one row, once per field: a field whose
// cell was refused as written is not reported again by validation.
type rowErrors struct {
	rep      *format.Report
	file     string
	line     int
	reported map[string]bool
	given    map[string]bool // known columns with a value
}

func (d *decoder) newRow(file string, line int) *rowErrors {
	return &rowErrors{rep: d.rep, file: file, line: line, reported: map[string]bool{}, given: map[string]bool{}}
}

func (re *rowErrors) fail(field, format string, args ...any) {
	re.reported[field] = true
	re.rep.Errorf(re.file, re.line, field, format, args...)
}

// quiet silences validation details of fields whose cell was reported
// already, and those more says.
func (re *rowErrors) quiet(more func(graph.Detail) bool) func(graph.Detail) bool {
	return func(dt graph.Detail) bool {
		return re.reported[dt.Field] || (more != nil && more(dt))
	}
}

func (re *rowErrors) bad() bool { return len(re.reported) > 0 }

// cells walks a row's cells, reporting invalid UTF-8 and values under an
// unnamed column. It calls fn for each other non-empty cell, its formula
// escaping undone.
func (re *rowErrors) cells(cols []column, row []string, fn func(c column, v string)) {
	for i, v := range row {
		if v == "" {
			continue
		}
		v = csvsafe.Unescape(v)
		c := cols[i]
		if c.name != "" {
			re.given[c.name] = true
		}
		if !utf8.ValidString(v) {
			re.fail(c.label(), "not valid UTF-8; save the file as UTF-8")
			continue
		}
		if c.label() == "" {
			re.fail("", "column %d has a value but no name in the header", i+1)
			continue
		}
		fn(c, v)
	}
}

func (d *decoder) entity(file string, line int, cols []column, row []string) {
	var e graph.Entity
	re := d.newRow(file, line)
	re.cells(cols, row, func(c column, v string) {
		switch c.name {
		case "":
			if e.Props == nil {
				e.Props = map[string]string{}
			}
			e.Props[c.prop] = v
		case "id":
			e.ID = v
		case "kind":
			k, err := graph.ParseKind(v)
			if err != nil {
				re.fail("kind", "%s", graph.MessageOf(err))
			}
			e.Kind = k
		case "name":
			e.Name = v
		case "labels":
			e.Labels = splitMulti(v)
		case "aliases":
			e.Aliases = splitMulti(v)
		case "ours", "private":
			b, valid := parseBool(v)
			if !valid {
				re.fail(c.name, "%q is not true or false", v)
			}
			if c.name == "ours" {
				e.Ours = b
			} else {
				e.Private = b
			}
		case "title":
			e.Title = v
		case "party":
			e.Party = v
		case "chamber":
			e.Chamber = v
		case "district":
			e.District = v
		case "org_type":
			e.OrgType = v
		case "email":
			e.Email = v
		case "phone":
			e.Phone = v
		case "notes":
			e.Notes = v
		case "source_url":
			e.SourceURL = v
		}
	})
	d.collect.Entity(e, file, line, re.bad(), re.quiet(nil))
}

func (d *decoder) relationship(file string, line int, cols []column, row []string) {
	var r graph.Relationship
	re := d.newRow(file, line)
	re.cells(cols, row, func(c column, v string) {
		switch c.name {
		case "":
			if r.Props == nil {
				r.Props = map[string]string{}
			}
			r.Props[c.prop] = v
		case "id":
			r.ID = v
		case "source":
			r.Source = v
		case "target":
			r.Target = v
		case "type":
			t, err := graph.ParseRelType(v)
			if err != nil {
				re.fail("type", "%s", graph.MessageOf(err))
			}
			r.Type = t
		case "strength":
			x, valid := parseNumber(v)
			switch {
			case !valid:
				re.fail("strength", "%q is not a number", v)
			case !(x > 0 && x <= 1):
				re.fail("strength", "must be in (0,1], got %s (leave it empty for the type's default)", v)
			default:
				r.Strength = x
			}
		case "amount":
			x, valid := parseNumber(v)
			if !valid {
				re.fail("amount", "%q is not a number", v)
			}
			r.Amount = x
		case "since":
			r.Since = v
		case "until":
			r.Until = v
		case "date":
			r.Date = v
		case "source_url":
			r.SourceURL = v
		case "notes":
			r.Notes = v
		}
	})
	d.collect.Relationship(r, file, line, re.bad(), re.quiet(func(dt graph.Detail) bool {
		switch dt.Field {
		case "id":
			// No id cell: the id is derived, and fails only when the
			// source, target or type does, which are reported.
			return !re.given["id"]
		case "strength":
			// No strength cell and no known type: no default to take.
			return !re.given["strength"] && !r.Type.Valid()
		}
		return false
	}))
}
