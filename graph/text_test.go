package graph_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// requireField checks that err is Invalid with a detail for field whose
// reason contains reason.
func requireField(t *testing.T, err error, field, reason string) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	for _, d := range graph.DetailsOf(err) {
		if d.Field == field {
			assert.Contains(t, d.Reason, reason)
			return
		}
	}
	t.Fatalf("no detail for field %q in %v", field, err)
}

func TestEntityTextFields(t *testing.T) {
	big := strings.Repeat("x", 32<<10)
	cases := []struct {
		name   string
		edit   func(e *graph.Entity)
		field  string
		reason string
	}{
		{"ok", func(e *graph.Entity) {}, "", ""},
		{"name at the limit", func(e *graph.Entity) { e.Name = strings.Repeat("é", graph.MaxNameBytes/2) }, "", ""},
		{"name of 32 KiB", func(e *graph.Entity) { e.Name = big }, "name", "at most 1024 bytes, got 32768"},
		{"alias of 32 KiB", func(e *graph.Entity) { e.Aliases = []string{"Ana", big} }, "aliases", "item 2 must be at most"},
		{"long id", func(e *graph.Entity) { e.ID = strings.Repeat("p", graph.MaxIDBytes+1) }, "id", "at most 256 bytes"},
		{"long title", func(e *graph.Entity) { e.Title = big }, "title", "at most"},
		{"long party", func(e *graph.Entity) { e.Party = big }, "party", "at most"},
		{"long email", func(e *graph.Entity) { e.Email = big }, "email", "at most"},
		{"long label", func(e *graph.Entity) { e.Labels = []string{big} }, "labels", "at most"},
		{"long notes", func(e *graph.Entity) { e.Notes = strings.Repeat(big, 3) }, "notes", "at most 65536 bytes"},
		{"long property name", func(e *graph.Entity) { e.Props = map[string]string{big: "x"} }, "props", "at most"},
		{"long property value", func(e *graph.Entity) { e.Props = map[string]string{"k": strings.Repeat(big, 8)} }, "", ""},

		{"NUL in a name", func(e *graph.Entity) { e.Name = "Ana\x00Lopez" }, "name", "control character U+0000"},
		{"line feed in a name", func(e *graph.Entity) { e.Name = "Ana\nLopez" }, "name", "U+000A"},
		{"carriage return in a name", func(e *graph.Entity) { e.Name = "Ana\rLopez" }, "name", "U+000D"},
		{"tab in a name", func(e *graph.Entity) { e.Name = "Ana\tLopez" }, "name", "U+0009"},
		{"escape in a name", func(e *graph.Entity) { e.Name = "Ana\x1b[31m" }, "name", "U+001B"},
		{"DEL in a name", func(e *graph.Entity) { e.Name = "Ana\x7f" }, "name", "U+007F"},
		{"C1 control in a name", func(e *graph.Entity) { e.Name = "Ana\u0085Lopez" }, "name", "U+0085"},
		{"right-to-left override in a name", func(e *graph.Entity) { e.Name = "Ana \u202egnp.exe" }, "name", "bidirectional control U+202E"},
		{"left-to-right embedding in a name", func(e *graph.Entity) { e.Name = "\u202aAna" }, "name", "U+202A"},
		{"isolate in a name", func(e *graph.Entity) { e.Name = "Ana\u2066x\u2069" }, "name", "U+2066"},
		{"line separator in a name", func(e *graph.Entity) { e.Name = "Ana\u2028Lopez" }, "name", "one line"},
		{"invalid UTF-8 in a name", func(e *graph.Entity) { e.Name = "Ana \xff" }, "name", "valid UTF-8 (byte 5"},
		{"a replacement character is text", func(e *graph.Entity) { e.Name = "Ana \uFFFD" }, "", ""},
		{"right-to-left text is text", func(e *graph.Entity) { e.Name = "سارا \u200fأحمد" }, "", ""},
		{"bidi override in an alias", func(e *graph.Entity) { e.Aliases = []string{"A", "B\u202dC"} }, "aliases", "item 2 must not contain the bidirectional control U+202D"},
		{"line feed in an alias", func(e *graph.Entity) { e.Aliases = []string{"A\nB"} }, "aliases", "U+000A"},
		{"NUL in an id", func(e *graph.Entity) { e.ID = "p\x001" }, "id", "U+0000"},
		{"line feed in an id", func(e *graph.Entity) { e.ID = "p\n1" }, "id", "U+000A"},
		{"invalid UTF-8 in an id", func(e *graph.Entity) { e.ID = "p\xc3" }, "id", "valid UTF-8"},
		{"line feed in a title", func(e *graph.Entity) { e.Title = "Chair\nof" }, "title", "U+000A"},
		{"newlines and tabs in notes", func(e *graph.Entity) { e.Notes = "met at\tthe fair\r\nthen again\n" }, "", ""},
		{"NUL in notes", func(e *graph.Entity) { e.Notes = "a\x00b" }, "notes", "U+0000"},
		{"bidi override in notes", func(e *graph.Entity) { e.Notes = "a\u202eb" }, "notes", "U+202E"},
		{"NUL in a property value", func(e *graph.Entity) { e.Props = map[string]string{"k": "a\x00"} }, "props", `property "k": must not contain`},
		{"line feed in a property name", func(e *graph.Entity) { e.Props = map[string]string{"a\nb": "x"} }, "props", "U+000A"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := graph.Entity{ID: "p1", Kind: graph.KindPerson, Name: "Ana"}
			c.edit(&e)
			e.Normalize()
			err := e.Validate()
			if c.field == "" {
				require.NoError(t, err)
				return
			}
			requireField(t, err, c.field, c.reason)
			assert.Less(t, len(err.Error()), 1000, "the error does not echo the value")
		})
	}
}

