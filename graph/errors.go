package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error so that callers (the HTTP API, the CLI) can react
// to it without parsing text. The HTTP status for each code is chosen in
// exactly one place, internal/http.
type Code string

// Error codes. Their string values appear in API responses.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	Unavailable  Code = "unavailable"
	TooLarge     Code = "too_large"
	Internal     Code = "internal"
)

// Detail locates one problem: a request field, or a file, line and column of
// an import, or a record id when there is no line.
type Detail struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Record string `json:"record,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// String renders the detail as "file:line: field: reason".
func (d Detail) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
		}
		b.WriteString(": ")
	} else if d.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", d.Line)
	}
	if d.Record != "" {
		fmt.Fprintf(&b, "record %q: ", d.Record)
	}
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(d.Reason)
	return b.String()
}

// Error is powermap's error type. Op names the operation that failed (for
// example "embedded.Apply"), so that a wrapped error reads like a trail.
// Message is safe to show to a user; Err may hold internal detail and is only
// logged.
type Error struct {
	Op      string
	Code    Code
	Message string
	Details []Detail
	Err     error
}

// E builds an *Error. Arguments are interpreted by type: a string is the Op,
// a Code is the code, a []Detail or Detail adds details, and an error is the
// wrapped cause. A message is set with Errorf or by assigning Message.
func E(args ...any) *Error {
	e := &Error{}
	for _, a := range args {
		switch v := a.(type) {
		case string:
			e.Op = v
		case Code:
			e.Code = v
		case Detail:
			e.Details = append(e.Details, v)
		case []Detail:
			e.Details = append(e.Details, v...)
		case error:
			e.Err = v
		}
	}
	return e
}

// Errorf builds an *Error with a user-facing message.
func Errorf(op string, code Code, format string, args ...any) *Error {
	return &Error{Op: op, Code: code, Message: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else if e.Err == nil && e.Code != "" {
		b.WriteString(string(e.Code))
	}
	if e.Err != nil {
		if e.Message != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	for i, d := range e.Details {
		if i == 5 {
			fmt.Fprintf(&b, "\n\t... and %d more", len(e.Details)-5)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(d.String())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the code of the outermost *Error in err's chain that has one.
// Without one, a cancelled or expired context maps to Unavailable, and
// anything else to Internal.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if pe, ok := e.(*Error); ok && pe.Code != "" {
			return pe.Code
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Unavailable
	}
	return Internal
}

// MessageOf returns the first user-facing message in err's chain, or "" when
// there is none.
func MessageOf(err error) string {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if pe, ok := e.(*Error); ok && pe.Message != "" {
			return pe.Message
		}
	}
	return ""
}

// DetailsOf collects the details of every *Error in err's chain.
func DetailsOf(err error) []Detail {
	var out []Detail
	for e := err; e != nil; e = errors.Unwrap(e) {
		if pe, ok := e.(*Error); ok {
			out = append(out, pe.Details...)
		}
	}
	return out
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }
