package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/powermap/powermap/graph"
)

// emitter builds relationships and hands them on, remembering the first
// error so that loops can stop early.
type emitter struct {
	w     *world
	fn    func(*graph.Relationship) error
	count int
	err   error
}

func (em *emitter) send(src, dst int32, t graph.RelType, strength float64, fill func(*graph.Relationship)) bool {
	if em.err != nil {
		return false
	}
	s, d := em.w.nodes[src].id, em.w.nodes[dst].id
	rel := &graph.Relationship{ID: graph.DefaultRelationshipID(s, d, t), Source: s, Target: d, Type: t, Strength: strength}
	if fill != nil {
		fill(rel)
	}
	em.count++
	em.err = em.fn(rel)
	return em.err == nil
}

func year(y int) string { return strconv.Itoa(y) }

func since(y int) func(*graph.Relationship) {
	return func(rel *graph.Relationship) { rel.Since = year(y) }
}

func role1(role string) func(*graph.Relationship) {
	return func(rel *graph.Relationship) { rel.Props = map[string]string{"role": role} }
}

func (w *world) emitRelationships(fn func(*graph.Relationship) error) error {
	em := &emitter{w: w, fn: fn}
	w.structural(em, w.rng(3))
	w.stances(em, w.rng(5))
	if em.err != nil {
		return em.err
	}
	w.social(em, w.rng(4))
	return em.err
}

// structural emits the ties that follow from roles: offices, staff,
// memberships, leadership, lobbying and money.
func (w *world) structural(em *emitter, r *rand.Rand) {
	officials := slices.Concat(w.byRole[rExec], w.byRole[rSenator], w.byRole[rRep], w.byRole[rMayor], w.byRole[rCouncilMember])
	legislators := slices.Concat(w.byRole[rSenator], w.byRole[rRep])
	// The k-th member of a chamber chairs committee k, the next round of
	// members are vice chairs, and everyone sits on a second committee.
	committee := func(i int32, list []int32, k int) {
		c := len(list)
		first := k % c
		second := (first + 1 + r.IntN(c-1)) % c
		post, s := "member", 0.5
		switch k / c {
		case 0:
			post, s = "chair", 0.8
		case 1:
			post, s = "vice chair", 0.7
		}
		em.send(i, list[first], graph.ServesOn, s, role1(post))
		em.send(i, list[second], graph.ServesOn, 0.5, role1("member"))
	}
	endedOrSince := func(rel *graph.Relationship) {
		if r.IntN(10) == 0 {
			y := 2005 + r.IntN(12)
			rel.Since, rel.Until = year(y), year(y+1+r.IntN(6))
		} else if r.IntN(3) == 0 {
			rel.Since = year(2000 + r.IntN(24))
		}
	}
	for i := range w.nodes {
		if em.err != nil {
			return
		}
		id := int32(i)
		nd := &w.nodes[i]
		switch nd.role {
		case rSenator:
			em.send(id, w.distOrg[2*w.nSen+int(nd.k)], graph.Represents, 0.3, since(w.firstElected(id)))
			committee(id, w.byRole[rCommitteeS], int(nd.k))
		case rRep:
			em.send(id, w.distOrg[nd.k], graph.Represents, 0.3, since(w.firstElected(id)))
			committee(id, w.byRole[rCommitteeH], int(nd.k))
		case rLegStaff:
			em.send(id, nd.org, graph.WorksFor, []float64{0.95, 0.85, 0.8}[nd.sub], since(2010+r.IntN(14)))
		case rDirector:
			em.send(id, nd.org, graph.Leads, 0.85, since(w.firstElected(id)))
			em.send(id, w.byRole[rExec][0], graph.Advises, 0.6, nil)
		case rDeptStaff:
			em.send(id, nd.org, graph.WorksFor, between(r, 0.4, 0.7), nil)
		case rMayor:
			em.send(id, nd.org, graph.Leads, 0.8, since(w.firstElected(id)))
		case rCouncilMember:
			em.send(id, nd.org, graph.ServesOn, 0.6, role1("member"))
		case rAgency:
			em.send(id, w.byRole[rCoalitionOurs][0], graph.MemberOf, 0.6, nil)
		case rCongregation, rUnion:
			if nd.ours {
				em.send(id, w.byRole[rCoalitionOurs][0], graph.MemberOf, 0.5, nil)
			}
		case rBusiness:
			if r.IntN(10) < 4 {
				others := w.byRole[rCoalitionOther]
				em.send(id, others[r.IntN(len(others))], graph.MemberOf, between(r, 0.3, 0.6), nil)
			}
			if r.IntN(100) < 15 {
				firms := w.byRole[rLobbyFirm]
				em.send(id, firms[r.IntN(len(firms))], graph.ClientOf, between(r, 0.4, 0.7), since(2012+r.IntN(12)))
			}
		case rCoalitionStaff, rAgencyStaff:
			em.send(id, nd.org, graph.WorksFor, between(r, 0.7, 0.9), since(2008+r.IntN(16)))
		case rBoard:
			em.send(id, nd.org, graph.BoardOf, between(r, 0.6, 0.8), since(2010+r.IntN(14)))
		case rClient:
			em.send(id, nd.org, graph.ClientOf, between(r, 0.3, 0.6), since(2015+r.IntN(9)))
		case rMember:
			em.send(id, nd.org, graph.MemberOf, between(r, 0.3, 0.6), since(2005+r.IntN(19)))
		case rVolunteer:
			em.send(id, nd.org, graph.VolunteersFor, between(r, 0.3, 0.6), nil)
		case rClergy:
			em.send(id, nd.org, graph.Leads, 0.9, since(1990+r.IntN(33)))
		case rBusinessLeader, rUnionLeader:
			em.send(id, nd.org, graph.Leads, 0.85, since(1995+r.IntN(28)))
			if nd.role == rBusinessLeader && r.IntN(5) == 0 {
				boards := w.byRole[rAgency]
				if r.IntN(2) == 0 {
					boards = w.byRole[rBusiness]
				}
				if b := boards[r.IntN(len(boards))]; b != nd.org {
					em.send(id, b, graph.BoardOf, between(r, 0.5, 0.7), nil)
				}
			}
		case rJournalist:
			em.send(id, nd.org, graph.WorksFor, 0.7, since(2005+r.IntN(18)))
		case rLobbyist:
			em.send(id, nd.org, graph.WorksFor, 0.8, nil)
			for _, o := range pickDistinct(2+r.IntN(4), func() int32 { return popular(r, legislators) }) {
				em.send(id, o, graph.Lobbies, between(r, 0.3, 0.6), since(2014+r.IntN(10)))
			}
		case rAdviser:
			for _, o := range pickDistinct(1+r.IntN(3), func() int32 { return popular(r, officials) }) {
				em.send(id, o, graph.Advises, between(r, 0.5, 0.8), nil)
			}
		case rPAC:
			for _, o := range pickDistinct(3+r.IntN(10), func() int32 { return popular(r, officials) }) {
				em.send(id, o, graph.DonatedTo, 0.2, gift(r, 500, 1.3, 2_000_000))
			}
		case rDonor:
			for _, o := range pickDistinct(1+r.IntN(4), func() int32 { return popular(r, officials) }) {
				em.send(id, o, graph.DonatedTo, 0.2, gift(r, 25, 1.16, 250_000))
			}
		}
		if nd.emp != none {
			em.send(id, nd.emp, graph.WorksFor, between(r, 0.3, 0.6), endedOrSince)
		}
		if nd.cong != none {
			em.send(id, nd.cong, graph.MemberOf, between(r, 0.3, 0.6), nil)
		}
		if nd.union != none {
			em.send(id, nd.union, graph.MemberOf, between(r, 0.3, 0.5), nil)
		}
	}
}

