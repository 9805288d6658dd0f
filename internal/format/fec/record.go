package fec

import (
	"encoding/binary"
	"math"
)

// enc appends the fields of a spilled record.
type enc []byte

func (e enc) str(s string) enc {
	return append(binary.AppendUvarint(e, uint64(len(s))), s...)
}

func (e enc) int(n int64) enc { return binary.AppendVarint(e, n) }

func (e enc) float(x float64) enc { return binary.LittleEndian.AppendUint64(e, math.Float64bits(x)) }

// dec reads the fields enc wrote, in the same order. Records come from our
// own runs, so a short record is a bug, not bad input: it panics.
type dec struct {
	b []byte
}

func (d *dec) str() string {
	n, k := binary.Uvarint(d.b)
	s := string(d.b[k : k+int(n)])
	d.b = d.b[k+int(n):]
	return s
}

func (d *dec) int() int64 {
	n, k := binary.Varint(d.b)
	d.b = d.b[k:]
	return n
}

func (d *dec) float() float64 {
	x := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return x
}
