package synth_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/synth"
)

// The demo's extras, built from the index, equal those built from the
// whole map: for the demo, a larger map, a map too small for events, and
// the smallest map (too small for anything).
func TestDemoIndexGivesTheWholeMapsExtras(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	for _, cfg := range []synth.Config{
		synth.DemoConfig(),
		{Entities: 12_000, Seed: 7, TiesPerEntity: 4.5},
		{Entities: 400, Seed: 3},
		{Entities: synth.MinEntities, Seed: 1},
	} {
		t.Run(fmt.Sprintf("%d/%d", cfg.Entities, cfg.Seed), func(t *testing.T) {
			whole := synth.Batch(cfg)
			var x synth.DemoIndex
			require.NoError(t, synth.Generate(cfg, x.Funcs()))
			ix := x.Batch()
			if cfg.Entities >= 2000 {
				assert.Less(t, len(ix.Entities), len(whole.Entities)/4, "the index holds a small part of the entities")
				assert.Less(t, len(ix.Relationships), len(whole.Relationships)/10, "and of the relationships")
			}
			t.Logf("index: %d of %d entities, %d of %d relationships", len(ix.Entities), len(whole.Entities), len(ix.Relationships), len(whole.Relationships))

			assert.Equal(t, synth.DemoSpeakers(whole, today), synth.DemoSpeakers(ix, today), "speakers")
			wc, werr := synth.DemoCampaign(whole, today)
			ic, ierr := synth.DemoCampaign(ix, today)
			assert.Equal(t, werr, ierr, "campaign error")
			assert.Equal(t, wc, ic, "campaign")
			we, werr := synth.DemoEvents(whole, today)
			ie, ierr := synth.DemoEvents(ix, today)
			assert.Equal(t, werr, ierr, "events error")
			assert.Equal(t, we, ie, "events")
			wm, werr := synth.DemoCommunity(whole, today)
			im, ierr := synth.DemoCommunity(ix, today)
			assert.Equal(t, werr, ierr, "community error")
			assert.Equal(t, wm, im, "community")
		})
	}
	// The demo itself has every extra: the comparison above is not of
	// empty results.
	d := synth.Demo()
	require.NotEmpty(t, synth.DemoSpeakers(d, today))
	_, err := synth.DemoCampaign(d, today)
	require.NoError(t, err)
	_, err = synth.DemoEvents(d, today)
	require.NoError(t, err)
	_, err = synth.DemoCommunity(d, today)
	require.NoError(t, err)
}