// ourStance is our coalition's stance on issue k: for, or against every
// third one.
func ourStance(k int) graph.RelType {
	if k%3 == 2 {
		return graph.Opposes
	}
	return graph.Supports
}

func opposite(t graph.RelType) graph.RelType {
	if t == graph.Supports {
		return graph.Opposes
	}
	return graph.Supports
}

// stances emits positions on the issues: ours on every one, the other
// coalitions against us, some member organizations beside us, and
// legislators leaning by party (Harbor mostly with us, Summit mostly not).
func (w *world) stances(em *emitter, r *rand.Rand) {
	issues := w.byRole[rIssue]
	for _, is := range issues {
		k := int(w.nodes[is].k)
		ours := ourStance(k)
		em.send(w.byRole[rCoalitionOurs][0], is, ours, 0.9, since(2024+k/len(bills)))
		for _, c := range w.byRole[rCoalitionOther] {
			if r.IntN(10) < 7 {
				em.send(c, is, opposite(ours), between(r, 0.6, 0.9), nil)
			}
		}
		for _, list := range [][]int32{w.byRole[rAgency], w.byRole[rUnion]} {
			for _, o := range list {
				if w.nodes[o].ours && r.IntN(3) == 0 {
					em.send(o, is, ours, between(r, 0.5, 0.8), nil)
				}
			}
		}
		for _, list := range [][]int32{w.byRole[rSenator], w.byRole[rRep]} {
			for _, l := range list {
				if r.IntN(100) >= 40 {
					continue
				}
				with := 50
				switch w.party(l) {
				case "Harbor":
					with = 75
				case "Summit":
					with = 25
				}
				t := ours
				if r.IntN(100) >= with {
					t = opposite(ours)
				}
				em.send(l, is, t, between(r, 0.5, 1), nil)
			}
		}
	}
}

