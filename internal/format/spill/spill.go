// Package spill sorts (key, value) records by key with bounded memory, for
// importers whose input is too large to hold: records are buffered, each
// full buffer is sorted and written to a temporary file as a run on another
// goroutine while the next fills, and the runs are merged.
package spill

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"slices"
)

// Spill sorts (key, value) records by key with bounded memory: it buffers
// up to limit bytes, has each full buffer sorted and written to a temporary
// file as a run on another goroutine while it fills a second buffer, and
// merges the runs. Records with equal keys come out in the order they were
// added. A Spill is used by one goroutine.
type Spill struct {
	dir   string // where runs are written; created on the first run
	limit int    // bytes of one buffer; a spill has two
	cur   buffer
	busy  chan written // the run being written, if any
	runs  []string     // run files, in the order written
}

// buffer holds records: their keys and values end to end in arena.
type buffer struct {
	arena []byte
	recs  []spillRec
}

type spillRec struct {
	off        int
	klen, vlen int
}

// written is the outcome of writing one run.
type written struct {
	name string
	buf  buffer
	err  error
}

// New returns a Spill that writes its runs in dir (created when the first
// run is written) and holds up to limit bytes in each of its two buffers.
func New(dir string, limit int) *Spill {
	return &Spill{dir: dir, limit: limit}
}

// Runs is the number of runs written so far.
func (s *Spill) Runs() int { return len(s.runs) }

// Add buffers one record, starting a run first if the buffer is full.
func (s *Spill) Add(key string, value []byte) error {
	if len(s.cur.arena) > 0 && len(s.cur.arena)+len(key)+len(value) > s.limit {
		if err := s.startRun(); err != nil {
			return err
		}
	}
	b := &s.cur
	b.recs = append(b.recs, spillRec{len(b.arena), len(key), len(value)})
	b.arena = append(b.arena, key...)
	b.arena = append(b.arena, value...)
	return nil
}

// startRun hands the full buffer to a goroutine that sorts and writes it,
// once the previous run is written, and goes on in that run's buffer.
func (s *Spill) startRun() error {
	spare, err := s.finishRun()
	if err != nil {
		return err
	}
	full := s.cur
	s.cur = spare
	done := make(chan written, 1)
	s.busy = done
	go func() {
		name, err := full.writeRun(s.dir)
		done <- written{name, full, err}
	}()
	return nil
}

// finishRun waits for the run being written, if any, records it and
// returns its buffer, emptied.
func (s *Spill) finishRun() (buffer, error) {
	if s.busy == nil {
		return buffer{}, nil
	}
	w := <-s.busy
	s.busy = nil
	if w.err != nil {
		return buffer{}, w.err
	}
	s.runs = append(s.runs, w.name)
	return buffer{arena: w.buf.arena[:0], recs: w.buf.recs[:0]}, nil
}

// Wait waits for the run being written, if any, so that its file can be
// removed.
func (s *Spill) Wait() {
	if s.busy != nil {
		_, _ = s.finishRun()
	}
}

func (b *buffer) key(r spillRec) []byte { return b.arena[r.off : r.off+r.klen] }
func (b *buffer) value(r spillRec) []byte {
	return b.arena[r.off+r.klen : r.off+r.klen+r.vlen]
}

// sort orders the records by key, then by the order they were added
// (their offset in the arena).
func (b *buffer) sort() {
	slices.SortFunc(b.recs, func(x, y spillRec) int {
		if c := bytes.Compare(b.key(x), b.key(y)); c != 0 {
			return c
		}
		return x.off - y.off
	})
}

