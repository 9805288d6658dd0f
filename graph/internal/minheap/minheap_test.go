package minheap

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The heap pops what a sort by Less gives, through interleaved pushes and
// pops, with many equal keys.
func TestHeapOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h Heap[float64]
	cmp := func(a, b Item[float64]) int {
		switch {
		case a.Less(b):
			return -1
		case b.Less(a):
			return 1
		}
		return 0
	}
	for round := 0; round < 200; round++ {
		h.Reset()
		var want []Item[float64]
		for step := 0; step < 300; step++ {
			if h.Len() > 0 && r.IntN(3) == 0 {
				slices.SortFunc(want, cmp)
				if got := h.Pop(); got != want[0] {
					t.Fatalf("round %d: popped %+v, want %+v", round, got, want[0])
				}
				want = want[1:]
				continue
			}
			x := Item[float64]{Key: float64(r.IntN(8)), Hops: int32(r.IntN(3)), Node: int32(r.IntN(50))}
			h.Push(x)
			want = append(want, x)
			if h.Len() != len(want) {
				t.Fatalf("len %d, want %d", h.Len(), len(want))
			}
		}
	}
}

func TestItemLess(t *testing.T) {
	a := Item[int64]{Key: 1, Hops: 2, Node: 3}
	for _, c := range []struct {
		b    Item[int64]
		less bool
	}{
		{Item[int64]{Key: 2}, true},
		{Item[int64]{Key: 1, Hops: 3}, true},
		{Item[int64]{Key: 1, Hops: 2, Node: 4}, true},
		{a, false},
		{Item[int64]{Key: 1, Hops: 2, Node: 2}, false},
		{Item[int64]{Key: 0, Hops: 9, Node: 9}, false},
	} {
		if got := a.Less(c.b); got != c.less {
			t.Errorf("%+v < %+v = %v", a, c.b, got)
		}
	}
}
