package dedupe

// Blocking: a pair is scored only when the two profiles share a blocking
// key. Every name variant of a profile gives these keys (s is each part of
// the surname, see surnameParts; g each given name, see Name.givenNames):
//
//	s | first letter of g            (exact names, initials, typos after the first letter)
//	s | first letter of the middle name
//	s | r for r in Nicknames.Roots(g) (Bill and William, Peggy and Margaret)
//	g | first three letters of the whole surname (two if it is shorter than six; typos late in it)
//	g | last three letters of the whole surname  (two if shorter than six; typos early in it)
//	first letter of g | ZIP5                    (the same person, surname mistyped or changed)
//
// A key shared by more than Config.MaxBlock profiles of the index is split
// by state: the index keeps it as key+state, and a query looks up its own
// state's part only. A state's part still over MaxBlock is dropped (counted
// in Stats.DroppedBlocks): such a key is too common to be evidence.

// keyHash hashes a key with 64-bit FNV-1a. Collisions only add pairs to
// score, never lose one.
func keyHash(parts ...string) uint64 {
	h := uint64(14695981039346656037)
	for i, p := range parts {
		if i > 0 {
			h ^= '|'
			h *= 1099511628211
		}
		for j := 0; j < len(p); j++ {
			h ^= uint64(p[j])
			h *= 1099511628211
		}
	}
	return h
}

// withState derives the key of a block's part for one state.
func withState(k uint64, state string) uint64 {
	h := k
	for j := 0; j < len(state); j++ {
		h ^= uint64(state[j])
		h *= 1099511628211
	}
	h ^= 0xff
	h *= 1099511628211
	return h
}

// blockKeys appends the blocking keys of p's names to dst, deduplicated.
func blockKeys(dst []uint64, p *profile, nick *Nicknames) []uint64 {
	add := func(k uint64) {
		for _, x := range dst {
			if x == k {
				return
			}
		}
		dst = append(dst, k)
	}
	for i := range p.names {
		n := &p.names[i]
		given, whole := n.given, n.whole
		for _, s := range n.parts {
			if len(given) == 0 {
				add(keyHash("s", s))
			}
			for _, g := range given {
				add(keyHash("i", s, g[:1]))
				if len(g) > 1 {
					for _, r := range nick.Roots(g) {
						add(keyHash("n", s, r))
					}
				}
			}
			if len(n.Middle) > 0 {
				add(keyHash("i", s, n.Middle[0][:1]))
			}
		}
		if len(whole) >= 3 {
			k := 2
			if len(whole) >= 6 {
				k = 3
			}
			for _, g := range given {
				if len(g) > 1 {
					add(keyHash("p", g, whole[:k]))
					add(keyHash("x", g, whole[len(whole)-k:]))
				}
			}
		}
		if p.zip5 != "" {
			for _, g := range given {
				add(keyHash("z", g[:1], p.zip5))
			}
		}
	}
	return dst
}