var cycleStart = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// gift fills in an aggregated donation: a Pareto total, the latest date in
// the 2024 cycle, and the number of gifts.
func gift(r *rand.Rand, xm, alpha, cap float64) func(*graph.Relationship) {
	amount := pareto(r, xm, alpha, cap)
	date := cycleStart.AddDate(0, 0, r.IntN(730)).Format("2006-01-02")
	count := int(pareto(r, 1, 1.5, 40))
	return func(rel *graph.Relationship) {
		rel.Amount, rel.Date = amount, date
		rel.Props = map[string]string{"count": strconv.Itoa(count), "cycle": "2024"}
	}
}

// social emits the personal web, a Newman–Watts small world: a ring lattice
// over people ordered by district and workplace gives neighbours, family and
// colleagues (high clustering), and preferential long-range ties over people
// ordered by prominence give shortcuts and heavy-tailed degrees.
//
// Every pair is emitted once: lattice ties join positions at most L apart,
// long-range ties join positions further apart and always point from the
// less prominent person to the more prominent one.
func (w *world) social(em *emitter, r *rand.Rand) {
	workplace := func(nd *node) int32 {
		if nd.emp != none {
			return nd.emp
		}
		switch nd.role {
		case rLegStaff, rDeptStaff, rCoalitionStaff, rAgencyStaff, rJournalist, rLobbyist, rCouncilMember, rMayor:
			return nd.org
		}
		return none
	}
	comm := w.sortPeople(21, func(nd *node) int64 { return int64(nd.district)<<32 | int64(workplace(nd)+1) })
	prom := w.sortPeople(22, func(nd *node) int64 { return int64(nd.role.tier()) })
	pos := make([]int32, len(w.nodes))
	rank := make([]int32, len(w.nodes))
	for p, i := range comm {
		pos[i] = int32(p)
	}
	for k, i := range prom {
		rank[i] = int32(k)
	}

	target := int(math.Round(w.cfg.TiesPerEntity * float64(len(w.nodes))))
	perPerson := float64(max(0, target-em.count)) / float64(len(comm))
	lattice := clamp(int(math.Round(perPerson*0.45)), 1, 64)
	long := math.Max(0, perPerson-float64(lattice))
	longWhole, longFrac := math.Floor(long), long-math.Floor(long)

	dates := func(rel *graph.Relationship) {
		switch {
		case r.IntN(100) < 7:
			y := 2000 + r.IntN(16)
			rel.Since, rel.Until = year(y), year(y+1+r.IntN(6))
		case r.IntN(4) == 0:
			rel.Since = year(1995 + r.IntN(29))
		}
	}
	var chosen []int32
	for p, i := range comm {
		if em.err != nil {
			return
		}
		ni := &w.nodes[i]
		for d := 1; d <= lattice && p-d >= 0; d++ {
			j := comm[p-d]
			nj := &w.nodes[j]
			var fill func(*graph.Relationship)
			if d > 1 {
				fill = dates // the tie to the next neighbour stays current: the web is connected
			}
			switch wp := workplace(ni); {
			case d == 1 && ni.district == nj.district && r.IntN(100) < 6:
				em.send(i, j, graph.FamilyOf, between(r, 0.85, 1), nil)
			case wp != none && wp == workplace(nj):
				em.send(i, j, graph.ColleagueOf, between(r, 0.35, 0.7), fill)
			default:
				em.send(i, j, graph.Knows, between(r, 0.25, 0.6), fill)
			}
		}
		m := int(longWhole)
		if r.Float64() < longFrac {
			m++
		}
		rk := rank[i]
		if rk == 0 || m == 0 {
			continue
		}
		chosen = chosen[:0]
		for tries := 0; len(chosen) < m && tries < 4*m; tries++ {
			u := r.Float64()
			j := prom[int(float64(rk)*u*u)]
			if dp := pos[j] - int32(p); dp >= -int32(lattice) && dp <= int32(lattice) {
				continue
			}
			if slices.Contains(chosen, j) {
				continue
			}
			chosen = append(chosen, j)
			if r.IntN(100) < 22 {
				em.send(i, j, graph.FriendOf, between(r, 0.55, 0.9), dates)
			} else {
				em.send(i, j, graph.Knows, between(r, 0.15, 0.5), dates)
			}
		}
	}
}
