package rank

import (
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Start is where a later PageRank may start its iteration: the scores of
// an earlier run of the same computation, with a hash of each scored
// entity's id so that they can be matched with the entities of another
// snapshot. It holds no snapshot, so keeping it keeps no old graph alive.
// A Start is read-only and safe for concurrent use.
//
// Starting from it never changes an answer, only how soon it comes: the
// iteration stops by the same test as from a uniform vector.
type Start struct {
	key    string
	seed   maphash.Seed
	hashes []uint64
	x      []float64
	made   time.Time
}

// StartKey names what q computes, as opposed to what it lists: two queries
// with the same key compute the same scores on the same snapshot, so the
// Start of one serves the other. Top, ExcludeSeeds, and Kind and Label
// without Within change only the listing.
func StartKey(q Query) string {
	var b strings.Builder
	b.WriteString(string(q.Algo))
	b.WriteByte(0)
	b.WriteString(strconv.FormatBool(q.Weighted))
	if q.Within {
		b.WriteByte(0)
		b.WriteString(string(q.Kind))
		b.WriteByte(0)
		b.WriteString(q.Label)
	}
	for _, t := range q.Types {
		b.WriteByte(1)
		b.WriteString(string(t))
	}
	for _, id := range q.Seeds {
		b.WriteByte(2)
		b.WriteString(id)
	}
	return b.String()
}

// Key returns the StartKey of the query whose scores s holds.
func (s *Start) Key() string { return s.key }

// Made returns when s was computed.
func (s *Start) Made() time.Time { return s.made }

// Bytes is the memory s holds.
func (s *Start) Bytes() int64 { return int64(cap(s.hashes))*8 + int64(cap(s.x))*8 }

// idHashes returns the hash of every view node's id, on both cores.
func (v *view) idHashes(seed maphash.Seed) []uint64 {
	h := make([]uint64, v.n)
	parallel(splitEven(v.n, workers(0, v.n)), func(_ int, lo, hi int32) {
		for i := lo; i < hi; i++ {
			h[i] = maphash.String(seed, v.snap.ID(v.snapIndex(i)))
		}
	})
	return h
}

// splitEven cuts n nodes into k ranges of about the same size, as
// splitByArcs does.
func splitEven(n, k int) []int32 {
	b := make([]int32, k+1)
	for c := range b {
		b[c] = int32(n * c / k)
	}
	return b
}

// startVector lays the scores of from over the view's nodes, matching
// entities by the hash of their id: the vector PageRank starts from. Every
// entity that from scored gets its score back; one it does not know (a new
// one) gets 1/n, and PageRank normalizes the vector. It returns nil when
// from is nil.
//
// Both snapshots usually list their entities in the same order, give or
// take a few added or deleted ones, so an entity is looked for at the same
// place, shifted by what the last match found, then a few places either
// side; those not found so near are looked for in one pass over from.
// A hash that two ids share costs iterations, never accuracy.
func (v *view) startVector(from *Start, hashes []uint64) []float64 {
	if from == nil {
		return nil
	}
	old := from.hashes
	x := make([]float64, len(hashes))
	const window = 4
	shift := 0
	var missed []int32
	for i, h := range hashes {
		j := i + shift
		if j >= 0 && j < len(old) && old[j] == h {
			x[i] = from.x[j]
			continue
		}
		found := false
		for d := 1; d <= window && !found; d++ {
			for _, k := range [2]int{j + d, j - d} {
				if k >= 0 && k < len(old) && old[k] == h {
					x[i], shift, found = from.x[k], k-i, true
					break
				}
			}
		}
		if !found {
			x[i] = 1 / float64(len(hashes))
			missed = append(missed, int32(i))
		}
	}
	if len(missed) > 0 {
		want := make(map[uint64][]int32, len(missed))
		for _, i := range missed {
			want[hashes[i]] = append(want[hashes[i]], i)
		}
		for k, h := range old {
			for _, i := range want[h] {
				x[i] = from.x[k]
			}
		}
	}
	return x
}

// newStart keeps the scores x of the view's nodes, whose id hashes are
// hashes, as the Start of the computation key.
func newStart(key string, seed maphash.Seed, hashes []uint64, x []float64) *Start {
	return &Start{key: key, seed: seed, hashes: hashes, x: slices.Clip(x), made: time.Now()}
}
