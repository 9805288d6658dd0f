package format_test

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/congress"
	"github.com/powermap/powermap/internal/format/openstates"
	"github.com/powermap/powermap/internal/format/pmjson"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// The data of the identifier tests: the current US Congress from
// congress-legislators, and members of the same Congress from Open States,
// with the same Bioguide ids (see testdata/SOURCE.txt).
const (
	congressDir = "congress/testdata/congress-legislators"
	usSample    = "testdata/openstates-us-sample"
	usFull      = "testdata/openstates-us-legislature.tar.gz"
)

// stores opens an empty store of each backend for one test; Neo4j is
// skipped when NEO4J_URI is unset (see neo4jtest).
var stores = []struct {
	name string
	open func(t *testing.T) graph.Store
}{
	{"embedded", func(t *testing.T) graph.Store {
		s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}},
	{"neo4j", func(t *testing.T) graph.Store { return neo4jtest.Open(t) }},
}

func identityRegistry() *format.Registry {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return format.NewRegistry([]format.Reader{
		congress.Reader{}, openstates.Reader{Options: openstates.Options{Now: now}}, pmjson.Reader{},
	}, nil)
}

func importPath(t *testing.T, s graph.Store, path string) *format.Report {
	t.Helper()
	rep, err := identityRegistry().Import(t.Context(), s, "", []string{path}, nil)
	require.NoError(t, err, "import %s: %+v", path, rep)
	return rep
}

// bioguides maps each Bioguide id in the store to the entities carrying it.
func bioguides(t *testing.T, s graph.Store) (map[string][]string, map[string]graph.Entity) {
	t.Helper()
	by := map[string][]string{}
	ents := map[string]graph.Entity{}
	_, err := s.Stream(t.Context(), graph.StreamFuncs{Entity: func(e *graph.Entity) error {
		ents[e.ID] = *e
		vals := e.IdentifierValues(graph.SchemeBioguide)
		if len(vals) > 1 {
			t.Errorf("false merge: %s carries bioguide ids %v", e.ID, vals)
		}
		for _, v := range vals {
			by[v] = append(by[v], e.ID)
		}
		return nil
	}})
	require.NoError(t, err)
	return by, ents
}

// members reads the Bioguide ids of the people files under dir.
func members(t *testing.T, dir string) map[string]string {
	t.Helper()
	res, err := openstates.Read(t.Context(), os.DirFS(dir), openstates.Options{})
	require.NoError(t, err)
	out := map[string]string{} // bioguide → ocd-person id
	for _, e := range res.Batch.Entities {
		if v := e.IdentifierValues(graph.SchemeBioguide); len(v) == 1 {
			out[v[0]] = e.ID
		}
	}
	return out
}

func congressMembers(t *testing.T) map[string]bool {
	t.Helper()
	res, err := congress.Read(t.Context(), os.DirFS(congressDir))
	require.NoError(t, err)
	out := map[string]bool{}
	for _, e := range res.Batch.Entities {
		for _, v := range e.IdentifierValues(graph.SchemeBioguide) {
			out[v] = true
		}
	}
	return out
}

// committeeOf writes an Open States committee whose members are the given
// people (by ocd-person id) into a new folder beside a copy of people, so
// that the Open States import brings ties of its own.
func withCommittee(t *testing.T, people string, ocd []string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(filepath.Join(dir, "legislature"), os.DirFS(filepath.Join(people, "legislature"))))
	var b strings.Builder
	b.WriteString("id: ocd-organization/00000000-0000-4000-8000-00000000c0de\n" +
		"jurisdiction: ocd-jurisdiction/country:us/government\nclassification: committee\n" +
		"name: Test Caucus\nchamber: upper\nmembers:\n")
	for _, id := range ocd {
		b.WriteString("- name: Member\n  role: member\n  person_id: " + id + "\n")
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "committees"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "committees", "test-caucus.yml"), []byte(b.String()), 0o644))
	return dir
}

