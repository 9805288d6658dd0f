package app

import (
	"strings"

	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
)

// A view's rank cache also keeps, beside the rankings of its snapshot,
// the rank.Start of each recent computation: the scores that its next run,
// after a write, starts from (rank.RunFrom), so that the first ranking on a
// new snapshot converges in a fraction of the iterations. Starts hold no
// snapshot and outlive the snapshot they were computed on. They sit in the
// cache's map under startPrefix and their rank.StartKey: a ranking's key
// (rankKey) starts with its algorithm's name, never with that prefix.
const startPrefix = "\x00start\x00"

// maxStarts caps the Starts a rank cache keeps: each holds two words per
// entity (16 MB at 1M entities).
const maxStarts = 4

// start returns the Start of q's computation that the cache keeps, from
// this snapshot or an earlier one, or nil.
func (rc *rankCache) start(q rank.Query) *rank.Start {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if res := rc.m[startPrefix+rank.StartKey(q)]; res != nil {
		return res.Start()
	}
	return nil
}

// keep is put, keeping res's Start, if any, as the start of its
// computation's next run, in place of the one before (and of the oldest
// Start when the cache holds maxStarts), and carrying the Starts over when
// the snapshot changes.
func (rc *rankCache) keep(snap *snapshot.Snapshot, key string, res *rank.Result) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.snap != snap || len(rc.m) >= rankCacheMax {
		old := rc.m
		rc.snap, rc.m = snap, map[string]*rank.Result{}
		for k, r := range old {
			if strings.HasPrefix(k, startPrefix) {
				rc.m[k] = r
			}
		}
	}
	if st := res.Start(); st != nil {
		sk := startPrefix + st.Key()
		if _, ok := rc.m[sk]; !ok {
			// Make room: drop the oldest Start.
			n, oldest := 0, ""
			for k, r := range rc.m {
				if strings.HasPrefix(k, startPrefix) {
					n++
					if oldest == "" || r.Start().Made().Before(rc.m[oldest].Start().Made()) {
						oldest = k
					}
				}
			}
			if n >= maxStarts {
				delete(rc.m, oldest)
			}
		}
		rc.m[sk] = res
		res = res.WithoutStart()
	}
	rc.m[key] = res
}
