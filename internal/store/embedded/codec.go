package embedded

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"

	"github.com/powermap/powermap/graph"
)

// Records are encoded as a format byte followed by fields in a fixed order.
// Strings are uvarint length-prefixed; floats are 8 little-endian bytes;
// lists are a uvarint count followed by their items; props are sorted by
// key so that the encoding of a normalized record is canonical, and two
// records are equal exactly when their encodings are.
const (
	entityFormat       byte = 1
	relationshipFormat byte = 1

	flagOurs    byte = 1 << 0
	flagPrivate byte = 1 << 1
)

var errCorrupt = errors.New("corrupt record")

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

func appendProps(b []byte, props map[string]string) []byte {
	b = binary.AppendUvarint(b, uint64(len(props)))
	if len(props) == 0 {
		return b
	}
	var stack [16]string // most records have a few properties
	keys := stack[:0]
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendString(b, k)
		b = appendString(b, props[k])
	}
	return b
}

func appendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

func entitySize(e *graph.Entity) int {
	n := 16 + len(e.ID) + len(e.Kind) + len(e.Name) + len(e.Title) + len(e.Party) + len(e.Chamber) +
		len(e.District) + len(e.OrgType) + len(e.Email) + len(e.Phone) + len(e.Notes) + len(e.SourceURL)
	for _, s := range e.Labels {
		n += len(s) + 2
	}
	for _, s := range e.Aliases {
		n += len(s) + 2
	}
	for k, v := range e.Props {
		n += len(k) + len(v) + 4
	}
	return n
}

// encodeEntity returns a new slice holding the encoding of e.
func encodeEntity(e *graph.Entity) []byte {
	b := make([]byte, 0, entitySize(e))
	b = append(b, entityFormat)
	b = appendString(b, e.ID)
	b = appendString(b, string(e.Kind))
	b = appendString(b, e.Name)
	var flags byte
	if e.Ours {
		flags |= flagOurs
	}
	if e.Private {
		flags |= flagPrivate
	}
	b = append(b, flags)
	for _, s := range [...]string{e.Title, e.Party, e.Chamber, e.District, e.OrgType, e.Email, e.Phone, e.Notes, e.SourceURL} {
		b = appendString(b, s)
	}
	b = appendStrings(b, e.Labels)
	b = appendStrings(b, e.Aliases)
	return appendProps(b, e.Props)
}

// encodeRelationship returns a new slice holding the encoding of r.
func encodeRelationship(r *graph.Relationship) []byte {
	n := 32 + len(r.ID) + len(r.Source) + len(r.Target) + len(r.Type) + len(r.Since) + len(r.Until) +
		len(r.Date) + len(r.SourceURL) + len(r.Notes)
	for k, v := range r.Props {
		n += len(k) + len(v) + 4
	}
	b := make([]byte, 0, n)
	b = append(b, relationshipFormat)
	b = appendString(b, r.ID)
	b = appendString(b, r.Source)
	b = appendString(b, r.Target)
	b = appendString(b, string(r.Type))
	b = appendFloat(b, r.Strength)
	b = appendFloat(b, r.Amount)
	for _, s := range [...]string{r.Since, r.Until, r.Date, r.SourceURL, r.Notes} {
		b = appendString(b, s)
	}
	return appendProps(b, r.Props)
}

// decoder reads fields out of one string that holds a whole record, so that
// decoding a record allocates its text once: every string field is a
// substring of it.
type decoder struct {
	s   string
	off int
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.off = len(d.s)
}

func (d *decoder) byte() byte {
	if d.off >= len(d.s) {
		d.fail()
		return 0
	}
	c := d.s[d.off]
	d.off++
	return c
}

func (d *decoder) uvarint() uint64 {
	var x uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.off >= len(d.s) {
			d.fail()
			return 0
		}
		c := d.s[d.off]
		d.off++
		if c < 0x80 {
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	d.fail()
	return 0
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.off) {
		d.fail()
		return ""
	}
	s := d.s[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

func (d *decoder) strs() []string {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	if n > uint64(len(d.s)-d.off) {
		d.fail()
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) props() map[string]string {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	if n > uint64(len(d.s)-d.off)/2 {
		d.fail()
		return nil
	}
	m := make(map[string]string, n)
	for i := uint64(0); i < n; i++ {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) float() float64 {
	if len(d.s)-d.off < 8 {
		d.fail()
		return 0
	}
	s := d.s[d.off : d.off+8]
	d.off += 8
	u := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	return math.Float64frombits(u)
}

func (d *decoder) done() error {
	if d.err == nil && d.off != len(d.s) {
		d.err = errCorrupt
	}
	return d.err
}

// decodeEntity decodes an encoded entity into e. The bytes are copied.
func decodeEntity(b []byte, e *graph.Entity) error {
	d := decoder{s: string(b)}
	if d.byte() != entityFormat {
		return errCorrupt
	}
	e.ID = d.str()
	e.Kind = graph.Kind(d.str())
	e.Name = d.str()
	flags := d.byte()
	e.Ours = flags&flagOurs != 0
	e.Private = flags&flagPrivate != 0
	e.Title = d.str()
	e.Party = d.str()
	e.Chamber = d.str()
	e.District = d.str()
	e.OrgType = d.str()
	e.Email = d.str()
	e.Phone = d.str()
	e.Notes = d.str()
	e.SourceURL = d.str()
	e.Labels = d.strs()
	e.Aliases = d.strs()
	e.Props = d.props()
	return d.done()
}

// decodeRelationship decodes an encoded relationship into r. The bytes are
// copied.
func decodeRelationship(b []byte, r *graph.Relationship) error {
	d := decoder{s: string(b)}
	if d.byte() != relationshipFormat {
		return errCorrupt
	}
	r.ID = d.str()
	r.Source = d.str()
	r.Target = d.str()
	r.Type = graph.RelType(d.str())
	r.Strength = d.float()
	r.Amount = d.float()
	r.Since = d.str()
	r.Until = d.str()
	r.Date = d.str()
	r.SourceURL = d.str()
	r.Notes = d.str()
	r.Props = d.props()
	return d.done()
}

// relEndpoints reads the id, source, target and type of an encoded
// relationship without decoding the rest. The strings alias b.
func relEndpoints(b []byte) (id, source, target []byte, typ graph.RelType, err error) {
	if len(b) == 0 || b[0] != relationshipFormat {
		return nil, nil, nil, "", errCorrupt
	}
	off := 1
	next := func() []byte {
		if err != nil {
			return nil
		}
		n, k := binary.Uvarint(b[off:])
		if k <= 0 || n > uint64(len(b)-off-k) {
			err = errCorrupt
			return nil
		}
		s := b[off+k : off+k+int(n)]
		off += k + int(n)
		return s
	}
	id, source, target = next(), next(), next()
	t := next()
	return id, source, target, internType(t), err
}

var typeNames = func() map[string]graph.RelType {
	m := make(map[string]graph.RelType)
	for _, t := range graph.Types() {
		m[string(t.Type)] = t.Type
	}
	return m
}()

// internType returns the vocabulary constant spelled by b, without
// allocating when b is in the vocabulary.
func internType(b []byte) graph.RelType {
	if t, ok := typeNames[string(b)]; ok {
		return t
	}
	return graph.RelType(b)
}
