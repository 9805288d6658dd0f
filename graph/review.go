package graph

import (
	"context"
	"time"
)

// NotSame records a reviewer's decision that two entities a match suggested
// are different people, so that the review queue never offers the pair
// again. A and B are entity ids, A < B (see NewNotSame).
type NotSame struct {
	A    string    `json:"a"`
	B    string    `json:"b"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty"`
}

// NewNotSame returns the decision on the pair {a, b}, its ids in order.
func NewNotSame(a, b, by, note string, at time.Time) NotSame {
	if b < a {
		a, b = b, a
	}
	return NotSame{A: a, B: b, By: by, At: at.UTC(), Note: note}
}

// Key identifies the pair whatever the order of its ids.
func (n NotSame) Key() string { return PairKey(n.A, n.B) }

// PairKey identifies the pair {a, b} whatever the order of a and b.
func PairKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "\x00" + b
}

// Validate checks that the decision can be stored.
func (n *NotSame) Validate() error {
	const op = "graph.NotSame.Validate"
	var ds []Detail
	if n.A == "" {
		ds = append(ds, Detail{Field: "a", Reason: "is required"})
	}
	if n.B == "" {
		ds = append(ds, Detail{Field: "b", Reason: "is required"})
	}
	if n.A != "" && n.A == n.B {
		ds = append(ds, Detail{Field: "b", Reason: "must differ from a"})
	}
	if n.A > n.B && n.B != "" {
		ds = append(ds, Detail{Field: "a", Reason: "must sort before b (use NewNotSame)"})
	}
	if n.At.IsZero() {
		ds = append(ds, Detail{Field: "at", Reason: "is required"})
	}
	ds = checkText(ds, "a", n.A, MaxIDBytes, oneLine)
	ds = checkText(ds, "b", n.B, MaxIDBytes, oneLine)
	ds = checkText(ds, "note", n.Note, MaxNotesBytes, multiLine)
	if len(ds) > 0 {
		return &Error{Op: op, Code: Invalid, Message: "invalid review decision", Details: ds}
	}
	return nil
}

// ReviewStore remembers the review queue's decisions. Both stores implement
// it; every method honours ctx and returns errors with a Code, as Store
// does, and the writes append their audit entries in their own transaction.
type ReviewStore interface {
	// MarkNotSame records that the pair is not one entity. Marking a pair
	// again replaces the earlier decision.
	MarkNotSame(ctx context.Context, n NotSame, audit ...AuditEntry) error
	// ForgetNotSame removes the decision on the pair {a, b}, so that the
	// queue may offer it again; a pair with no decision is NotFound.
	ForgetNotSame(ctx context.Context, a, b string, audit ...AuditEntry) error
	// NotSamePairs lists every decision, ordered by A then B.
	NotSamePairs(ctx context.Context) ([]NotSame, error)
}
