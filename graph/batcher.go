package graph

// Batcher cuts a stream of records into batches of at most Size records
// and hands each to Flush, so that a long stream written to a Store (Flush
// calls Apply) keeps memory flat. Batches keep the stream's order: a stream
// that gives every entity before any relationship, as Stream does, writes
// both ends of a tie before the tie. Entity and Relationship fit
// StreamFuncs. The first error of Flush stops the Batcher: every later call
// returns it, so that a generator fed by the Batcher stops too.
type Batcher struct {
	// Size is the most records a batch holds; zero or less means
	// DefaultBatchSize.
	Size int
	// Flush writes one batch. It may keep the batch: each is a fresh one.
	Flush func(*Batch) error

	b   *Batch
	err error
}

// DefaultBatchSize is the Batcher's batch size when Size is unset: large
// enough that a store's per-transaction cost is small, small enough that a
// batch takes tens of megabytes.
const DefaultBatchSize = 20_000

// Entity adds a copy of e, flushing when the batch is full.
func (w *Batcher) Entity(e *Entity) error {
	if w.err != nil {
		return w.err
	}
	b := w.batch()
	b.Entities = append(b.Entities, *e)
	return w.flushIfFull()
}

// Relationship adds a copy of r, flushing when the batch is full.
func (w *Batcher) Relationship(r *Relationship) error {
	if w.err != nil {
		return w.err
	}
	b := w.batch()
	b.Relationships = append(b.Relationships, *r)
	return w.flushIfFull()
}

// Funcs returns the Batcher's callbacks as StreamFuncs.
func (w *Batcher) Funcs() StreamFuncs {
	return StreamFuncs{Entity: w.Entity, Relationship: w.Relationship}
}

// Close flushes what remains and returns the first error of Flush, if
// any.
func (w *Batcher) Close() error {
	if w.err == nil && w.b != nil {
		w.flush()
	}
	return w.err
}

func (w *Batcher) size() int {
	if w.Size <= 0 {
		return DefaultBatchSize
	}
	return w.Size
}

func (w *Batcher) batch() *Batch {
	if w.b == nil {
		w.b = &Batch{}
	}
	return w.b
}

func (w *Batcher) flushIfFull() error {
	if len(w.b.Entities)+len(w.b.Relationships) >= w.size() {
		w.flush()
	}
	return w.err
}

func (w *Batcher) flush() {
	b := w.b
	w.b = nil
	w.err = w.Flush(b)
}
