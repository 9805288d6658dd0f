package brief

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/internal/app"
)

//go:embed brief.html.tmpl
var pageText string

// Sections are the brief's section headings, in order: the HTML page and
// the web UI's view print them as they are.
var Sections = []string{
	"1. Their agenda",
	"2. Who funds them",
	"3. Their inner circle",
	"4. Who we know",
	"5. Our history with them",
	"6. Our constituents in their district",
	"7. Open asks",
}

var page = template.Must(template.New("brief").Funcs(template.FuncMap{
	"section": func(i int) string { return Sections[i-1] },
	"money":   money,
	"seat":    seat,
	"path":    pathText,
	"names":   namesOf,
	"who":     paths.NodeLabel,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"stanceClass": func(a graph.Alignment) string {
		switch {
		case !a.Known():
			return "unknown"
		case a > 0:
			return "for"
		case a < 0:
			return "against"
		}
		return "neutral"
	},
}).Parse(pageText))

// WriteHTML writes b as one self-contained printable HTML page.
func WriteHTML(w io.Writer, b *app.Brief) error {
	return page.Execute(w, b)
}

// money writes dollars with thousands separators and no cents: "$12,500".
func money(x float64) string {
	s := strconv.FormatInt(int64(x+0.5), 10)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return "$" + string(out)
}

// seat says where the official sits: "D · upper chamber · district 7".
func seat(o app.BriefOfficial) string {
	var parts []string
	if o.Title != "" {
		parts = append(parts, o.Title)
	}
	if o.Party != "" {
		parts = append(parts, o.Party)
	}
	if o.Chamber != "" {
		parts = append(parts, o.Chamber+" chamber")
	}
	if o.District != "" {
		parts = append(parts, "district "+o.District)
	}
	return strings.Join(parts, " · ")
}

// pathText reads a path as a sentence of names: "Ana Ruiz (ours) knows
// Pastor Lee, who knows Sen. Vega".
func pathText(p graph.Path) string {
	if len(p.Nodes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(paths.NodeLabel(p.Nodes[0]))
	for i, h := range p.Hops {
		if i > 0 {
			b.WriteString(", who")
		}
		b.WriteString(" " + paths.Verb(h) + " ")
		n := p.Nodes[i+1]
		b.WriteString(paths.NodeLabel(n))
		if !n.Ours && n.Title != "" && i+1 < len(p.Nodes)-1 {
			b.WriteString(" (" + n.Title + ")")
		}
	}
	return b.String()
}

// namesOf joins names with their roles: "Ana Ruiz (ours), Rafa Molina
// (Chief of Staff)".
func namesOf(refs []graph.EntityRef) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = paths.NodeLabel(r)
		if !r.Ours && r.Title != "" {
			out[i] += " (" + r.Title + ")"
		}
	}
	return strings.Join(out, ", ")
}
