package backup

import (
	"encoding/json"

	"github.com/powermap/powermap/graph"
)

// Format names the file format in a backup's header, and Version its
// version. A reader refuses a file of another format or a newer version.
const (
	Format  = "powermap-backup"
	Version = 1
)

// The kinds of the lines that are not records.
const (
	kindHeader = "header"
	kindEnd    = "end"
)

// Counts counts the records of a backup by kind.
type Counts map[graph.RecordKind]int64

// Total is the number of records of every kind.
func (c Counts) Total() int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

// header is a backup's first line.
type header struct {
	Kind    string `json:"kind"`
	Format  string `json:"format"`
	Version int    `json:"version"`
}

// trailer is a backup's last line.
type trailer struct {
	Kind   string `json:"kind"`
	Counts Counts `json:"counts"`
}

// line is a record's line.
type line struct {
	Kind   graph.RecordKind `json:"kind"`
	Record any              `json:"record"`
}

// envelope reads any line: the header's, a record's or the trailer's fields.
type envelope struct {
	Kind    string          `json:"kind"`
	Format  string          `json:"format"`
	Version int             `json:"version"`
	Counts  Counts          `json:"counts"`
	Record  json.RawMessage `json:"record"`
}

// tokenRecord is a token as a backup keeps it: graph.Token hides its hash
// from JSON, and a restored token must keep it to sign in.
type tokenRecord struct {
	graph.Token
	Hash string `json:"hash"`
}

// payload returns the value a record's line holds.
func payload(r *graph.Record) any {
	switch {
	case r.Entity != nil:
		return r.Entity
	case r.Relationship != nil:
		return r.Relationship
	case r.Redirect != nil:
		return r.Redirect
	case r.Campaign != nil:
		return r.Campaign
	case r.Interaction != nil:
		return r.Interaction
	case r.Outreach != nil:
		return r.Outreach
	case r.Event != nil:
		return r.Event
	case r.QuestionBank != nil:
		return r.QuestionBank
	case r.Merge != nil:
		return r.Merge
	case r.NotSame != nil:
		return r.NotSame
	case r.Job != nil:
		return r.Job
	case r.Token != nil:
		return tokenRecord{Token: *r.Token, Hash: r.Token.Hash}
	case r.Audit != nil:
		return r.Audit
	}
	return nil
}

// kindOrder maps each kind to its place in graph.RecordKinds.
func kindOrder() map[graph.RecordKind]int {
	order := map[graph.RecordKind]int{}
	for i, k := range graph.RecordKinds() {
		order[k] = i
	}
	return order
}
