package dedupe

import (
	"context"
	"errors"
	"io"
	"runtime"

	"github.com/powermap/powermap/graph"
)

// Incoming is one entity to match, with its neighbours (nil when unknown).
type Incoming struct {
	Entity    graph.Entity
	Neighbors []string
}

// chunk is the number of incoming entities a worker takes at a time.
const chunk = 256

// Match streams incoming entities against the index: next returns the next
// entity, or io.EOF after the last; emit receives each entity's candidates
// (see Index.Candidates), in the order next returned the entities. Up to
// workers goroutines score (0 means GOMAXPROCS); memory holds at most a few
// chunks of entities per worker, whatever the length of the stream. An
// error from next or emit, or the context's, stops the work and is
// returned.
func (ix *Index) Match(ctx context.Context, workers int, next func() (Incoming, error), emit func(Incoming, []Candidate) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		seq int
		in  []Incoming
		out [][]Candidate
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *job)
	done := make(chan *job)
	slots := make(chan struct{}, 2*workers) // chunks in flight
	readErr := make(chan error, 1)
	go func() { // reader
		defer close(jobs)
		for seq := 0; ; seq++ {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				readErr <- nil
				return
			}
			j := &job{seq: seq}
			for len(j.in) < chunk {
				in, err := next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					readErr <- err
					return
				}
				j.in = append(j.in, in)
			}
			if len(j.in) == 0 {
				readErr <- nil
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				readErr <- nil
				return
			}
			if len(j.in) < chunk {
				readErr <- nil
				return
			}
		}
	}()
	finished := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			defer func() { finished <- struct{}{} }()
			s := &scratch{}
			for j := range jobs {
				j.out = make([][]Candidate, len(j.in))
				for i := range j.in {
					j.out[i] = ix.candidates(&j.in[i].Entity, j.in[i].Neighbors, s)
				}
				select {
				case done <- j:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for w := 0; w < workers; w++ {
			<-finished
		}
		close(done)
	}()
	pending := map[int]*job{}
	nextSeq := 0
	var emitErr error
	for j := range done {
		if emitErr != nil {
			continue
		}
		pending[j.seq] = j
		for {
			j, ok := pending[nextSeq]
			if !ok {
				break
			}
			delete(pending, nextSeq)
			nextSeq++
			for i := range j.in {
				if emitErr == nil {
					emitErr = emit(j.in[i], j.out[i])
				}
			}
			<-slots
			if emitErr != nil {
				cancel()
			}
		}
	}
	if emitErr != nil {
		return emitErr
	}
	if err := <-readErr; err != nil {
		return err
	}
	return context.Cause(ctx)
}

// Pairs finds the likely duplicates within entities: every pair of people
// that scores at least the MinScore of cfg, once, with A < B, sorted by
// score (highest first), then A, then B. neighbors, when not nil, gives the
// neighbours of an entity id. Entities sharing an id are not paired. A
// pair's Decision is A's: Auto unless A has a rival Auto candidate. The
// context is checked between entities.
func Pairs(ctx context.Context, entities []graph.Entity, neighbors func(id string) []string, cfg Config) ([]Candidate, error) {
	nb := func(id string) []string {
		if neighbors == nil {
			return nil
		}
		return neighbors(id)
	}
	b := NewBuilder(cfg)
	for i := range entities {
		if err := b.Add(&entities[i], nb(entities[i].ID)); err != nil {
			return nil, err
		}
	}
	ix := b.Build()
	var out []Candidate
	s := &scratch{}
	for i := range ix.profs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, c := range ix.candidatesOf(&ix.profs[i], s) {
			if c.A < c.B {
				out = append(out, c)
			}
		}
	}
	sortCandidates(out)
	return out, nil
}