func TestRelationshipTextFields(t *testing.T) {
	big := strings.Repeat("x", 32<<10)
	cases := []struct {
		name   string
		edit   func(r *graph.Relationship)
		field  string
		reason string
	}{
		{"ok", func(r *graph.Relationship) {}, "", ""},
		{"long id", func(r *graph.Relationship) { r.ID = big }, "id", "at most 1024 bytes"},
		{"long source", func(r *graph.Relationship) { r.Source = big }, "source", "at most 256 bytes"},
		{"long notes", func(r *graph.Relationship) { r.Notes = strings.Repeat(big, 3) }, "notes", "at most"},
		{"NUL in an id", func(r *graph.Relationship) { r.ID = "t\x001" }, "id", "U+0000"},
		{"line feed in a target", func(r *graph.Relationship) { r.Target = "b\nc" }, "target", "U+000A"},
		{"bidi override in a source", func(r *graph.Relationship) { r.Source = "a\u202e" }, "source", "U+202E"},
		{"newlines in notes", func(r *graph.Relationship) { r.Notes = "one\ntwo" }, "", ""},
		{"bidi isolate in notes", func(r *graph.Relationship) { r.Notes = "one\u2068two" }, "notes", "U+2068"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := graph.Relationship{Source: "a", Target: "b", Type: graph.Knows}
			c.edit(&r)
			r.Normalize()
			err := r.Validate()
			if c.field == "" {
				require.NoError(t, err)
				return
			}
			requireField(t, err, c.field, c.reason)
			assert.Less(t, len(err.Error()), 1000, "the error does not echo the value")
		})
	}
}

func TestSourceURL(t *testing.T) {
	for _, u := range []string{"", "http://example.org", "https://ilga.gov/senate/Senator.asp?MemberID=3082", "HTTPS://EXAMPLE.ORG/a b"} {
		e := graph.Entity{ID: "p1", Kind: graph.KindPerson, Name: "Ana", SourceURL: u}
		e.Normalize()
		assert.NoError(t, e.Validate(), u)
		r := graph.Relationship{Source: "a", Target: "b", Type: graph.Knows, SourceURL: u}
		r.Normalize()
		assert.NoError(t, r.Validate(), u)
	}
	for _, u := range []string{"javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
		"file:///etc/passwd", "ftp://example.org/x", "vbscript:msgbox", "//example.org/x", "example.org", "http:example.org", "https://",
		"http://example.org/\x00", "http://exa\nmple.org"} {
		e := graph.Entity{ID: "p1", Kind: graph.KindPerson, Name: "Ana", SourceURL: u}
		e.Normalize()
		requireField(t, e.Validate(), "source_url", "")
		r := graph.Relationship{Source: "a", Target: "b", Type: graph.Knows, SourceURL: u}
		r.Normalize()
		requireField(t, r.Validate(), "source_url", "")
	}
}

func TestRelationshipDerivedIDs(t *testing.T) {
	cases := []struct {
		name                   string
		id, source, target, ty string
		ok                     bool
	}{
		{"no id: derived", "", "c", "d", "KNOWS", true},
		{"its own derived id", "KNOWS:c~d", "c", "d", "KNOWS", true},
		{"its own derived id, directed", "WORKS_FOR:c>d", "c", "d", "WORKS_FOR", true},
		{"its own derived id with a qualifier", "DONATED_TO:c>d/2016", "c", "d", "DONATED_TO", true},
		{"a free id", "tie-17", "c", "d", "KNOWS", true},
		{"a colon after a word that is not a type", "note:KNOWS:a~b", "c", "d", "KNOWS", true},
		{"another pair's derived id", "KNOWS:a~b", "c", "d", "KNOWS", false},
		{"another type's derived id", "KNOWS:c~d", "c", "d", "FRIEND_OF", false},
		{"the reverse of a directed id", "WORKS_FOR:d>c", "c", "d", "WORKS_FOR", false},
		{"a symmetric id out of order", "KNOWS:d~c", "c", "d", "KNOWS", false},
		{"another pair's id with a qualifier", "DONATED_TO:a>b/2016", "c", "d", "DONATED_TO", false},
		{"a prefix of its own id", "KNOWS:c~", "c", "d", "KNOWS", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := graph.Relationship{ID: c.id, Source: c.source, Target: c.target, Type: graph.RelType(c.ty)}
			r.Normalize()
			err := r.Validate()
			if c.ok {
				require.NoError(t, err)
				return
			}
			requireField(t, err, "id", "derived from the type, source and target")
		})
	}
}
