package format_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmcsv"
	"github.com/powermap/powermap/internal/format/pmjson"
	"github.com/powermap/powermap/internal/store/embedded"
)

// A program builds its registry from the formats it offers, then imports
// all-or-nothing: the first import creates, the second finds nothing to do.
func ExampleRegistry_Import() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "format-example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "entities.csv"), []byte(
		"id,kind,name,ours\n"+
			"ada,person,Ada Quillfeather,true\n"+
			"bo,official,Bo Thistlewood,false\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "relationships.csv"), []byte(
		"source,target,type,strength\n"+
			"ada,bo,KNOWS,0.6\n"), 0o644)

	store, err := embedded.Open(filepath.Join(dir, "data"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	formats := format.NewRegistry(
		[]format.Reader{pmcsv.Reader{}, pmjson.Reader{}},
		[]format.Writer{pmcsv.Writer{}, pmjson.Writer{}},
	).WithLogger(slog.New(slog.DiscardHandler))

	for range 2 {
		rep, err := formats.Import(ctx, store, "", []string{dir}, format.Nop{})
		if err != nil {
			fmt.Println(err)
			return
		}
		s := rep.Stats
		fmt.Printf("%s: %d records; created %d+%d, unchanged %d+%d\n", rep.Format, rep.Records,
			s.EntitiesCreated, s.RelationshipsCreated, s.EntitiesUnchanged, s.RelationshipsUnchanged)
	}
	// Output:
	// csv: 3 records; created 2+1, unchanged 0+0
	// csv: 3 records; created 0+0, unchanged 2+1
}
