package pmcsv

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/powermap/powermap/internal/format"
)

// filler yields n bytes of b.
type filler struct {
	b byte
	n int64
}

func (f *filler) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), f.n)]
	for i := range p {
		p[i] = f.b
	}
	f.n -= int64(len(p))
	return len(p), nil
}

// counter counts the bytes read through it.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestLongRowIsRefusedWithoutReadingIt(t *testing.T) {
	cases := []struct {
		name  string
		max   int64
		src   func() io.Reader
		line  int
		field string
	}{
		{"a 60 MB line", format.MaxRecordBytes, func() io.Reader {
			return io.MultiReader(strings.NewReader("id,kind,name\np1,person,Ana\np2,person,"), &filler{'x', 60 << 20}, strings.NewReader("\n"))
		}, 3, "name"},
		{"a quoted cell of many short lines", 256 << 10, func() io.Reader {
			return io.MultiReader(strings.NewReader("id,kind,name,notes\n\"p1\",person,Ana,\"one\ntwo\"\np2,person,Bo,\""),
				&filler{'\n', 8 << 20}, strings.NewReader("\"\n"))
		}, 4, "notes"},
		{"a long header", 256 << 10, func() io.Reader {
			return io.MultiReader(strings.NewReader("id,kind,name,"), &filler{'h', 8 << 20}, strings.NewReader("\np1,person,Ana\n"))
		}, 1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := format.NewReport("csv")
			d := newDecoder(rep, nil)
			d.maxRecord = c.max
			src := &counter{r: c.src()}
			if err := d.read(context.Background(), src, EntitiesFile, entityFile); err != nil {
				t.Fatal(err)
			}
			if !rep.Failed() {
				t.Fatal("the long row was accepted")
			}
			e := rep.Errors[len(rep.Errors)-1]
			if e.File != EntitiesFile || e.Line != c.line || e.Field != c.field || !strings.Contains(e.Reason, "longer than") {
				t.Errorf("got %+v, want %s line %d field %q", e, EntitiesFile, c.line, c.field)
			}
			if src.n > c.max+256<<10 {
				t.Errorf("read %d bytes to refuse a row over %d", src.n, c.max)
			}
		})
	}
}

func TestRowsUnderTheCapAreRead(t *testing.T) {
	rep := format.NewReport("csv")
	d := newDecoder(rep, nil)
	d.maxRecord = 256 << 10
	notes := strings.Repeat("n", 60<<10)
	var b strings.Builder
	b.WriteString("id,kind,name,notes\n")
	for i := range 50 {
		b.WriteString("p" + string(rune('a'+i%26)) + strings.Repeat("x", i) + ",person,Ana,\"" + notes + "\"\n")
	}
	if err := d.read(context.Background(), strings.NewReader(b.String()), EntitiesFile, entityFile); err != nil {
		t.Fatal(err)
	}
	if rep.Failed() || len(d.collect.Batch().Entities) != 50 {
		t.Fatalf("errors: %v", rep.Errors)
	}
}
