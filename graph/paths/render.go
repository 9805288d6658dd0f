package paths

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// reverseLabels phrase a directed tie read against its direction: "First
// Church → Pastor Lee: led by".
var reverseLabels = map[graph.RelType]string{
	graph.WorksFor:      "employs",
	graph.Advises:       "advised by",
	graph.MemberOf:      "has member",
	graph.BoardOf:       "has on its board",
	graph.Leads:         "led by",
	graph.ClientOf:      "serves client",
	graph.VolunteersFor: "has volunteer",
	graph.ServesOn:      "has serving",
	graph.Lobbies:       "lobbied by",
	graph.DonatedTo:     "received from",
	graph.Represents:    "represented by",
}

// HopLabel is how a hop reads: the type's label ("works for"), or its
// reverse ("employs") when the hop runs against the tie's direction.
func HopLabel(h graph.Hop) string {
	if h.Reverse {
		if l, ok := reverseLabels[h.Type]; ok {
			return l
		}
	}
	if info, ok := h.Type.Info(); ok {
		return info.Label
	}
	return strings.ToLower(strings.ReplaceAll(string(h.Type), "_", " "))
}

// NodeLabel is how an entity reads in a path: its name, and for our own
// people "(ours)" or their role, "Maria Ortiz (our board)".
func NodeLabel(r graph.EntityRef) string {
	name := r.Name
	if name == "" {
		name = r.ID
	}
	switch {
	case !r.Ours:
		return name
	case r.Title == "":
		return name + " (ours)"
	}
	return name + " (our " + r.Title + ")"
}

// refOf names entity id of snap, or only its id when snap does not hold it.
func refOf(snap *snapshot.Snapshot, id string) graph.EntityRef {
	if i, ok := snap.Index(id); ok {
		return snap.Ref(i)
	}
	return graph.EntityRef{ID: id}
}

// Sentence renders one path on one line: "Maria Ortiz (our board) → Pastor
// Lee: knows, 0.8 → Sen. Diaz: family of, 0.7".
func Sentence(p graph.Path) string {
	var b strings.Builder
	if len(p.Nodes) > 0 {
		b.WriteString(NodeLabel(p.Nodes[0]))
	}
	for i, h := range p.Hops {
		fmt.Fprintf(&b, " → %s: %s, %s", NodeLabel(p.Nodes[i+1]), HopLabel(h), strconv.FormatFloat(h.Strength, 'g', 3, 64))
	}
	return b.String()
}

// WriteText writes a result as readable text, one numbered path per line
// with its overall strength and hop count, for the CLI.
func WriteText(w io.Writer, res *Result) error {
	ew := &errWriter{w: w}
	ew.printf("Paths to %s:\n", NodeLabel(res.Target))
	if len(res.Paths) == 0 {
		ew.printf("  none found\n")
	}
	for i, p := range res.Paths {
		ew.printf("%3d. %s\n     strength %.3f, %d %s\n", i+1, Sentence(p), p.Strength, len(p.Hops), plural(len(p.Hops), "hop", "hops"))
	}
	return ew.err
}

// WriteConnectionText writes a Connection as readable text.
func WriteConnectionText(w io.Writer, snap *snapshot.Snapshot, c *Connection) error {
	ew := &errWriter{w: w}
	ra, rb := refOf(snap, c.A), refOf(snap, c.B)
	a, b := NodeLabel(ra), NodeLabel(rb)
	ew.printf("Connections between %s and %s\n", a, b)
	if len(c.Direct) == 0 {
		ew.printf("Direct ties: none\n")
	} else {
		ew.printf("Direct ties:\n")
		for _, h := range c.Direct {
			ew.printf("  %s %s %s, %s\n", a, HopLabel(h), b, strconv.FormatFloat(h.Strength, 'g', 3, 64))
		}
	}
	ew.printf("Common neighbours: %d\n", c.CommonTotal)
	for _, x := range c.Common {
		ew.printf("  %s: %s %s, then %s %s (strength %.3f)\n", NodeLabel(refOf(snap, x.ID)),
			HopLabel(x.ViaA), strconv.FormatFloat(x.ViaA.Strength, 'g', 3, 64),
			HopLabel(x.ViaB), strconv.FormatFloat(x.ViaB.Strength, 'g', 3, 64), x.Strength)
	}
	if len(c.Common) < c.CommonTotal {
		ew.printf("  ... and %d more\n", c.CommonTotal-len(c.Common))
	}
	return WriteText(ew, &Result{Target: rb, Paths: c.Paths})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
