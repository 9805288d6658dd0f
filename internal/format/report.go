package format

import (
	"fmt"

	"github.com/powermap/powermap/graph"
)

// MaxErrors caps the details a Report keeps. Every error is still counted in
// ErrorCount; a file of a million bad rows does not need a million reasons.
const MaxErrors = 1000

// Report tells what an import read and what it did.
type Report struct {
	Format  string      `json:"format"`
	Files   int         `json:"files"`
	Records int         `json:"records"`
	Stats   graph.Stats `json:"stats"`
	Skipped []Skip      `json:"skipped,omitempty"`
	// Merged lists the records merged into another entity because they
	// share a strong identifier (at most MaxErrors; MergeCount counts
	// them all).
	Merged     []Merge `json:"merged,omitempty"`
	MergeCount int     `json:"merge_count,omitempty"`
	// Errors locates each bad record: file, line (or record id), field and
	// reason. At most MaxErrors are kept.
	Errors []graph.Detail `json:"errors,omitempty"`
	// ErrorCount counts every error, also those Errors does not keep.
	ErrorCount int `json:"error_count,omitempty"`
	// Unresolved lists references to entities that the batch does not
	// hold. Registry.Import looks each up in the store and reports those
	// it does not find; a reader used alone leaves them here.
	Unresolved []Reference `json:"-"`
}

// Skip is a record left out on purpose, such as an empty row or an exact
// duplicate, with the reason.
type Skip struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Record and Field name the record and field when no file line does
	// (a record not merged by identifier).
	Record string `json:"record,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// Reference is a relationship end naming an entity outside the batch.
type Reference struct {
	ID    string
	File  string
	Line  int
	Field string // "source" or "target"
}

// NewReport starts the report of an import in the named format.
func NewReport(format string) *Report { return &Report{Format: format} }

// Error records a bad record.
func (r *Report) Error(d graph.Detail) {
	r.ErrorCount++
	if len(r.Errors) < MaxErrors {
		r.Errors = append(r.Errors, d)
	}
}

// Errorf records a bad record with a formatted reason.
func (r *Report) Errorf(file string, line int, field, format string, args ...any) {
	r.Error(graph.Detail{File: file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Skip records a record left out on purpose.
func (r *Report) Skip(file string, line int, reason string) {
	r.Skipped = append(r.Skipped, Skip{File: file, Line: line, Reason: reason})
}

// Refer records a reference to an entity that the batch does not hold.
func (r *Report) Refer(ref Reference) { r.Unresolved = append(r.Unresolved, ref) }

// Failed reports whether any error was recorded.
func (r *Report) Failed() bool { return r.ErrorCount > 0 }

// Err returns nil when the report holds no error, and otherwise an Invalid
// *graph.Error whose message counts the errors and quotes the first, and
// whose Details are the report's Errors.
func (r *Report) Err(op string) error {
	if !r.Failed() {
		return nil
	}
	noun := "error"
	if r.ErrorCount > 1 {
		noun = "errors"
	}
	msg := fmt.Sprintf("%s import refused, nothing was written: %d %s", r.Format, r.ErrorCount, noun)
	if len(r.Errors) > 0 {
		msg += "; first: " + r.Errors[0].String()
	}
	ds := append([]graph.Detail(nil), r.Errors...)
	return &graph.Error{Op: op, Code: graph.Invalid, Message: msg, Details: ds}
}
