package app

import (
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
)

// A view's rank cache also keeps, beside the rankings of its snapshot,
// the rank.Start of each recent computation (in starts, by rank.StartKey):
// the scores that its next run, after a write, starts from (rank.RunFrom),
// so that the first ranking on a new snapshot converges in a fraction of
// the iterations. Starts hold no snapshot and outlive the snapshot they
// were computed on.

// maxStarts caps the Starts a rank cache keeps: each holds two words per
// entity (16 MB at 1M entities).
const maxStarts = 4

// start returns the Start of q's computation that the cache keeps, from
// this snapshot or an earlier one, or nil.
func (rc *rankCache) start(q rank.Query) *rank.Start {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if res := rc.starts[rank.StartKey(q)]; res != nil {
		return res.Start()
	}
	return nil
}

// keep caches res, the ranking key of snap, and keeps its Start, if any,
// as the start of its computation's next run, in place of the one before
// (and of the oldest Start when the cache holds maxStarts). A new snapshot
// empties the rankings, not the Starts.
func (rc *rankCache) keep(snap *snapshot.Snapshot, key string, res *rank.Result) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.snap != snap || len(rc.m) >= rankCacheMax {
		rc.snap, rc.m = snap, map[string]*rank.Result{}
	}
	if st := res.Start(); st != nil {
		if rc.starts == nil {
			rc.starts = map[string]*rank.Result{}
		}
		if _, ok := rc.starts[st.Key()]; !ok && len(rc.starts) >= maxStarts {
			// Make room: drop the oldest Start.
			oldest := ""
			for k, r := range rc.starts {
				if oldest == "" || r.Start().Made().Before(rc.starts[oldest].Start().Made()) {
					oldest = k
				}
			}
			delete(rc.starts, oldest)
		}
		rc.starts[st.Key()] = res
		res = res.WithoutStart()
	}
	rc.m[key] = res
}
