package spill

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestSpillOrder adds records in random order to spills that keep them in
// memory and that write a run every few records: both give every key in
// order with its values in the order they were added.
func TestSpillOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	want := map[string][]string{}
	type rec struct{ k, v string }
	var recs []rec
	for i := 0; i < 2000; i++ {
		k := fmt.Sprintf("key-%03d", r.IntN(300))
		v := fmt.Sprintf("value-%d", i)
		want[k] = append(want[k], v)
		recs = append(recs, rec{k, v})
	}
	for _, limit := range []int{1 << 20, 100} {
		s := New(t.TempDir(), limit)
		for _, x := range recs {
			if err := s.Add(x.k, []byte(x.v)); err != nil {
				t.Fatal(err)
			}
		}
		got := map[string][]string{}
		last := ""
		err := s.Each(func(k []byte, vs [][]byte) error {
			if string(k) <= last {
				return fmt.Errorf("key %q after %q", k, last)
			}
			last = string(k)
			for _, v := range vs {
				got[string(k)] = append(got[string(k)], string(v))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if limit == 100 && s.Runs() < 10 {
			t.Errorf("limit %d: %d runs, want the records spilled", limit, s.Runs())
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("limit %d: spilled records differ from those added", limit)
		}
	}
}
