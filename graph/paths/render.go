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
func HopLabel(h Hop) string {
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
// people "(ours)" or their roles, "Maria Ortiz (our board)".
func NodeLabel(snap *snapshot.Snapshot, id string) string {
	i, ok := snap.Index(id)
	if !ok {
		return id
	}
	n := snap.Node(i)
	name := n.Name
	if name == "" {
		name = id
	}
	if !n.Ours {
		return name
	}
	if len(n.Labels) == 0 {
		return name + " (ours)"
	}
	return name + " (our " + strings.Join(n.Labels, ", ") + ")"
}

// Sentence renders one path on one line: "Maria Ortiz (our board) → Pastor
// Lee: knows, 0.8 → Sen. Diaz: family of, 0.7".
func Sentence(snap *snapshot.Snapshot, p Path) string {
	var b strings.Builder
	if len(p.Nodes) > 0 {
		b.WriteString(NodeLabel(snap, p.Nodes[0]))
	}
	for _, h := range p.Hops {
		fmt.Fprintf(&b, " → %s: %s, %s", NodeLabel(snap, h.To), HopLabel(h), strconv.FormatFloat(h.Strength, 'g', 3, 64))
	}
	return b.String()
}

// WriteText writes a result as readable text, one numbered path per line
// with its overall strength and hop count, for the CLI.
func WriteText(w io.Writer, snap *snapshot.Snapshot, res *Result) error {
	ew := &errWriter{w: w}
	ew.printf("Paths to %s:\n", NodeLabel(snap, res.Target))
	if len(res.Paths) == 0 {
		ew.printf("  none found\n")
	}
	for i, p := range res.Paths {
		ew.printf("%3d. %s\n     strength %.3f, %d %s\n", i+1, Sentence(snap, p), p.Strength, len(p.Hops), plural(len(p.Hops), "hop", "hops"))
	}
	return ew.err
}

// WriteConnectionText writes a Connection as readable text.
func WriteConnectionText(w io.Writer, snap *snapshot.Snapshot, c *Connection) error {
	ew := &errWriter{w: w}
	a, b := NodeLabel(snap, c.A), NodeLabel(snap, c.B)
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
		ew.printf("  %s: %s %s, then %s %s (strength %.3f)\n", NodeLabel(snap, x.ID),
			HopLabel(x.ViaA), strconv.FormatFloat(x.ViaA.Strength, 'g', 3, 64),
			HopLabel(x.ViaB), strconv.FormatFloat(x.ViaB.Strength, 'g', 3, 64), x.Strength)
	}
	if len(c.Common) < c.CommonTotal {
		ew.printf("  ... and %d more\n", c.CommonTotal-len(c.Common))
	}
	return WriteText(ew, snap, &Result{Target: c.B, Paths: c.Paths})
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
