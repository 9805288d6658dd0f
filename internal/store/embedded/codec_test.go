package embedded

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/storetest"
)

func codecEntities() []graph.Entity {
	b := storetest.SmallMap()
	b.Prepare()
	return append(b.Entities,
		graph.Entity{ID: "e", Kind: graph.KindPerson, Name: "x"},
		graph.Entity{ID: "ü\x00nul", Kind: graph.KindDonor, Name: "Ñ", Ours: true, Private: true,
			Labels: []string{"a", "b"}, Aliases: []string{"z", "y"}, Props: map[string]string{"k": "", "ключ": "значение"},
			Notes: string(make([]byte, 300))},
	)
}

func codecRelationships() []graph.Relationship {
	b := storetest.SmallMap()
	b.Prepare()
	return append(b.Relationships,
		graph.Relationship{ID: "r", Source: "a", Target: "b", Type: graph.Knows, Strength: math.SmallestNonzeroFloat64,
			Amount: math.MaxFloat64, Props: map[string]string{"p": "q", "": ""}},
		graph.Relationship{ID: "nan", Source: "a", Target: "b", Type: "NOT_A_TYPE", Strength: 1, Amount: math.Inf(1)},
	)
}

func TestCodecRoundTrip(t *testing.T) {
	for _, e := range codecEntities() {
		enc := encodeEntity(&e)
		require.Equal(t, entityFormat, enc[0], "the encoding starts with its format byte")
		var got graph.Entity
		require.NoError(t, decodeEntity(enc, &got))
		assert.Equal(t, e, got)
		assert.Equal(t, enc, encodeEntity(&got), "encoding is canonical")
	}
	for _, r := range codecRelationships() {
		enc := encodeRelationship(&r)
		var got graph.Relationship
		require.NoError(t, decodeRelationship(enc, &got))
		assert.Equal(t, r, got)
		id, src, tgt, typ, err := relEndpoints(enc)
		require.NoError(t, err)
		assert.Equal(t, []string{r.ID, r.Source, r.Target, string(r.Type)}, []string{string(id), string(src), string(tgt), string(typ)})
	}
}

func TestCodecCanonicalProps(t *testing.T) {
	// Maps iterate in random order; the encoding must not.
	props := map[string]string{}
	for i := 0; i < 50; i++ {
		props[string(rune('a'+i%26))+string(rune('A'+i/26))] = "v"
	}
	e := graph.Entity{ID: "x", Kind: graph.KindPerson, Name: "X", Props: props}
	first := encodeEntity(&e)
	for i := 0; i < 20; i++ {
		require.Equal(t, first, encodeEntity(&e))
	}
}

func TestCodecRefusesCorruptData(t *testing.T) {
	for _, e := range codecEntities() {
		enc := encodeEntity(&e)
		for n := 0; n < len(enc); n++ {
			var got graph.Entity
			assert.Error(t, decodeEntity(enc[:n], &got), "entity %q cut at %d", e.ID, n)
		}
		assert.Error(t, decodeEntity(append(enc, 0), new(graph.Entity)), "trailing bytes")
		bad := append([]byte{entityFormat + 1}, enc[1:]...)
		assert.Error(t, decodeEntity(bad, new(graph.Entity)), "unknown format")
	}
	for _, r := range codecRelationships() {
		enc := encodeRelationship(&r)
		for n := 0; n < len(enc); n++ {
			assert.Error(t, decodeRelationship(enc[:n], new(graph.Relationship)), "relationship %q cut at %d", r.ID, n)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, e := range codecEntities() {
		f.Add(encodeEntity(&e))
	}
	for _, r := range codecRelationships() {
		f.Add(encodeRelationship(&r))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var e graph.Entity
		if decodeEntity(b, &e) == nil {
			var again graph.Entity
			require.NoError(t, decodeEntity(encodeEntity(&e), &again))
		}
		var r graph.Relationship
		if decodeRelationship(b, &r) == nil {
			_, _, _, _, err := relEndpoints(b)
			require.NoError(t, err)
		}
	})
}
