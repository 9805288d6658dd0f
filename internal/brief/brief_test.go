package brief_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/brief"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// demoBrief is the brief of the demo campaign's first target, a senator,
// on the demo map with its campaign and log, as caller sees it.
func demoBrief(t *testing.T, caller app.Caller) *app.Brief {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	_, err = s.Apply(ctx, synth.Demo())
	require.NoError(t, err)
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.UTC)
	d, err := synth.DemoCampaign(synth.Demo(), now)
	require.NoError(t, err)
	_, err = s.CreateCampaign(ctx, d.Campaign)
	require.NoError(t, err)
	for _, ix := range d.Log {
		_, err := s.LogInteraction(ctx, ix)
		require.NoError(t, err)
	}
	a, err := app.New(app.Deps{Store: s, Now: func() time.Time { return now }})
	require.NoError(t, err)
	b, err := a.Brief(ctx, caller, d.Campaign.Targets[0].Entity)
	require.NoError(t, err)
	return b
}

var admin = app.Caller{Actor: "test", Role: graph.RoleAdmin}

// idLike matches a raw entity id of the demo map ("sen-03", "cstaff-01").
var idLike = regexp.MustCompile(`\b[a-z]+-\d{2,}\b`)

func TestHTMLHasEverySectionAndNoIDs(t *testing.T) {
	b := demoBrief(t, admin)
	var buf bytes.Buffer
	require.NoError(t, brief.WriteHTML(&buf, b))
	page := buf.String()
	for _, h := range brief.Sections {
		assert.Contains(t, page, "<h2>"+h+"</h2>")
	}
	assert.Contains(t, page, b.Official.Name)
	assert.Contains(t, page, b.Funding.Cycles[0].TopPACs[0].Giver.Name)
	assert.Contains(t, page, b.InnerCircle[0].Person.Name)
	assert.Contains(t, page, b.Asks[0].Ask)
	assert.Contains(t, page, app.NoTurnoutYet)
	text := regexp.MustCompile(`(?s)<style>.*</style>|<[^>]+>`).ReplaceAllString(page, " ")
	assert.Empty(t, idLike.FindAllString(text, -1), "names, not ids")
	assert.NotContains(t, page, "<script", "a page to print runs no script")
	assert.NotContains(t, page, "http", "self-contained: no link to fetch")
}

// TestPDFFitsTwoPages prints the demo senator's brief with headless
// Chromium and counts the PDF's pages. It skips without Chromium.
func TestPDFFitsTwoPages(t *testing.T) {
	chromium, err := brief.FindChromium(os.Getenv)
	if err != nil {
		t.Skip(graph.MessageOf(err))
	}
	b := demoBrief(t, admin)
	var page bytes.Buffer
	require.NoError(t, brief.WriteHTML(&page, b))
	out := filepath.Join(t.TempDir(), "brief.pdf")
	require.NoError(t, brief.WritePDF(t.Context(), chromium, page.Bytes(), out))
	pdf, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF")))
	pages := len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(pdf, -1))
	assert.GreaterOrEqual(t, pages, 1)
	assert.LessOrEqual(t, pages, 2, "the brief prints on at most two pages")
	for _, l := range []string{"letter", "A4"} {
		sized := strings.Replace(page.String(), "size: auto;", "size: "+l+";", 1)
		require.NoError(t, brief.WritePDF(t.Context(), chromium, []byte(sized), out))
		pdf, err := os.ReadFile(out)
		require.NoError(t, err)
		n := len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(pdf, -1))
		assert.LessOrEqual(t, n, 2, "%s: %d pages", l, n)
	}
}

func TestNoChromiumSaysWhatIsNeeded(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := brief.FindChromium(func(string) string { return "" })
	require.Error(t, err)
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err))
	assert.Contains(t, graph.MessageOf(err), "Chromium")
	assert.Contains(t, graph.MessageOf(err), "CHROMIUM")
	_, err = brief.FindChromium(func(string) string { return "/nonexistent/chrome" })
	assert.Contains(t, graph.MessageOf(err), "CHROMIUM=/nonexistent/chrome")
}
