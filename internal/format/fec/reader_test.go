package fec

import (
	"context"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/congress"
	"github.com/powermap/powermap/internal/format/openstates"
	"github.com/powermap/powermap/internal/store/embedded"
)

// TestRegistryImportTogether imports the FEC sample and congress-legislators
// in one detected import, twice, through format.Registry.
func TestRegistryImportTogether(t *testing.T) {
	ctx := context.Background()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reg := format.NewRegistry([]format.Reader{Reader{}, congress.Reader{}, openstates.Reader{}}, nil)
	paths := []string{sample, congressCorpus}
	rep, err := reg.Import(ctx, st, "", paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != Name || rep.Stats.EntitiesCreated == 0 || rep.Records != 1183+1947+4042+3534+3923+4675 {
		t.Errorf("report = %+v", rep)
	}
	pacs, _ := whoFunded(t, st, congress.ID("B001295"))
	if pacs["C00110338"] != 5000 {
		t.Errorf("Bost's PACs = %v", pacs)
	}
	again, err := reg.Import(ctx, st, "", paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.Changed() {
		t.Errorf("second import changed %+v", again.Stats)
	}
	// A folder of another format is refused before it is parsed.
	_, err = reg.Import(ctx, st, openstates.Name, []string{sample}, nil)
	if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), "looks like fec") {
		t.Errorf("err = %v", err)
	}
}

// countingProgress records what a reader reports.
type countingProgress struct {
	total, done int64
	unit        string
	finished    bool
}

func (c *countingProgress) Start(total int64, unit string) { c.total, c.unit = total, unit }
func (c *countingProgress) Add(n int64)                    { c.done += n }
func (c *countingProgress) Finish()                        { c.finished = true }

// TestProgressCountsBytes checks that the progress of an FEC import runs
// through every byte of the data files, so the bar reaches its end.
func TestProgressCountsBytes(t *testing.T) {
	p := &countingProgress{}
	if _, _, err := (Reader{}).Read(context.Background(), []string{sample}, p); err != nil {
		t.Fatal(err)
	}
	if p.unit != "bytes" || p.total == 0 || p.done != p.total || !p.finished {
		t.Errorf("progress = %+v, want every byte of the data files counted", *p)
	}
}

func TestLatin1ReadsWindows1252(t *testing.T) {
	for in, want := range map[string]string{
		"SMITH, JOHN":      "SMITH, JOHN",
		"O\x92BRIEN, ANNE": "O’BRIEN, ANNE",
		"NU\xd1EZ \x96 CO": "NUÑEZ – CO",
		"A\x85B\x81":       "A…B\uFFFD",
		"TAB\tAND\x00NUL":  "TAB AND NUL",
		"DEL\x7f":          "DEL ",
	} {
		if got := latin1(in); got != want {
			t.Errorf("latin1(%q) = %q, want %q", in, got, want)
		}
	}
}
