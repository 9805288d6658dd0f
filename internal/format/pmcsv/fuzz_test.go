package pmcsv

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// fuzzRead reads data as one file of the given kind, after the given
// entities file when there is one.
func fuzzRead(t *testing.T, ents []byte, data []byte, kind fileKind) (*graph.Batch, *format.Report) {
	rep := format.NewReport("csv")
	d := newDecoder(rep, nil)
	ctx := context.Background()
	if ents != nil {
		if err := d.read(ctx, bytes.NewReader(ents), EntitiesFile, entityFile); err != nil {
			t.Fatal(err)
		}
	}
	name := EntitiesFile
	if kind == relationshipFile {
		name = RelationshipsFile
	}
	if err := d.read(ctx, bytes.NewReader(data), name, kind); err != nil {
		t.Fatalf("read failed outright: %v", err)
	}
	return d.collect.Batch(), rep
}

// checkAccepted asserts the fuzz invariants of a read: either the report
// holds an error, or every row became a valid record (or an exact
// duplicate, or a blank row), and writing the records back and reading them
// again gives the same records.
func checkAccepted(t *testing.T, b *graph.Batch, rep *format.Report) {
	if rep.Failed() {
		if b != nil {
			t.Fatal("a batch came back with errors")
		}
		for _, d := range rep.Errors {
			if d.File == "" || d.Line <= 0 || d.Reason == "" {
				t.Fatalf("error without a place or reason: %+v", d)
			}
		}
		return
	}
	dups := 0
	for _, s := range rep.Skipped {
		if strings.HasPrefix(s.Reason, "duplicate of") {
			dups++
		}
	}
	n := len(b.Entities) + len(b.Relationships) // with the entities file's rows, when there is one
	if rep.Records != n+dups {
		t.Fatalf("%d rows read, %d records kept and %d duplicates", rep.Records, n, dups)
	}
	if err := b.Prepare(); err != nil {
		t.Fatalf("an accepted batch is invalid: %v", err)
	}
	if len(rep.Unresolved) > 0 {
		return // the store decides; an export leaves dangling ties out
	}
	var ebuf, rbuf bytes.Buffer
	err := write(context.Background(), format.BatchSource(b, format.Everything),
		func() (w io.Writer, err error) { return &ebuf, nil },
		func() (w io.Writer, err error) { return &rbuf, nil })
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	rep2 := format.NewReport("csv")
	d := newDecoder(rep2, nil)
	d.read(context.Background(), &ebuf, EntitiesFile, entityFile)
	d.read(context.Background(), &rbuf, RelationshipsFile, relationshipFile)
	b2 := d.collect.Batch()
	if rep2.Failed() {
		t.Fatalf("the export of an accepted file does not read back: %v\n%s\n%s", rep2.Errors, ebuf.String(), rbuf.String())
	}
	if len(b2.Entities) != len(b.Entities) || len(b2.Relationships) != len(b.Relationships) {
		t.Fatalf("round trip: %d/%d records, want %d/%d", len(b2.Entities), len(b2.Relationships), len(b.Entities), len(b.Relationships))
	}
	for i := range b.Entities {
		if b.Entities[i].Revision() != b2.Entities[i].Revision() {
			t.Fatalf("entity round trip:\n%+v\n%+v", b.Entities[i], b2.Entities[i])
		}
	}
	for i := range b.Relationships {
		if b.Relationships[i].Revision() != b2.Relationships[i].Revision() {
			t.Fatalf("relationship round trip:\n%+v\n%+v", b.Relationships[i], b2.Relationships[i])
		}
	}
}

func seedFiles(f *testing.F, paths ...string) {
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzReadEntities(f *testing.F) {
	seedFiles(f, "testdata/small/entities.csv", "testdata/excel/entities.csv")
	for _, s := range []string{
		"id,kind,name\na,person,Ada\n",
		"id,kind,name,labels,aliases,ours,private,prop:name\na,official,Ada,x|y\\|z,A\\\\|B,yes,0,p\n",
		"id,kind,name\na,alien,Ada\na,person,\n",
		"id,kind,name\na,person,\"Ada\n",
		"kind,name,id,\n",
		"id,kind,name,Name\n",
		"\xef\xbb\xbfid,kind,name\r\na,person,Ad\xe1\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, rep := fuzzRead(t, nil, data, entityFile)
		checkAccepted(t, b, rep)
	})
}

func FuzzReadRelationships(f *testing.F) {
	ents := []byte("id,kind,name\na,person,Ada\nb,official,Bo\nc,organization,Cee\n")
	seedFiles(f, "testdata/small/relationships.csv", "testdata/excel/relationships.csv")
	for _, s := range []string{
		"source,target,type\na,b,KNOWS\n",
		"id,source,target,type,strength,since,until,amount,date,count\nr,a,b,DONATED_TO,0.25,2019,2020-02,12.5,2020-01-31,3\n",
		"source,target,type,strength\na,b,knows,1.5\nb,a,friend of,NaN\na,a,KNOWS,\n",
		"source,target,type,since,until\na,b,KNOWS,2019,2015\n",
		"source,target,type\na,zz,KNOWS\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, rep := fuzzRead(t, ents, data, relationshipFile)
		checkAccepted(t, b, rep)
	})
}