// writeRun sorts the records and writes them to a new file in dir, whose
// name it returns.
func (b *buffer) writeRun(dir string) (string, error) {
	b.sort()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "run-*")
	if err != nil {
		return "", err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<18)
	var hdr [2 * binary.MaxVarintLen64]byte
	for _, r := range b.recs {
		n := binary.PutUvarint(hdr[:], uint64(r.klen))
		n += binary.PutUvarint(hdr[n:], uint64(r.vlen))
		w.Write(hdr[:n])
		w.Write(b.arena[r.off : r.off+r.klen+r.vlen])
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// Each calls fn with every key, in order, and the values added under it.
// The slices are only valid during the call. An error from fn stops it and
// is returned. After Each the Spill holds no records in memory.
func (s *Spill) Each(fn func(key []byte, values [][]byte) error) error {
	if _, err := s.finishRun(); err != nil {
		return err
	}
	if len(s.runs) == 0 {
		return s.eachBuffered(fn)
	}
	if len(s.cur.recs) > 0 {
		name, err := s.cur.writeRun(s.dir)
		if err != nil {
			return err
		}
		s.runs = append(s.runs, name)
	}
	// Every record is on disk now: let the buffers go.
	s.cur = buffer{}
	m := &merger{}
	for i, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		c := &cursor{r: bufio.NewReaderSize(f, 1<<18), run: i}
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			m.cs = append(m.cs, c)
		}
	}
	heap.Init(m)
	// The group under key: its values, end to end in arena.
	var key, arena []byte
	var ends []int
	var values [][]byte
	flush := func() error {
		values, start := values[:0], 0
		for _, e := range ends {
			values = append(values, arena[start:e])
			start = e
		}
		arena, ends = arena[:0], ends[:0]
		return fn(key, values)
	}
	for m.Len() > 0 {
		c := m.cs[0]
		if len(ends) > 0 && !bytes.Equal(c.key, key) {
			if err := flush(); err != nil {
				return err
			}
		}
		if len(ends) == 0 {
			key = append(key[:0], c.key...)
		}
		arena = append(arena, c.value...)
		ends = append(ends, len(arena))
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(m, 0)
		} else {
			heap.Pop(m)
		}
	}
	if len(ends) > 0 {
		return flush()
	}
	return nil
}

func (s *Spill) eachBuffered(fn func(key []byte, values [][]byte) error) error {
	b := &s.cur
	b.sort()
	var values [][]byte
	for i := 0; i < len(b.recs); {
		k := b.key(b.recs[i])
		values = values[:0]
		j := i
		for ; j < len(b.recs) && bytes.Equal(b.key(b.recs[j]), k); j++ {
			values = append(values, b.value(b.recs[j]))
		}
		if err := fn(k, values); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// cursor reads one run.
type cursor struct {
	r          *bufio.Reader
	run        int
	buf        []byte
	key, value []byte
}

func (c *cursor) next() (bool, error) {
	klen, err := binary.ReadUvarint(c.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	vlen, err := binary.ReadUvarint(c.r)
	if err != nil {
		return false, err
	}
	n := int(klen + vlen)
	if cap(c.buf) < n {
		c.buf = make([]byte, n)
	}
	c.buf = c.buf[:n]
	if _, err := io.ReadFull(c.r, c.buf); err != nil {
		return false, err
	}
	c.key, c.value = c.buf[:klen], c.buf[klen:]
	return true, nil
}

// merger is a min-heap of cursors by key, then run: equal keys come out in
// the order their runs were written.
type merger struct{ cs []*cursor }

func (m *merger) Len() int { return len(m.cs) }
func (m *merger) Less(i, j int) bool {
	if c := bytes.Compare(m.cs[i].key, m.cs[j].key); c != 0 {
		return c < 0
	}
	return m.cs[i].run < m.cs[j].run
}
func (m *merger) Swap(i, j int) { m.cs[i], m.cs[j] = m.cs[j], m.cs[i] }
func (m *merger) Push(x any)    { m.cs = append(m.cs, x.(*cursor)) }
func (m *merger) Pop() any {
	c := m.cs[len(m.cs)-1]
	m.cs = m.cs[:len(m.cs)-1]
	return c
}
