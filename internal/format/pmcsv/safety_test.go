package pmcsv_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmcsv"
)

// formulaBatch holds text that spreadsheets would evaluate, and text that
// begins with the quote that escapes it.
func formulaBatch() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "=id", Kind: graph.KindPerson, Name: "=SUM(A1)", Aliases: []string{"-5 degrees", "@home", "+1 555", "'quoted"},
				Labels: []string{"-x", "@y"}, Title: "'=already escaped", Party: "+", Phone: "+1 555 0100", Email: "@me",
				Notes: "\t=cmd|' /C calc'!A0", Props: map[string]string{"=k": "=HYPERLINK(\"http://evil\")", "'": "''", "n": "-5"}},
			{ID: "'", Kind: graph.KindOrganization, Name: "'"},
			{ID: "-7", Kind: graph.KindDonor, Name: "-7", District: "-1"},
		},
		Relationships: []graph.Relationship{
			{Source: "=id", Target: "'", Type: graph.MemberOf, Strength: 0.25, Notes: "@SUM(1+1)*cmd|' /C calc'!A0"},
			{ID: "-gift", Source: "-7", Target: "'", Type: graph.DonatedTo, Amount: 12.5, Props: map[string]string{"+p": "-"}},
		},
	}
}

func TestRoundTripFormulaCells(t *testing.T) {
	b := formulaBatch()
	if err := b.Prepare(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := pmcsv.WriteDir(context.Background(), dir, format.BatchSource(b, format.Everything)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{pmcsv.EntitiesFile, pmcsv.RelationshipsFile} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, cell := range row {
				if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					continue
				}
				if _, err := strconv.ParseFloat(cell, 64); err != nil {
					t.Errorf("%s row %d column %d: %q reads as a formula", name, i+1, j+1, cell)
				}
			}
		}
	}
	got, _, err := read(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	sameBatch(t, b, got)

	// The zip of an HTTP download too.
	var zbuf bytes.Buffer
	if err := (pmcsv.Writer{}).Write(context.Background(), &zbuf, format.BatchSource(b, format.Everything)); err != nil {
		t.Fatal(err)
	}
	zp := filepath.Join(t.TempDir(), "export.zip")
	if err := os.WriteFile(zp, zbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, err = read(t, zp)
	if err != nil {
		t.Fatal(err)
	}
	sameBatch(t, b, got)
}

func TestReadUnescapesFormulaCells(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		pmcsv.EntitiesFile: "id,kind,name,aliases,'=prop\n" +
			"a,person,'=SUM(A1),'-5 degrees|@home,'+1\n" +
			"b,person,''quoted,'plain,-5\n",
	})
	b, _, err := read(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	a, bb := entityByID(b, "a"), entityByID(b, "b")
	if a.Name != "=SUM(A1)" || strings.Join(a.Aliases, "|") != "-5 degrees|@home" || a.Props["=prop"] != "+1" {
		t.Errorf("a: %+v", a)
	}
	if bb.Name != "'quoted" || strings.Join(bb.Aliases, "|") != "'plain" || bb.Props["=prop"] != "-5" {
		t.Errorf("b: %+v", bb)
	}
}
