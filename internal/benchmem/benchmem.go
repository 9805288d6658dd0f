// Package benchmem measures the peak Go heap of a piece of work, for
// benchmarks that report memory (an importer's, say) beside its speed.
package benchmem

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// Peak collects garbage, then samples the Go heap (bytes of heap objects,
// live or not yet swept) every few milliseconds until the returned stop is
// called, which returns the largest sample.
func Peak() (stop func() uint64) {
	runtime.GC()
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak
	}
}
