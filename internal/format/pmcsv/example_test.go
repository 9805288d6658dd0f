package pmcsv_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/powermap/powermap/internal/format/pmcsv"
)

// Every bad row is reported with its file, line, column and reason, and no
// batch comes back.
func ExampleReader_Read() {
	dir, _ := os.MkdirTemp("", "pmcsv-example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "entities.csv"), []byte(
		"id,kind,name,ours\n"+
			"ada,person,Ada Quillfeather,true\n"+
			"bo,official,Bo Thistlewood,maybe\n"+
			"ada,official,Ada Quillfeather,true\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "relationships.csv"), []byte(
		"source,target,type,strength,since,until\n"+
			"ada,bo,KNOWS,0.6,2019,2015\n"+
			"ada,cy,KNOWS,high,,\n"), 0o644)

	b, rep, err := pmcsv.Reader{}.Read(context.Background(), []string{dir}, nil)
	fmt.Println(b == nil, err != nil)
	for _, d := range rep.Errors {
		fmt.Println(d)
	}
	// Output:
	// true true
	// entities.csv:3: ours: "maybe" is not true or false
	// entities.csv:4: kind: duplicate id "ada" with conflicting kinds: official here, person at entities.csv:2
	// relationships.csv:2: record "KNOWS:ada~bo": until: must not be before since (2019)
	// relationships.csv:3: strength: "high" is not a number
}
