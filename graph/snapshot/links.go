package snapshot

import (
	"iter"

	"github.com/powermap/powermap/graph"
)

// Link is a tie as rankings read it: its ends as recorded (Source →
// Target), its strength and its type.
type Link struct {
	Source, Target int32
	Strength       float64
	Type           graph.RelType
	code           uint8
}

// introducingTypes has the bit 1<<code set for every type that introduces.
var introducingTypes = func() (m uint32) {
	for c, t := range typeInfos {
		if t.Introduces {
			m |= 1 << c
		}
	}
	return m
}()

// Links returns every current tie that is not a stance and whose type is
// one of types (any type when types is empty), once each and as recorded:
// the Walk's ties, their weaker parallel ties and the ties that cannot
// introduce, which only the influence graph holds. Types outside the
// vocabulary select nothing. Unlike Ties it builds no relationship ids, so
// that a ranking can select a million ties by type.
func (s *Snapshot) Links(types ...graph.RelType) iter.Seq[Link] {
	mask := ^uint32(0)
	if len(types) > 0 {
		mask = 0
		for _, t := range types {
			if c, ok := typeCodes[t]; ok {
				mask |= 1 << c
			}
		}
	}
	return s.links(mask, true)
}

// links yields the ties whose type code is in mask: with strongest, the
// Walk's own ties too; otherwise only their parallel ties and the ties that
// cannot introduce. Walk pairs come in order of their lower index.
func (s *Snapshot) links(mask uint32, strongest bool) iter.Seq[Link] {
	return func(yield func(Link) bool) {
		walk := &s.walk
		for u := int32(0); mask&introducingTypes != 0 && int(u) < s.Len(); u++ {
			lo, hi := walk.Span(u)
			for e := lo; e < hi; e++ {
				v, c := walk.Adj[e], s.walkCode[e]
				if v < u {
					continue
				}
				if code := c & codeMask; strongest && mask&(1<<code) != 0 {
					l := Link{Source: u, Target: v, Strength: walk.W[e], Type: typeInfos[code].Type, code: code}
					if c&bitReversed != 0 {
						l.Source, l.Target = v, u
					}
					if !yield(l) {
						return
					}
				}
				if c&bitParallel == 0 {
					continue
				}
				for _, t := range s.Parallel(u, v) {
					code := typeCodes[t.Type]
					if mask&(1<<code) != 0 && !yield(Link{Source: t.Source, Target: t.Target, Strength: t.Strength, Type: t.Type, code: code}) {
						return
					}
				}
			}
		}
		for i, code := range s.infCode {
			if mask&(1<<code) == 0 {
				continue
			}
			if !yield(Link{Source: s.infSrc[i], Target: s.infDst[i], Strength: s.infW[i], Type: typeInfos[code].Type, code: code}) {
				return
			}
		}
	}
}
