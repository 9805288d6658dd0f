package pmjson

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/powermap/powermap/internal/format"
)

// FuzzRead checks that no document panics the reader, that every problem is
// placed, and that whatever is accepted is valid and reads back the same
// after an export.
func FuzzRead(f *testing.F) {
	data, err := os.ReadFile("testdata/small.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, s := range []string{
		`{"entities": [], "relationships": []}`,
		`{"relationships": [{"source": "a", "target": "b", "type": "KNOWS", "strength": 2}]}`,
		`{"entities": [{"id": "a", "kind": "person", "name": "Ada", "x": 1}]}`,
		`{"entities": null, "relationships": [{"source": "a"`,
		"[1]", "", "\xef\xbb\xbf{}", `{"entities": [1, "a", null]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		rep := format.NewReport("json")
		c := format.NewCollector(rep)
		if err := decode(ctx, bytes.NewReader(data), "map.json", c, rep, format.Nop{}); err != nil {
			t.Fatalf("decode failed outright: %v", err)
		}
		b := c.Batch()
		if rep.Failed() {
			for _, d := range rep.Errors {
				if d.File == "" || d.Line <= 0 || d.Reason == "" {
					t.Fatalf("error without a place or reason: %+v", d)
				}
			}
			return
		}
		if err := b.Prepare(); err != nil {
			t.Fatalf("an accepted batch is invalid: %v", err)
		}
		if len(rep.Unresolved) > 0 {
			return
		}
		var out bytes.Buffer
		if err := (Writer{}).Write(ctx, &out, format.BatchSource(b, format.Everything)); err != nil {
			t.Fatal(err)
		}
		rep2 := format.NewReport("json")
		c2 := format.NewCollector(rep2)
		if err := decode(ctx, &out, "map.json", c2, rep2, format.Nop{}); err != nil || rep2.Failed() {
			t.Fatalf("the export does not read back: %v %v", err, rep2.Errors)
		}
		b2 := c2.Batch()
		if len(b2.Entities) != len(b.Entities) || len(b2.Relationships) != len(b.Relationships) {
			t.Fatal("round trip lost records")
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
	})
}
