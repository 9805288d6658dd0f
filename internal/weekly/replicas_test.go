package weekly_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/weekly"
)

// Several servers share one store and each runs the weekly scheduler: each
// week's run happens exactly once, whoever ticks first.
func TestServersSharingAStoreRunEachWeekOnce(t *testing.T) {
	testRunOnce(t, newState(t))
}

func TestServersSharingNeo4jRunEachWeekOnce(t *testing.T) {
	testRunOnce(t, neo4jtest.Open(t))
}

func testRunOnce(t *testing.T, state weekly.State) {
	rec := &recorder{}
	clk := newClock(at(2026, 11, 30, 8))
	servers := make([]*weekly.Scheduler, 4)
	for i := range servers {
		servers[i] = &weekly.Scheduler{Name: "weekly-outreach", Schedule: weekly.Default(ny), Job: rec.job, State: state, Clock: clk}
	}
	for week := range 3 {
		clk.set(at(2026, 11, 30, 8).AddDate(0, 0, 7*week))
		var wg sync.WaitGroup
		ran := make([]bool, len(servers))
		errs := make([]error, len(servers))
		for i, s := range servers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ran[i], errs[i] = s.Tick(t.Context())
			}()
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		n := 0
		for _, r := range ran {
			if r {
				n++
			}
		}
		assert.Equal(t, 1, n, "week %d: exactly one server ran the job", week)
	}
	assert.Len(t, rec.got(), 3, "one run per week, in all")
}
