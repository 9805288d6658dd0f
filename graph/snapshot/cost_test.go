package snapshot_test

import (
	"math"
	"testing"

	"github.com/powermap/powermap/graph/snapshot"
)

func TestCostOf(t *testing.T) {
	for _, c := range []struct{ s, want float64 }{
		{1, snapshot.CostFloor},
		{0.9995, snapshot.CostFloor},
		{math.Exp(-snapshot.CostFloor), snapshot.CostFloor},
		{0.99, -math.Log(0.99)},
		{0.5, math.Ln2},
		{0.05, -math.Log(0.05)},
	} {
		if got := snapshot.CostOf(c.s); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("CostOf(%v) = %v, want %v", c.s, got, c.want)
		}
	}
}
