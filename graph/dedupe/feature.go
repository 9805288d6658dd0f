package dedupe

import (
	"math"
	"slices"
	"strings"

	"github.com/adrg/strutil/metrics"
)

// feature numbers the model's inputs. Each is a number computed from a pair
// of profiles; most are 0 or 1.
type feature int

const (
	fLastExact        feature = iota // surnames equal
	fLastPart                        // one surname is a part of the other (hyphenated, compound)
	fLastTypo                        // surnames differ by a typo or two (Jaro-Winkler >= typoSim)
	fLastDiffer                      // surnames differ more
	fFirstExact                      // given names equal
	fFirstNick                       // given names linked by the nickname table
	fFirstInitial                    // one given name is the other's initial
	fFirstTypo                       // given names differ by a typo or two (Jaro-Winkler >= typoSim)
	fFirstConflict                   // given names (or initials) disagree
	fFirstMissing                    // one side has no given name
	fMiddleMatch                     // both give a middle name or initial, and they agree
	fMiddleConflict                  // both give a middle initial, and they differ
	fSuffixConflict                  // both give a generational suffix, and they differ
	fStateMatch                      // same state
	fStateConflict                   // different states
	fZIPMatch                        // same ZIP5
	fZIP3Match                       // same ZIP3, different ZIP5
	fZIPConflict                     // different ZIP3
	fDistrictMatch                   // same state and district
	fDistrictConflict                // same state, different district
	fPartyMatch                      // same party
	fPartyConflict                   // different parties
	fChamberMatch                    // a chamber (House, Senate) in common, chambers served in before included
	fChamberConflict                 // different chambers
	fEmployerMatch                   // same employer (Jaro-Winkler >= 0.9 or one contains the other)
	fEmployerConflict                // different employers
	fOccupationMatch                 // same occupation
	fNeighbors                       // log2(1 + shared neighbours)
	nFitted                          // features above this line have fitted weights

	fSharedID   = nFitted     // a strong identifier in common (fixed weight)
	fIDConflict = nFitted + 1 // different values of a single-valued identifier scheme (fixed weight)
	nFeatures   = nFitted + 2
)

var featureNames = [nFeatures]string{
	"last_exact", "last_part", "last_typo", "last_differ", "first_exact", "first_nick", "first_initial", "first_typo",
	"first_conflict", "first_missing", "middle_match", "middle_conflict", "suffix_conflict", "state_match",
	"state_conflict", "zip_match", "zip3_match", "zip_conflict", "district_match", "district_conflict",
	"party_match", "party_conflict", "chamber_match", "chamber_conflict", "employer_match", "employer_conflict", "occupation_match", "neighbors",
	"shared_id", "id_conflict",
}

// typoSim is the Jaro-Winkler similarity from which two names read as one
// name mistyped.
const typoSim = 0.88

// vector holds one pair's features.
type vector [nFeatures]float64

// jw is the Jaro-Winkler similarity of folded strings. The metric is
// stateless, so one value serves every goroutine.
var jwMetric = &metrics.JaroWinkler{CaseSensitive: true}

// mayBeTypo is a cheap test that two different words can reach typoSim:
// their lengths differ by at most two.
func mayBeTypo(a, b string) bool { return len(a)-len(b) <= 2 && len(b)-len(a) <= 2 }

func jw(a, b string) float64 {
	if a == b {
		return 1
	}
	return jwMetric.Compare(a, b)
}

// nameFeatures sets the name features of the best-agreeing pair of name
// variants (name and aliases). Agreement is judged by a fixed order, not
// by the model, so that fitting the model does not change its inputs: the
// surname first (equal, a shared part, then similarity), then the given
// name (equal, nickname, initial, similarity), less disagreeing middle
// names and suffixes. A variant without a given name ("Senator Brook")
// counts only when no pair of variants has given names on both sides:
// otherwise it would hide that the given names disagree.
func nameFeatures(v *vector, a, b *profile, nick *Nicknames) {
	both := false
	for i := range a.names {
		for j := range b.names {
			if len(a.names[i].given) > 0 && len(b.names[j].given) > 0 {
				both = true
			}
		}
	}
	best := math.Inf(-1)
	var bestV vector
	for i := range a.names {
		for j := range b.names {
			if both && (len(a.names[i].given) == 0 || len(b.names[j].given) == 0) {
				continue
			}
			var w vector
			compareNames(&w, &a.names[i], &b.names[j], nick)
			s := 4*w[fLastExact] + 3*w[fLastPart] + 2*w[fLastTypo] +
				w[fFirstExact] + 0.9*w[fFirstNick] + 0.8*w[fFirstInitial] + 0.5*w[fFirstTypo] + 0.3*w[fFirstMissing] +
				0.1*w[fMiddleMatch] - 0.2*w[fMiddleConflict] - 0.2*w[fSuffixConflict]
			if s > best {
				best, bestV = s, w
			}
		}
	}
	copy(v[fLastExact:fSuffixConflict+1], bestV[fLastExact:fSuffixConflict+1])
}

