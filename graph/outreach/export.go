package outreach

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format/csvsafe"
)

// WriteJSON writes a list (or any value) as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ListCSVHeader is the header row of WriteCSV.
var ListCSVHeader = []string{"rank", "change", "previous_rank", "person_id", "person", "role", "targets",
	"messenger_id", "messenger", "constituent", "introduction", "action_type", "action", "due",
	"last_contact", "follow_up", "status", "score", "explanation"}

// WriteCSV writes a list as CSV, one row per entry after ListCSVHeader.
// Cells that a spreadsheet would read as a formula are prefixed with a
// quote (see csvsafe).
func WriteCSV(w io.Writer, l *graph.OutreachList) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(ListCSVHeader); err != nil {
		return err
	}
	for _, e := range l.Entries {
		var mid, mname, cons, path string
		if m := e.Messenger; m != nil {
			mid, mname, cons, path = m.Person.ID, m.Person.Name, strconv.FormatBool(m.Constituent), PathText(m.Path)
		}
		prev := ""
		if e.PreviousRank > 0 {
			prev = strconv.Itoa(e.PreviousRank)
		}
		row := []string{strconv.Itoa(e.Rank), e.Change, prev, e.Person.ID, e.Person.Name, e.Role, LeadsText(e.Leads),
			mid, mname, cons, path, string(e.Action.Type), e.Action.Text, e.Action.Due,
			e.LastContact, e.FollowUp, e.Status, strconv.FormatFloat(e.Score, 'g', -1, 64), FactorsText(e.Factors)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// PathText renders an introduction path as a sentence that reads each tie
// the way it points: "Ana Reyes knows Ben Okafor (0.56), who works for Sen.
// Diaz (0.80)", with each tie's strength.
func PathText(p graph.Path) string {
	if len(p.Nodes) == 0 {
		return ""
	}
	if len(p.Hops) == 0 {
		return p.Nodes[0].Name
	}
	return p.Nodes[0].Name + " " + HopsText(p)
}

// HopsText renders the ties of an introduction path without its first
// person: "knows Ben Okafor (0.56), who works for Sen. Diaz (0.80)".
func HopsText(p graph.Path) string {
	var b strings.Builder
	for i, h := range p.Hops {
		if i > 0 {
			b.WriteString(", who ")
		}
		to := h.To
		if i+1 < len(p.Nodes) {
			to = p.Nodes[i+1].Name
		}
		fmt.Fprintf(&b, "%s %s (%.2f)", h.Type.Phrase(h.Reverse), to, h.Strength)
	}
	return b.String()
}

// LeadsText renders the targets an entry leads to and how.
func LeadsText(ls []graph.TargetLead) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("%s (%s, %s, closeness %.2f): %s", l.Target.Name, l.Priority, l.Status.Label(), l.Closeness, l.How)
		if l.Campaign != "" {
			parts[i] = "[" + l.Campaign + "] " + parts[i]
		}
	}
	return strings.Join(parts, "; ")
}

// FactorsText renders the explanation: every factor with its value.
func FactorsText(fs []graph.Factor) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %s (%s)", f.Label(), strconv.FormatFloat(f.Value, 'g', 4, 64), f.Note)
	}
	return strings.Join(parts, " × ")
}

// GridCSVHeader is the header row of WriteGridCSV.
var GridCSVHeader = []string{"entity_id", "name", "kind", "influence", "score", "alignment", "quadrant", "target", "ours"}

// WriteGridCSV writes a power grid as CSV, one row per point, with formula
// cells defused as WriteCSV does.
func WriteGridCSV(w io.Writer, g *Grid) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(GridCSVHeader); err != nil {
		return err
	}
	for _, p := range g.Points {
		a := ""
		if p.Alignment.Known() {
			a = strconv.Itoa(int(p.Alignment))
		}
		row := []string{p.Entity.ID, p.Entity.Name, string(p.Entity.Kind), strconv.FormatFloat(p.Influence, 'f', 1, 64),
			strconv.FormatFloat(p.Score, 'g', -1, 64), a, p.Quadrant, strconv.FormatBool(p.Target), strconv.FormatBool(p.Ours)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteICS writes a list as an iCalendar (RFC 5545) file with one VTODO per
// suggested meeting, due on the day the action is due (within the week, or
// the week's Monday for an overdue follow-up). title names the calendar,
// usually the campaign's name. The output is the same for the same list.
func WriteICS(w io.Writer, l *graph.OutreachList, title string) error {
	bw := bufio.NewWriter(w)
	week, err := graph.ParseWeek(l.Week)
	if err != nil {
		return err
	}
	stamp := l.ComputedAt.UTC()
	if stamp.IsZero() {
		stamp = week.Start(time.UTC)
	}
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//powermap//weekly outreach//EN")
	line("CALSCALE", "GREGORIAN")
	line("X-WR-CALNAME", icsText(strings.TrimSpace(title+" outreach "+l.Week)))
	for _, e := range l.Entries {
		due, err := time.Parse(time.DateOnly, e.Action.Due)
		if err != nil {
			monday, _ := week.Days()
			due, _ = time.Parse(time.DateOnly, monday)
		}
		sum := sha256.Sum256([]byte(l.Campaign + "\x00" + l.Week + "\x00" + e.Person.ID))
		line("BEGIN", "VTODO")
		line("UID", hex.EncodeToString(sum[:12])+"@powermap")
		line("DTSTAMP", stamp.Format("20060102T150405Z"))
		line("SUMMARY", icsText(e.Action.Text))
		line("DESCRIPTION", icsText(describe(&e)))
		writeFolded(bw, "DUE;VALUE=DATE:"+due.Format("20060102"))
		line("PRIORITY", strconv.Itoa(min(9, 1+(e.Rank-1)/3)))
		line("STATUS", "NEEDS-ACTION")
		line("CATEGORIES", icsText("powermap")+","+icsText(string(e.Action.Type)))
		line("END", "VTODO")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// describe is the text of a VTODO: who, why, through whom.
func describe(e *graph.OutreachEntry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d %s — %s\n", e.Rank, e.Person.Name, e.Role)
	if len(e.Leads) > 0 {
		fmt.Fprintf(&b, "Leads to: %s\n", LeadsText(e.Leads))
	}
	if e.Messenger != nil {
		fmt.Fprintf(&b, "Messenger: %s via %s\n", e.Messenger.Person.Name, PathText(e.Messenger.Path))
	}
	if e.LastContact != "" {
		fmt.Fprintf(&b, "Last contact: %s\n", e.LastContact)
	}
	fmt.Fprintf(&b, "Why: score %s = %s", strconv.FormatFloat(e.Score, 'g', 4, 64), FactorsText(e.Factors))
	return b.String()
}

// icsText escapes a TEXT value (RFC 5545 §3.3.11) and drops control
// characters other than newlines.
func icsText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeFolded writes a content line folded at 75 octets (never inside a
// UTF-8 sequence), ended by CRLF.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
