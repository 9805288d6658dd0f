package http_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format/ziptest"
)

// TestHardenedInput sends what a careless or hostile client might: huge
// fields, control characters, script URLs, borrowed relationship ids, long
// CSV rows and zip bombs. Each is refused with its code and field, and
// nothing is written.
func TestHardenedInput(t *testing.T) {
	e := newEnv(t, openEmbedded)
	e.seed()
	before := snapshotOf(t, e.store)
	big := strings.Repeat("x", 32<<10)

	t.Run("long fields", func(t *testing.T) {
		requireError(t, e.call("PUT", "/api/v1/entities/p-big", e.editor, map[string]any{"kind": "person", "name": big}), 400, graph.Invalid, "name")
		requireError(t, e.call("PUT", "/api/v1/entities/p-big", e.editor, map[string]any{"kind": "person", "name": "Ana", "aliases": []string{"A", big}}), 400, graph.Invalid, "aliases")
		r := e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": big, "kind": "person", "name": "Ana"})
		requireError(t, r, 400, graph.Invalid, "id")
		assert.Less(t, len(r.Body), 2000, "the answer does not echo the id")
	})
	t.Run("control characters", func(t *testing.T) {
		for _, name := range []string{"Ana\x00", "Ana\nReyes", "Ana\u202eseyeR", "Ana\u2067x", "Ana\u0085Reyes"} {
			requireError(t, e.call("PUT", "/api/v1/entities/p-ctl", e.editor, map[string]any{"kind": "person", "name": name}), 400, graph.Invalid, "name")
		}
		requireError(t, e.call("PUT", "/api/v1/entities/p-ctl", e.editor, map[string]any{"kind": "person", "name": "Ana", "aliases": []string{"A\rB"}}), 400, graph.Invalid, "aliases")
		body, ct := multipartFiles(t, [2]string{"entities.csv", "id,kind,name\np-ctl,person,\"Ana\x00Reyes\"\n"})
		requireError(t, e.call("POST", "/api/v1/import?format=csv", e.editor, body, "Content-Type", ct), 400, graph.Invalid, "name")
	})
	t.Run("source_url", func(t *testing.T) {
		for _, u := range []string{"javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"} {
			requireError(t, e.call("PUT", "/api/v1/entities/p-url", e.editor, map[string]any{"kind": "person", "name": "Ana", "source_url": u}), 400, graph.Invalid, "source_url")
		}
	})
	t.Run("borrowed relationship id", func(t *testing.T) {
		id := graph.DefaultRelationshipID("ana", "mario", graph.Knows)
		requireError(t, e.call("PUT", "/api/v1/relationships/"+esc(id), e.editor, map[string]any{"source": "ana", "target": "pastor-lee", "type": "KNOWS"}), 400, graph.Invalid, "id")
	})
	t.Run("long CSV row", func(t *testing.T) {
		body, ct := multipartFiles(t, [2]string{"entities.csv", "id,kind,name\np1,person,Ana\np2,person," + strings.Repeat("x", 17<<20) + "\n"})
		r := e.call("POST", "/api/v1/import?format=csv", e.editor, body, "Content-Type", ct)
		requireError(t, r, 400, graph.Invalid)
		var eb struct {
			Error struct{ Details []graph.Detail } `json:"error"`
		}
		r.decode(t, &eb)
		require.NotEmpty(t, eb.Error.Details)
		d := eb.Error.Details[0]
		assert.Equal(t, "entities.csv", d.File)
		assert.Equal(t, 3, d.Line)
		assert.Equal(t, "name", d.Field)
		assert.Contains(t, d.Reason, "longer than")
		assert.Less(t, len(r.Body), 2000)
	})
	t.Run("zip bombs", func(t *testing.T) {
		bombs := map[string][]byte{
			"200 MiB of zeros":          ziptest.Bomb(t, "entities.csv", 200, 200<<20),
			"200 MiB declared as 1 KiB": ziptest.Bomb(t, "entities.csv", 200, 1<<10),
		}
		for name, bomb := range bombs {
			for _, query := range []string{"?format=csv", ""} {
				body, ct := multipartFiles(t, [2]string{"powermap-export.zip", string(bomb)})
				r := e.call("POST", "/api/v1/import"+query, e.editor, body, "Content-Type", ct)
				requireError(t, r, 413, graph.TooLarge)
				assert.Contains(t, string(r.Body), "powermap-export.zip: entities.csv", name)
				assert.Contains(t, string(r.Body), "zip bomb", name)
			}
		}
	})
	assert.Equal(t, before.revisions, snapshotOf(t, e.store).revisions, "nothing was written")
}