// checkOneNodePerMember imports congress-legislators and the Open States
// people under people in both orders, on both stores, and checks that
// every member is one entity, that no entity carries two members, and that
// ties from both sources reach that entity.
func checkOneNodePerMember(t *testing.T, people string) {
	osm := members(t, people)
	cg := congressMembers(t)
	union := map[string]bool{}
	for b := range osm {
		union[b] = true
	}
	for b := range cg {
		union[b] = true
	}
	var sample []string // Open States members with a congress-legislators twin
	for b, ocd := range osm {
		if cg[b] && len(sample) < 5 {
			sample = append(sample, ocd)
		}
	}
	osDir := withCommittee(t, people, sample)
	t.Logf("members: %d in Open States, %d in congress-legislators, %d in both, %d together",
		len(osm), len(cg), len(osm)+len(cg)-len(union), len(union))

	for _, st := range stores {
		for _, order := range []string{"congress-first", "openstates-first"} {
			t.Run(st.name+"/"+order, func(t *testing.T) {
				s := st.open(t)
				paths := []string{congressDir, osDir}
				if order == "openstates-first" {
					paths[0], paths[1] = paths[1], paths[0]
				}
				importPath(t, s, paths[0])
				rep := importPath(t, s, paths[1])
				assert.Equal(t, len(osm)+len(cg)-len(union), rep.MergeCount, "the second import merges every shared member")
				for _, sk := range rep.Skipped {
					assert.NotContains(t, sk.Reason, "not merged", "%+v", sk)
				}

				by, ents := bioguides(t, s)
				officials := 0
				for _, e := range ents {
					if e.Kind == graph.KindOfficial {
						officials++
					}
				}
				t.Logf("%s: %d officials, %d entities with a bioguide id, for %d members", order, officials, len(by), len(union))
				assert.Equal(t, len(union), officials, "one official per member")
				for b := range union {
					assert.Len(t, by[b], 1, "bioguide %s", b)
				}

				// The merged entity carries both sources' ids and ties:
				// congress committees and the Open States caucus.
				for _, ocd := range sample {
					var e graph.Entity
					for _, x := range ents {
						if len(x.IdentifierValues(graph.SchemeOCDPerson)) > 0 && x.IdentifierValues(graph.SchemeOCDPerson)[0] == ocd {
							e = x
						}
					}
					require.NotEmpty(t, e.ID, "no entity carries %s", ocd)
					b := e.IdentifierValues(graph.SchemeBioguide)[0]
					assert.Equal(t, order == "congress-first", e.ID == congress.ID(b), "the first import's id is kept: %s", e.ID)
					ns, err := s.Neighbors(t.Context(), e.ID, []graph.RelType{graph.ServesOn})
					require.NoError(t, err)
					var fromCongress, fromOpenStates int
					for _, n := range ns {
						switch {
						case strings.HasPrefix(n.Entity.ID, "congress:"):
							fromCongress++
						case strings.HasPrefix(n.Entity.ID, "ocd-organization/"):
							fromOpenStates++
						}
					}
					assert.Equal(t, 1, fromOpenStates, "%s: the Open States tie", e.ID)
					if cgTies(t, b) > 0 {
						assert.Equal(t, cgTies(t, b), fromCongress, "%s: the congress committee ties", e.ID)
					}
				}

				// Importing the second source again changes nothing.
				again := importPath(t, s, paths[1])
				assert.False(t, again.Stats.Changed(), "%+v", again.Stats)
			})
		}
	}
}

var cgTieCount map[string]int

// cgTies counts the committee memberships of a member in
// congress-legislators.
func cgTies(t *testing.T, bioguide string) int {
	if cgTieCount == nil {
		res, err := congress.Read(t.Context(), os.DirFS(congressDir))
		require.NoError(t, err)
		cgTieCount = map[string]int{}
		for _, r := range res.Batch.Relationships {
			if r.Type == graph.ServesOn {
				cgTieCount[r.Source]++
			}
		}
	}
	return cgTieCount[congress.ID(bioguide)]
}

func TestIdentifiersMergeOpenStatesSample(t *testing.T) {
	checkOneNodePerMember(t, usSample)
}

// TestIdentifiersMergeOpenStatesFull runs the same check on the whole
// federal legislature in Open States (536 members).
func TestIdentifiersMergeOpenStatesFull(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole federal legislature: not with -short")
	}
	dir := t.TempDir()
	untar(t, usFull, dir)
	checkOneNodePerMember(t, dir)
}

func untar(t *testing.T, archive, dir string) {
	t.Helper()
	f, err := os.Open(archive)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		require.NoError(t, err)
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		require.True(t, strings.HasPrefix(name, dir+string(filepath.Separator)), "archive path %q", h.Name)
		switch h.Typeflag {
		case tar.TypeDir:
			require.NoError(t, os.MkdirAll(name, 0o755))
		case tar.TypeReg:
			require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
			b, err := io.ReadAll(io.LimitReader(tr, 1<<20))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(name, b, 0o644))
		}
	}
}

// importJSON writes doc as a powermap JSON file and imports it.
func importJSON(t *testing.T, s graph.Store, doc string) *format.Report {
	t.Helper()
	path := filepath.Join(t.TempDir(), "map.json")
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	return importPath(t, s, path)
}

func entity(t *testing.T, s graph.Store, id string) graph.Entity {
	t.Helper()
	e, err := s.Entity(t.Context(), id)
	require.NoError(t, err)
	return e
}

