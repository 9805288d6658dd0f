package paths

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
)

// verbs phrase a tie as the verb between its two ends, as recorded and,
// for a directed type, read against its direction: "Bob works for First
// Church", "First Church employs Bob".
var verbs = map[graph.RelType][2]string{
	graph.Knows:         {"knows", "knows"},
	graph.FriendOf:      {"is a friend of", "is a friend of"},
	graph.FamilyOf:      {"is family of", "is family of"},
	graph.ColleagueOf:   {"is a colleague of", "is a colleague of"},
	graph.WorksFor:      {"works for", "employs"},
	graph.Advises:       {"advises", "is advised by"},
	graph.MemberOf:      {"is a member of", "has as a member"},
	graph.BoardOf:       {"is on the board of", "has on its board"},
	graph.Leads:         {"leads", "is led by"},
	graph.ClientOf:      {"is a client of", "serves"},
	graph.VolunteersFor: {"volunteers for", "has as a volunteer"},
	graph.ServesOn:      {"serves on", "has as a member"},
	graph.Lobbies:       {"lobbies", "is lobbied by"},
	graph.DonatedTo:     {"donated to", "received a donation from"},
	graph.Represents:    {"represents", "is represented by"},
	graph.Supports:      {"supports", "is supported by"},
	graph.Opposes:       {"opposes", "is opposed by"},
}

// Verb is how hop h reads between its ends, From first: "works for", or
// "employs" when the hop runs against the tie's direction.
func Verb(h graph.Hop) string {
	if v, ok := verbs[h.Type]; ok {
		if h.Reverse {
			return v[1]
		}
		return v[0]
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

// described is how an entity reads inside a sentence: NodeLabel, and for
// a person or official who is not ours their title or role as an
// apposition, "Dorian Vinegarde, District Director". An organization's
// name says what it is.
func described(r graph.EntityRef) string {
	if r.Ours || r.Title == "" || r.Kind == graph.KindOrganization || r.Kind == graph.KindIssue {
		return NodeLabel(r)
	}
	return NodeLabel(r) + ", " + r.Title
}

// relative is the pronoun that continues a sentence after r.
func relative(r graph.EntityRef) string {
	if r.Kind == graph.KindOrganization || r.Kind == graph.KindIssue {
		return "which"
	}
	return "who"
}

// Sentence renders a path as one sentence that reads forward, one step per
// hop with its relationship: "Maria Ortiz (our board) knows Dorian
// Vinegarde, District Director, who works for Sen. Zoë Gingerhook, State
// Senator."
func Sentence(p graph.Path) string {
	if len(p.Nodes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(described(p.Nodes[0]))
	for i, h := range p.Hops {
		if i > 0 {
			b.WriteString(", " + relative(p.Nodes[i]))
		}
		b.WriteString(" " + Verb(h) + " " + described(p.Nodes[i+1]))
	}
	return sentenceEnd(b.String())
}

// sentenceEnd ends s with a full stop, unless it ends with one already
// ("… Acme Inc.").
func sentenceEnd(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// strengths reads a path's strength with the strengths it is the product
// of: "strength 0.560 (0.8 × 0.7)".
func strengths(p graph.Path) string {
	s := "strength " + strconv.FormatFloat(p.Strength, 'f', 3, 64)
	if len(p.Hops) < 2 {
		return s
	}
	parts := make([]string, len(p.Hops))
	for i, h := range p.Hops {
		parts[i] = strconv.FormatFloat(h.Strength, 'g', 3, 64)
	}
	return s + " (" + strings.Join(parts, " × ") + ")"
}

// WriteText writes a result as readable text for the CLI: one numbered
// sentence per path, with its strength on the line below.
func WriteText(w io.Writer, res *Result) error {
	ew := &errWriter{w: w}
	ew.printf("Paths to %s:\n", described(res.Target))
	if len(res.Paths) == 0 {
		ew.printf("  none found\n")
	}
	for i, p := range res.Paths {
		ew.printf("%3d. %s\n     %s\n", i+1, Sentence(p), strengths(p))
	}
	return ew.err
}

// WriteConnectionText writes a Connection as readable text.
func WriteConnectionText(w io.Writer, c *Connection) error {
	ew := &errWriter{w: w}
	ra, rb := c.A, c.B
	ew.printf("Connections between %s and %s\n", described(ra), described(rb))
	if len(c.Direct) == 0 {
		ew.printf("Direct ties: none\n")
	} else {
		ew.printf("Direct ties:\n")
		for _, h := range c.Direct {
			ew.printf("  %s %s %s (strength %s)\n", NodeLabel(ra), Verb(h), NodeLabel(rb), strconv.FormatFloat(h.Strength, 'g', 3, 64))
		}
	}
	ew.printf("Common neighbours: %d\n", c.CommonTotal)
	for _, x := range c.Common {
		p := graph.Path{Nodes: []graph.EntityRef{ra, x.Entity, rb}, Hops: []graph.Hop{x.ViaA, x.ViaB}, Strength: x.Strength}
		ew.printf("  %s\n    %s\n", Sentence(p), strengths(p))
	}
	if len(c.Common) < c.CommonTotal {
		ew.printf("  ... and %d more\n", c.CommonTotal-len(c.Common))
	}
	return WriteText(ew, &Result{Target: rb, Paths: c.Paths})
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