func compareNames(v *vector, a, b *pname, nick *Nicknames) {
	switch {
	case a.Last == b.Last:
		v[fLastExact] = 1
	case sharesPart(a, b):
		v[fLastPart] = 1
	case mayBeTypo(a.whole, b.whole) && jw(a.whole, b.whole) >= typoSim:
		v[fLastTypo] = 1
	default:
		v[fLastDiffer] = 1
	}
	ga, gb := a.given, b.given
	switch {
	case len(ga) == 0 || len(gb) == 0:
		v[fFirstMissing] = 1
	default:
		compareGiven(v, ga, gb, nick)
	}
	if len(a.Middle) > 0 && len(b.Middle) > 0 {
		if a.Middle[0][0] == b.Middle[0][0] {
			v[fMiddleMatch] = 1
		} else if len(a.First) > 1 && len(b.First) > 1 {
			v[fMiddleConflict] = 1
		}
	}
	if a.Suffix != "" && b.Suffix != "" && a.Suffix != b.Suffix {
		v[fSuffixConflict] = 1
	}
}

// compareGiven sets the given-name features of the best-agreeing pair.
func compareGiven(v *vector, ga, gb []string, nick *Nicknames) {
	rank, sim := 0, 0.0 // 4 exact, 3 nickname, 2 initial, 1 similar
	for _, x := range ga {
		for _, y := range gb {
			switch {
			case x == y:
				rank = 4
			case rank < 3 && len(x) > 1 && len(y) > 1 && nick.Compatible(x, y):
				rank = 3
			case rank < 2 && (len(x) == 1 || len(y) == 1) && x[0] == y[0]:
				rank = 2
			case rank < 2:
				if len(x) < 2 || len(y) < 2 || !mayBeTypo(x, y) {
					continue
				}
				if s := jw(x, y); s > sim {
					sim, rank = s, 1
				}
			}
		}
	}
	switch rank {
	case 4:
		v[fFirstExact] = 1
	case 3:
		v[fFirstNick] = 1
	case 2:
		v[fFirstInitial] = 1
	case 1:
		if sim >= typoSim {
			v[fFirstTypo] = 1
		} else {
			v[fFirstConflict] = 1
		}
	default: // an initial that disagrees
		v[fFirstConflict] = 1
	}
}

// squash removes spaces and hyphens.
func squash(s string) string {
	if !strings.ContainsAny(s, " -") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '-' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func sharesPart(a, b *pname) bool {
	for _, x := range a.parts {
		for _, y := range b.parts {
			if x == y {
				return true
			}
		}
	}
	return false
}

// features computes the vector of a pair of profiles.
func features(a, b *profile, nick *Nicknames) vector {
	var v vector
	nameFeatures(&v, a, b, nick)
	if a.state != "" && b.state != "" {
		if a.state == b.state {
			v[fStateMatch] = 1
			if a.district != "" && b.district != "" {
				if a.district == b.district {
					v[fDistrictMatch] = 1
				} else {
					v[fDistrictConflict] = 1
				}
			}
		} else {
			v[fStateConflict] = 1
		}
	}
	if a.zip5 != "" && b.zip5 != "" {
		switch {
		case a.zip5 == b.zip5:
			v[fZIPMatch] = 1
		case a.zip5[:3] == b.zip5[:3]:
			v[fZIP3Match] = 1
		default:
			v[fZIPConflict] = 1
		}
	}
	if a.party != "" && b.party != "" {
		if a.party == b.party {
			v[fPartyMatch] = 1
		} else {
			v[fPartyConflict] = 1
		}
	}
	if len(a.chambers) > 0 && len(b.chambers) > 0 {
		if slices.ContainsFunc(a.chambers, func(c string) bool { return slices.Contains(b.chambers, c) }) {
			v[fChamberMatch] = 1
		} else {
			v[fChamberConflict] = 1
		}
	}
	if a.employer != "" && b.employer != "" {
		if employersMatch(a.employer, b.employer) {
			v[fEmployerMatch] = 1
		} else {
			v[fEmployerConflict] = 1
		}
	}
	if a.occupation != "" && a.occupation == b.occupation {
		v[fOccupationMatch] = 1
	}
	if n := sharedCount(a.neighbors, b.neighbors); n > 0 {
		v[fNeighbors] = math.Log2(1 + float64(n))
	}
	shared, conflict := compareIDs(a.ids, b.ids)
	if shared {
		v[fSharedID] = 1
	}
	if conflict {
		v[fIDConflict] = 1
	}
	return v
}

func employersMatch(a, b string) bool {
	if a == b || len(a) > 3 && len(b) > 3 && a[:2] == b[:2] && mayBeTypo(a, b) && jw(a, b) >= 0.9 {
		return true
	}
	return strings.HasPrefix(a, b+" ") || strings.HasPrefix(b, a+" ")
}

// sharedCount counts the strings in both sorted lists.
func sharedCount(a, b []string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// compareIDs reports whether two sorted identifier lists share a value, and
// whether they hold different values of a single-valued scheme.
func compareIDs(a, b []string) (shared, conflict bool) {
	if len(a) == 0 || len(b) == 0 {
		return false, false
	}
	if sharedCount(a, b) > 0 {
		return true, false
	}
	schemes := map[string]string{}
	for _, x := range a {
		s, v, _ := strings.Cut(x, ":")
		schemes[s] = v
	}
	for _, y := range b {
		s, v, _ := strings.Cut(y, ":")
		if w, ok := schemes[s]; ok && w != v && !multiValued[s] {
			conflict = true
		}
	}
	return false, conflict
}
