package snapshot

import "slices"

// Influence returns the directed influence graph used by PageRank and HITS:
// every current tie that is not a stance; symmetric types both ways,
// directed types from source to target; one tie per ordered pair, the
// strongest. It is built on first use (safe for concurrent callers) from the
// Walk, the parallel ties and the ties that cannot introduce.
func (s *Snapshot) Influence() *CSR {
	s.infOnce.Do(s.buildInfluence)
	return &s.influence
}

// InfluenceTo returns the transpose of Influence: row v lists the nodes with
// a tie towards v. It is built on first use.
func (s *Snapshot) InfluenceTo() *CSR {
	s.revOnce.Do(func() { s.reverse = transpose(s.Influence()) })
	return &s.reverse
}

func (s *Snapshot) buildInfluence() {
	n := s.Len()
	var from, to []int32
	var w []float64
	add := func(u, v int32, x float64, code uint8) {
		from = append(from, u)
		to = append(to, v)
		w = append(w, x)
		if typeInfos[code].Symmetric {
			from = append(from, v)
			to = append(to, u)
			w = append(w, x)
		}
	}
	walk := &s.walk
	for u := int32(0); int(u) < n; u++ {
		for e := walk.Off[u]; e < walk.Off[u+1]; e++ {
			c := s.walkCode[e]
			v := walk.Adj[e]
			switch {
			case typeInfos[c&codeMask].Symmetric:
				if u < v {
					add(u, v, walk.W[e], c&codeMask)
				}
			case c&bitReversed == 0:
				add(u, v, walk.W[e], c&codeMask)
			}
		}
	}
	for _, ts := range s.parallel {
		for _, t := range ts {
			c, _ := TypeCode(t.Type)
			add(t.Source, t.Target, t.Strength, c)
		}
	}
	for i := range s.infSrc {
		add(s.infSrc[i], s.infDst[i], s.infW[i], s.infCode[i])
	}
	s.influence = fromEdges(n, from, to, w)
}

// fromEdges builds a CSR from directed edges, keeping the strongest edge of
// each ordered pair.
func fromEdges(n int, from, to []int32, w []float64) CSR {
	off := make([]int32, n+1)
	for _, u := range from {
		off[u+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	keys := make([]uint64, len(from))
	pos := slices.Clone(off[:n])
	for e, u := range from {
		keys[pos[u]] = uint64(to[e])<<32 | uint64(e)
		pos[u]++
	}
	kept := 0
	for i := 0; i < n; i++ {
		row := keys[off[i]:off[i+1]]
		slices.Sort(row)
		for j := range row {
			if j == 0 || row[j]>>32 != row[j-1]>>32 {
				kept++
			}
		}
	}
	c := CSR{Off: make([]int32, n+1), Adj: make([]int32, kept), W: make([]float64, kept)}
	k := -1
	for i := 0; i < n; i++ {
		row := keys[off[i]:off[i+1]]
		for j, key := range row {
			x := w[uint32(key)]
			if j == 0 || key>>32 != row[j-1]>>32 {
				k++
				c.Adj[k] = int32(key >> 32)
				c.W[k] = x
			} else if x > c.W[k] {
				c.W[k] = x
			}
		}
		c.Off[i+1] = int32(k + 1)
	}
	return c
}

// transpose returns the CSR of the reversed edges, rows sorted.
func transpose(c *CSR) CSR {
	n := c.Nodes()
	t := CSR{Off: make([]int32, n+1), Adj: make([]int32, len(c.Adj)), W: make([]float64, len(c.W))}
	for _, v := range c.Adj {
		t.Off[v+1]++
	}
	for i := 0; i < n; i++ {
		t.Off[i+1] += t.Off[i]
	}
	pos := slices.Clone(t.Off[:n])
	// Visiting sources in ascending order fills each row sorted.
	for u := int32(0); int(u) < n; u++ {
		for e := c.Off[u]; e < c.Off[u+1]; e++ {
			v := c.Adj[e]
			t.Adj[pos[v]] = u
			t.W[pos[v]] = c.W[e]
			pos[v]++
		}
	}
	return t
}
