package backup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
)

// maxLine bounds one line of a backup, so that a corrupt file cannot make a
// reader hold gigabytes.
const maxLine = 256 << 20

// reader reads a backup line by line, checking each line as it goes.
type reader struct {
	r       *bufio.Reader
	n       int // the number of the last line read
	order   map[graph.RecordKind]int
	counts  Counts
	last    graph.RecordKind
	lastKey string
	ended   bool
}

// newReader reads a backup from r, gzip'd or not.
func newReader(r io.Reader) (*reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, invalidf(0, "", "not a powermap backup: %v", err)
		}
		zr.Multistream(false)
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	rd := &reader{r: br, order: kindOrder(), counts: Counts{}}
	for _, k := range graph.RecordKinds() {
		rd.counts[k] = 0
	}
	env, err := rd.envelope()
	if err == io.EOF {
		return nil, invalidf(1, "", "not a powermap backup: the file is empty")
	}
	if err != nil {
		return nil, err
	}
	switch {
	case env.Kind != kindHeader || env.Format != Format:
		return nil, invalidf(1, "format", "not a powermap backup: the first line must be the header {\"kind\":\"header\",\"format\":%q,...}", Format)
	case env.Version < 1 || env.Version > Version:
		return nil, invalidf(1, "version", "backup format version %d is not supported: this powermap reads version %d", env.Version, Version)
	}
	return rd, nil
}

// invalidf makes the Invalid error of line n (0: no line), on field.
func invalidf(n int, field, format string, args ...any) error {
	reason := fmt.Sprintf(format, args...)
	msg := reason
	d := graph.Detail{Field: field, Reason: reason}
	if n > 0 {
		d.Record = "line " + strconv.Itoa(n)
		msg = "line " + strconv.Itoa(n) + ": " + reason
		if field != "" {
			msg = "line " + strconv.Itoa(n) + ": field " + strconv.Quote(field) + ": " + reason
		}
	}
	return &graph.Error{Op: "backup.Read", Code: graph.Invalid, Message: msg, Details: []graph.Detail{d}}
}

// envelope reads the next line; io.EOF when there is none.
func (rd *reader) envelope() (*envelope, error) {
	raw, err := rd.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		var long []byte
		long = append(long, raw...)
		for errors.Is(err, bufio.ErrBufferFull) && len(long) <= maxLine {
			raw, err = rd.r.ReadSlice('\n')
			long = append(long, raw...)
		}
		raw = long
		if len(long) > maxLine {
			return nil, invalidf(rd.n+1, "", "the line is longer than %d MiB", maxLine>>20)
		}
	}
	switch {
	case err == io.EOF && len(raw) == 0:
		return nil, io.EOF
	case err == io.EOF:
		return nil, invalidf(rd.n+1, "", "the line does not end: the file is cut off")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, invalidf(rd.n+1, "", "the file ends early: it is cut off")
	case err != nil:
		return nil, invalidf(rd.n+1, "", "cannot read the file: %v", err)
	}
	rd.n++
	var env envelope
	if err := decodeStrict(raw, &env); err != nil {
		return nil, rd.jsonError("", err)
	}
	return &env, nil
}

func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

// jsonError says what is wrong with the current line's JSON, naming the
// field under prefix when it can.
func (rd *reader) jsonError(prefix string, err error) error {
	join := func(f string) string {
		switch {
		case prefix == "":
			return f
		case f == "":
			return prefix
		}
		return prefix + "." + f
	}
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return invalidf(rd.n, join(te.Field), "a %s cannot hold %s", te.Type, te.Value)
	case errors.As(err, &se):
		return invalidf(rd.n, prefix, "not valid JSON: %v", err)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		f, _ = strconv.Unquote(f)
		return invalidf(rd.n, join(f), "unknown field")
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return invalidf(rd.n, prefix, "%s", ge.Message)
	}
	return invalidf(rd.n, prefix, "%s", msg)
}

// next reads the next record. At the trailer it checks the counts and
// returns io.EOF.
func (rd *reader) next(ctx context.Context) (graph.Record, error) {
	if rd.n%1024 == 0 {
		if err := ctx.Err(); err != nil {
			return graph.Record{}, graph.E("backup.Read", graph.Unavailable, err)
		}
	}
	env, err := rd.envelope()
	if err == io.EOF {
		return graph.Record{}, invalidf(rd.n+1, "", "the file ends before its last line {\"kind\":\"end\",...}: it is cut off")
	}
	if err != nil {
		return graph.Record{}, err
	}
	if env.Kind == kindEnd {
		return graph.Record{}, rd.end(env)
	}
	kind := graph.RecordKind(env.Kind)
	if _, ok := rd.order[kind]; !ok {
		return graph.Record{}, invalidf(rd.n, "kind", "unknown kind %q", env.Kind)
	}
	if len(env.Record) == 0 || string(env.Record) == "null" {
		return graph.Record{}, invalidf(rd.n, "record", "a %s line must hold a record", kind)
	}
	rec, err := rd.decode(kind, env.Record)
	if err != nil {
		return rec, err
	}
	key := rec.Key()
	if rd.last != "" && (rd.order[kind] < rd.order[rd.last] || kind == rd.last && key <= rd.lastKey) {
		return rec, invalidf(rd.n, string(kind), "%s %q comes after %s %q: records must be in backup order, each once", kind, key, rd.last, rd.lastKey)
	}
	rd.last, rd.lastKey = kind, key
	rd.counts[kind]++
	return rec, nil
}