func TestIdentifiersMergeRules(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			s := st.open(t)
			ctx := t.Context()
			importJSON(t, s, `{"entities": [
				{"id": "a", "kind": "official", "name": "Ann Able", "title": "Senator", "labels": ["staff"], "private": true,
				 "props": {"id.bioguide": "A000001", "id.fec": "S0AA00001", "source": "notes"}},
				{"id": "b", "kind": "official", "name": "Bo Best", "props": {"id.bioguide": "B000001", "id.fec": "H0BB00001"}},
				{"id": "org", "kind": "organization", "name": "Able PAC", "props": {"id.opensecrets": "D000000001"}}
			]}`)

			// One import: a record merged by identifier, a tie to it by
			// its importer's id, and ties by identifier reference.
			rep := importJSON(t, s, `{"entities": [
				{"id": "ann-2", "kind": "person", "name": "Ann B. Able", "title": "U.S. Senator", "labels": ["board"],
				 "props": {"id.fec": "s0aa00001", "id.wikidata": "Q1", "source": "json"}},
				{"id": "ann-3", "kind": "person", "name": "Ann Able", "props": {"id.wikidata": "Q1", "id.icpsr": "1"}},
				{"id": "club", "kind": "organization", "name": "Club"}
			], "relationships": [
				{"source": "ann-2", "target": "club", "type": "MEMBER_OF"},
				{"source": "ann-3", "target": "club", "type": "MEMBER_OF"},
				{"source": "bioguide:B000001", "target": "club", "type": "MEMBER_OF"},
				{"source": "ann-2", "target": "ann-3", "type": "KNOWS"}
			]}`)
			assert.Equal(t, 2, rep.MergeCount, "%+v", rep.Merged)
			require.NotEmpty(t, rep.Merged)
			assert.Equal(t, format.Merge{Record: "ann-2", Into: "a", By: "fec:S0AA00001", Replaced: []string{"title"}}, rep.Merged[0])
			a := entity(t, s, "a")
			assert.Equal(t, "Ann Able", a.Name, "the last record's name")
			assert.Equal(t, []string{"Ann B. Able"}, a.Aliases, "an earlier name is an alias")
			assert.Equal(t, graph.KindOfficial, a.Kind, "the more specific kind")
			assert.Equal(t, "U.S. Senator", a.Title)
			assert.Equal(t, []string{"board", "staff"}, a.Labels)
			assert.True(t, a.Private, "a merge never makes a private entity public")
			assert.Equal(t, "notes,json", a.Props["source"])
			assert.Equal(t, []graph.Identifier{{Scheme: "bioguide", Value: "A000001"}, {Scheme: "fec", Value: "S0AA00001"},
				{Scheme: "icpsr", Value: "1"}, {Scheme: "wikidata", Value: "Q1"}}, a.Identifiers())
			for _, id := range []string{"ann-2", "ann-3"} {
				_, err := s.Entity(ctx, id)
				assert.True(t, graph.Is(err, graph.NotFound), "%s was merged, not written", id)
			}
			// The ties follow: the two MEMBER_OF ties are one now; the
			// KNOWS tie between the two merged records is left out.
			ns, err := s.Neighbors(ctx, "a", nil)
			require.NoError(t, err)
			require.Len(t, ns, 1)
			assert.Equal(t, graph.DefaultRelationshipID("a", "club", graph.MemberOf), ns[0].Relationship.ID)
			ns, err = s.Neighbors(ctx, "b", nil)
			require.NoError(t, err)
			require.Len(t, ns, 1, "bioguide:B000001 names b")
			reasons := ""
			for _, sk := range rep.Skipped {
				reasons += sk.Record + " " + sk.Reason + "\n"
			}
			assert.Contains(t, reasons, "both ends are now the one entity")

			// Records that would make a false merge keep their own id.
			before, err := s.Counts(ctx)
			require.NoError(t, err)
			rep = importJSON(t, s, `{"entities": [
				{"id": "two", "kind": "official", "name": "Two", "props": {"id.fec": "S0AA00001|H0BB00001"}},
				{"id": "other", "kind": "official", "name": "Other", "props": {"id.bioguide": "X000009", "id.fec": "H0BB00001"}},
				{"id": "pac-person", "kind": "person", "name": "Pat", "props": {"id.opensecrets": "D000000001"}}
			]}`)
			assert.Zero(t, rep.MergeCount)
			require.Len(t, rep.Skipped, 3, "%+v", rep.Skipped)
			byRecord := map[string]format.Skip{}
			for _, sk := range rep.Skipped {
				byRecord[sk.Record] = sk
			}
			assert.Contains(t, byRecord["two"].Reason, "several entities")
			assert.Equal(t, "props.id.fec", byRecord["two"].Field)
			assert.Contains(t, byRecord["other"].Reason, "different bioguide ids (B000001 and X000009)")
			assert.Equal(t, "props.id.fec", byRecord["other"].Field)
			assert.Contains(t, byRecord["pac-person"].Reason, "organization")
			after, err := s.Counts(ctx)
			require.NoError(t, err)
			assert.Equal(t, before.Entities+3, after.Entities, "each is written under its own id")
			b := entity(t, s, "b")
			assert.Equal(t, []string{"B000001"}, b.IdentifierValues(graph.SchemeBioguide), "b is untouched")
			assert.Equal(t, "Bo Best", b.Name)
		})
	}
}