// end checks the trailer against the records read, and that nothing
// follows it.
func (rd *reader) end(env *envelope) error {
	for _, k := range graph.RecordKinds() {
		if env.Counts[k] != rd.counts[k] {
			return invalidf(rd.n, "counts."+string(k), "the file says %d, but holds %d: it is damaged", env.Counts[k], rd.counts[k])
		}
	}
	for k := range env.Counts {
		if _, ok := rd.order[k]; !ok {
			return invalidf(rd.n, "counts."+string(k), "unknown kind")
		}
	}
	if _, err := rd.envelope(); err != io.EOF {
		if err != nil {
			return err
		}
		return invalidf(rd.n, "", "nothing may follow the last line")
	}
	rd.ended = true
	return io.EOF
}

// decode reads a record of kind from raw and checks it.
func (rd *reader) decode(kind graph.RecordKind, raw []byte) (graph.Record, error) {
	rec := graph.Record{Kind: kind}
	var v any
	switch kind {
	case graph.RecordEntity:
		rec.Entity = new(graph.Entity)
		v = rec.Entity
	case graph.RecordRelationship:
		rec.Relationship = new(graph.Relationship)
		v = rec.Relationship
	case graph.RecordRedirect:
		rec.Redirect = new(graph.Redirect)
		v = rec.Redirect
	case graph.RecordCampaign:
		rec.Campaign = new(graph.Campaign)
		v = rec.Campaign
	case graph.RecordInteraction:
		rec.Interaction = new(graph.Interaction)
		v = rec.Interaction
	case graph.RecordOutreach:
		rec.Outreach = new(graph.OutreachList)
		v = rec.Outreach
	case graph.RecordEvent:
		rec.Event = new(graph.Event)
		v = rec.Event
	case graph.RecordQuestionBank:
		rec.QuestionBank = new(graph.QuestionBank)
		v = rec.QuestionBank
	case graph.RecordMerge:
		rec.Merge = new(graph.Merge)
		v = rec.Merge
	case graph.RecordNotSame:
		rec.NotSame = new(graph.NotSame)
		v = rec.NotSame
	case graph.RecordJob:
		rec.Job = new(graph.JobRun)
		v = rec.Job
	case graph.RecordToken:
		v = new(tokenRecord)
	case graph.RecordAudit:
		rec.Audit = new(graph.AuditEntry)
		v = rec.Audit
	}
	prefix := string(kind)
	if err := decodeStrict(raw, v); err != nil {
		return rec, rd.jsonError(prefix, err)
	}
	if t, ok := v.(*tokenRecord); ok {
		t.Token.Hash = t.Hash
		rec.Token = &t.Token
	}
	if field, reason := check(&rec); reason != "" {
		return rec, invalidf(rd.n, join(prefix, field), "%s", reason)
	}
	return rec, nil
}

func join(prefix, field string) string {
	if field == "" {
		return prefix
	}
	return prefix + "." + field
}

// check validates a decoded record as its store would, and returns the
// first field at fault and why.
func check(r *graph.Record) (field, reason string) {
	var err error
	required := func(fields ...string) (string, string) {
		for i := 0; i+1 < len(fields); i += 2 {
			if strings.TrimSpace(fields[i+1]) == "" {
				return fields[i], "must not be empty"
			}
		}
		return "", ""
	}
	switch {
	case r.Entity != nil:
		err = r.Entity.Validate()
	case r.Relationship != nil:
		err = r.Relationship.Validate()
	case r.Redirect != nil:
		return required("from", r.Redirect.From, "to", r.Redirect.To)
	case r.Campaign != nil:
		err = r.Campaign.Validate()
	case r.Interaction != nil:
		err = r.Interaction.Validate()
	case r.Outreach != nil:
		err = r.Outreach.Validate()
	case r.Event != nil:
		err = r.Event.Validate()
	case r.QuestionBank != nil:
		err = r.QuestionBank.Validate()
	case r.Merge != nil:
		return required("id", r.Merge.ID, "keep", r.Merge.Keep, "drop", r.Merge.Drop)
	case r.NotSame != nil:
		err = r.NotSame.Validate()
	case r.Job != nil:
		if f, why := required("name", r.Job.Name); why != "" {
			return f, why
		}
		if r.Job.At.IsZero() {
			return "at", "must be set"
		}
	case r.Token != nil:
		err = r.Token.Validate()
	case r.Audit != nil:
		if f, why := required("id", r.Audit.ID, "actor", r.Audit.Actor, "action", r.Audit.Action); why != "" {
			return f, why
		}
		if r.Audit.At.IsZero() {
			return "at", "must be set"
		}
	}
	if err == nil {
		return "", ""
	}
	if ds := graph.DetailsOf(err); len(ds) > 0 {
		return ds[0].Field, ds[0].Reason
	}
	return "", graph.MessageOf(err)
}
