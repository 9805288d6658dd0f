package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/powermap/powermap/graph"
)

// Config sizes a generated map.
type Config struct {
	// Entities is the exact number of entities to generate, at least
	// MinEntities.
	Entities int
	// Seed selects the map; the same Config always gives the same records.
	Seed int64
	// TiesPerEntity is the wanted number of relationships per entity,
	// structural ties (staff, members, donations...) included. Zero means
	// DefaultTiesPerEntity. The result is close to it, never exact: every
	// person keeps at least one personal tie.
	TiesPerEntity float64
}

// MinEntities is the smallest map Generate builds: a legislature, a
// coalition and a community need this many people.
const MinEntities = 200

// DefaultTiesPerEntity is the density used when Config.TiesPerEntity is zero,
// close to the graphs the engine benchmarks assume.
const DefaultTiesPerEntity = 10

// DemoConfig is the configuration of Demo: about 2,000 entities with four to
// five ties each.
func DemoConfig() Config { return Config{Entities: 2000, Seed: 2026, TiesPerEntity: 4.5} }

// Well-known ids of every generated map.
const (
	// OursCoalitionID is our own coalition.
	OursCoalitionID = "coalition-ours"
	// GovernorID is the governor of Westmark.
	GovernorID = "exec-governor"
)

// Generate streams a generated map: every entity through fn.Entity, then
// every relationship through fn.Relationship. The pointers passed are fresh
// for each call. An error from a callback stops generation and is returned;
// an invalid Config is an Invalid *graph.Error. Memory grows with the number
// of entities only, never with the number of relationships.
func Generate(cfg Config, fn graph.StreamFuncs) error {
	w, err := plan(cfg)
	if err != nil {
		return err
	}
	if fn.Entity != nil {
		if err := w.emitEntities(fn.Entity); err != nil {
			return err
		}
	}
	if fn.Relationship != nil {
		if err := w.emitRelationships(fn.Relationship); err != nil {
			return err
		}
	}
	return nil
}

// Batch collects Generate's output into one batch. It panics when cfg is
// invalid (fewer than MinEntities entities, or negative ties), like
// regexp.MustCompile: configurations are written by programmers.
func Batch(cfg Config) *graph.Batch {
	b := &graph.Batch{}
	if n := cfg.Entities; n > 0 {
		b.Entities = make([]graph.Entity, 0, n)
	}
	err := Generate(cfg, graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { b.Entities = append(b.Entities, *e); return nil },
		Relationship: func(r *graph.Relationship) error { b.Relationships = append(b.Relationships, *r); return nil },
	})
	if err != nil {
		panic("synth.Batch: " + err.Error())
	}
	return b
}

// Demo returns the demo map loaded by `powermap demo` and `make run`: the
// State of Westmark with about 2,000 entities (see DemoConfig).
func Demo() *graph.Batch { return Batch(DemoConfig()) }

// role is what a generated entity is for.
type role uint8

const (
	rExec role = iota
	rSenator
	rRep
	rDistrict
	rCommitteeS
	rCommitteeH
	rIssue
	rLegStaff
	rDepartment
	rDirector
	rDeptStaff
	rCouncil
	rMayor
	rCouncilMember
	rCoalitionOurs
	rCoalitionOther
	rCoalitionStaff
	rAgency
	rAgencyStaff
	rBoard
	rClient
	rMember
	rVolunteer
	rCongregation
	rClergy
	rBusiness
	rBusinessLeader
	rUnion
	rUnionLeader
	rMedia
	rJournalist
	rLobbyFirm
	rLobbyist
	rAdviser
	rPAC
	rDonor
	rPublic
	numRoles
)

var rolePrefix = [numRoles]string{
	rExec: "exec", rSenator: "sen", rRep: "rep", rDistrict: "district", rCommitteeS: "cmte-senate",
	rCommitteeH: "cmte-house", rIssue: "issue", rLegStaff: "legstaff", rDepartment: "dept", rDirector: "director",
	rDeptStaff: "deptstaff", rCouncil: "council", rMayor: "mayor", rCouncilMember: "councilor",
	rCoalitionOurs: "coalition", rCoalitionOther: "coalition", rCoalitionStaff: "cstaff",
	rAgency: "agency", rAgencyStaff: "astaff", rBoard: "board", rClient: "client", rMember: "member",
	rVolunteer: "volunteer", rCongregation: "congregation", rClergy: "clergy", rBusiness: "business",
	rBusinessLeader: "exec", rUnion: "union", rUnionLeader: "unionlead", rMedia: "media",
	rJournalist: "journalist", rLobbyFirm: "lobbyfirm", rLobbyist: "lobbyist", rAdviser: "adviser",
	rPAC: "pac", rDonor: "donor", rPublic: "p",
}

func (r role) isOrg() bool {
	switch r {
	case rDistrict, rCommitteeS, rCommitteeH, rDepartment, rCouncil, rCoalitionOurs, rCoalitionOther,
		rAgency, rCongregation, rBusiness, rUnion, rMedia, rLobbyFirm, rPAC:
		return true
	}
	return false
}

// tier orders people by how widely connected they are likely to be: the
// preferential part of the personal web attaches to low tiers first.
func (r role) tier() int {
	switch r {
	case rExec, rSenator, rRep:
		return 0
	case rMayor, rDirector, rClergy, rBusinessLeader, rUnionLeader, rLobbyist, rJournalist, rAdviser:
		return 1
	case rCouncilMember, rDonor, rLegStaff, rCoalitionStaff, rBoard:
		return 2
	}
	return 3
}

const none = -1

// node is the compact plan of one entity; relationships are derived from it.
type node struct {
	id       string
	role     role
	ours     bool
	sub      uint8 // position within a role: staff post, chamber...
	k        int32 // index within its role
	district int32 // house district index, or none
	org      int32 // the organization or person the role belongs to, or none
	emp      int32 // employer (a business), or none
	cong     int32 // congregation, or none
	union    int32 // union, or none
}

type world struct {
	cfg     Config
	nodes   []node
	nSen    int
	byRole  [numRoles][]int32
	distOrg []int32 // house district index -> its district entity; senate ones follow
}

func clamp(x, lo, hi int) int { return max(lo, min(x, hi)) }

// mix is splitmix64: a stateless hash for values both passes must agree on.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (w *world) hash(i int32, salt uint64) uint64 {
	return mix(uint64(w.cfg.Seed)*0x100000001b3 ^ uint64(i)<<8 ^ salt)
}

func (w *world) rng(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(w.cfg.Seed), mix(stream)))
}

func plan(cfg Config) (*world, error) {
	const op = "synth.Generate"
	if cfg.Entities < MinEntities {
		return nil, graph.Errorf(op, graph.Invalid, "entities must be at least %d, got %d", MinEntities, cfg.Entities)
	}
	if cfg.TiesPerEntity < 0 || math.IsNaN(cfg.TiesPerEntity) || math.IsInf(cfg.TiesPerEntity, 0) {
		return nil, graph.Errorf(op, graph.Invalid, "ties per entity must be a positive number, got %v", cfg.TiesPerEntity)
	}
	if cfg.TiesPerEntity == 0 {
		cfg.TiesPerEntity = DefaultTiesPerEntity
	}
	n := cfg.Entities
	w := &world{cfg: cfg, nodes: make([]node, 0, n)}
	r := w.rng(1)
	w.nSen = clamp(n/100, 3, 40)
	nHouse := 2 * w.nSen

	add := func(ro role, count int, fill func(nd *node, k int)) {
		for k := 0; k < count; k++ {
			nd := node{role: ro, k: int32(k), district: none, org: none, emp: none, cong: none, union: none}
			if fill != nil {
				fill(&nd, k)
			}
			w.byRole[ro] = append(w.byRole[ro], int32(len(w.nodes)))
			w.nodes = append(w.nodes, nd)
		}
	}
	anyDistrict := func() int32 { return int32(r.IntN(nHouse)) }

	// Government.
	add(rExec, 4, nil)
	add(rSenator, w.nSen, func(nd *node, k int) { nd.district = int32(2 * k) })
	add(rRep, nHouse, func(nd *node, k int) { nd.district = int32(k) })
	add(rDistrict, nHouse+w.nSen, nil)
	w.distOrg = w.byRole[rDistrict]
	add(rCommitteeS, max(2, w.nSen/3), nil)
	add(rCommitteeH, max(2, nHouse/4), nil)
	add(rIssue, clamp(n/250, 3, 2*len(bills)), nil)
	bosses := slices.Concat(w.byRole[rExec], w.byRole[rSenator], w.byRole[rRep])
	for _, b := range bosses {
		posts := 3
		if w.nodes[b].role == rExec {
			posts = 1
		}
		for p := 0; p < posts; p++ {
			add(rLegStaff, 1, func(nd *node, _ int) {
				nd.org, nd.sub, nd.district = b, uint8(p), anyDistrict()
				if p == 2 {
					nd.district = w.nodes[b].district
				}
			})
		}
	}
	nDept := clamp(n/250, 2, len(departments))
	add(rDepartment, nDept, nil)
	add(rDirector, nDept, func(nd *node, k int) { nd.org, nd.district = w.byRole[rDepartment][k], anyDistrict() })
	add(rDeptStaff, max(2, n/100), func(nd *node, k int) {
		nd.org, nd.district = w.byRole[rDepartment][r.IntN(nDept)], anyDistrict()
	})
	nTown := clamp(n/400, 1, 1<<20)
	add(rCouncil, nTown, func(nd *node, k int) { nd.district = anyDistrict() })
	add(rMayor, nTown, func(nd *node, k int) {
		nd.org = w.byRole[rCouncil][k]
		nd.district = w.nodes[nd.org].district
	})
	add(rCouncilMember, 4*nTown, func(nd *node, k int) {
		nd.org = w.byRole[rCouncil][k/4]
		nd.district = w.nodes[nd.org].district
	})

	// Our coalition, its member agencies, and the other coalitions.
	add(rCoalitionOurs, 1, func(nd *node, _ int) { nd.ours, nd.district = true, 0 })
	ours := w.byRole[rCoalitionOurs][0]
	add(rCoalitionOther, clamp(n/700, 1, 200), func(nd *node, _ int) { nd.district = anyDistrict() })
	add(rAgency, clamp(n/200, 2, 5000), func(nd *node, _ int) { nd.ours, nd.district = true, anyDistrict() })
	agencies := w.byRole[rAgency]
	add(rCoalitionStaff, 2+n/500, func(nd *node, k int) { nd.ours, nd.org, nd.district = true, ours, anyDistrict() })
	for _, c := range w.byRole[rCoalitionOther] {
		add(rCoalitionStaff, 1+r.IntN(2), func(nd *node, _ int) { nd.org, nd.district = c, anyDistrict() })
	}
	add(rAgencyStaff, 3*len(agencies), func(nd *node, k int) {
		nd.ours, nd.org = true, agencies[k/3]
		nd.district = w.nodes[nd.org].district
	})
	add(rBoard, 7+3*len(agencies), func(nd *node, k int) {
		nd.ours, nd.org, nd.district = true, ours, anyDistrict()
		if k >= 7 {
			nd.org = agencies[(k-7)/3]
		}
	})

	// Community institutions. Every third congregation and every other union
	// belong to our coalition.
	add(rCongregation, max(2, n/120), func(nd *node, k int) { nd.ours, nd.district = k%3 == 0, anyDistrict() })
	add(rClergy, len(w.byRole[rCongregation]), func(nd *node, k int) {
		nd.org = w.byRole[rCongregation][k]
		nd.ours, nd.district = w.nodes[nd.org].ours, w.nodes[nd.org].district
	})
	add(rBusiness, max(3, n/70), func(nd *node, _ int) { nd.district = anyDistrict() })
	add(rBusinessLeader, len(w.byRole[rBusiness]), func(nd *node, k int) {
		nd.org = w.byRole[rBusiness][k]
		nd.district = w.nodes[nd.org].district
	})
	add(rUnion, max(2, n/300), func(nd *node, k int) { nd.ours, nd.district = k%2 == 0, anyDistrict() })
	add(rUnionLeader, len(w.byRole[rUnion]), func(nd *node, k int) {
		nd.org = w.byRole[rUnion][k]
		nd.ours, nd.district = w.nodes[nd.org].ours, w.nodes[nd.org].district
	})
	add(rMedia, max(1, n/600), func(nd *node, _ int) { nd.district = anyDistrict() })
	add(rJournalist, 2*len(w.byRole[rMedia]), func(nd *node, k int) {
		nd.org, nd.district = w.byRole[rMedia][k/2], anyDistrict()
	})
	add(rLobbyFirm, max(1, n/800), func(nd *node, _ int) { nd.district = anyDistrict() })
	add(rLobbyist, 3*len(w.byRole[rLobbyFirm]), func(nd *node, k int) {
		nd.org, nd.district = w.byRole[rLobbyFirm][k/3], anyDistrict()
	})
	add(rAdviser, max(2, n/400), func(nd *node, _ int) { nd.district = anyDistrict() })
	add(rPAC, max(2, n/250), func(nd *node, _ int) { nd.district = anyDistrict() })
	add(rDonor, n/20, func(nd *node, _ int) { nd.district = anyDistrict() })

	// Our people among the public, and the public itself.
	add(rClient, max(4, n/25), func(nd *node, _ int) {
		nd.ours, nd.org = true, agencies[r.IntN(len(agencies))]
		nd.district = w.nodes[nd.org].district
		if r.IntN(3) == 0 {
			nd.district = anyDistrict()
		}
	})
	add(rMember, max(4, n/25), func(nd *node, _ int) { nd.ours, nd.org, nd.district = true, ours, anyDistrict() })
	add(rVolunteer, max(2, n/50), func(nd *node, _ int) {
		nd.ours, nd.org, nd.district = true, ours, anyDistrict()
		if r.IntN(2) == 0 {
			nd.org = agencies[r.IntN(len(agencies))]
		}
	})
	public := n - len(w.nodes)
	if public < 0 {
		return nil, graph.Errorf(op, graph.Internal, "plan for %d entities overflows by %d", n, -public)
	}
	add(rPublic, public, func(nd *node, _ int) { nd.district = anyDistrict() })

	// Where people work and worship: mostly close to home.
	bizBy := byDistrict(w, rBusiness, nHouse)
	congBy := byDistrict(w, rCongregation, nHouse)
	near := func(by [][]int32, all []int32, d int32) int32 {
		if l := by[d]; len(l) > 0 && r.IntN(10) < 7 {
			return l[r.IntN(len(l))]
		}
		return all[r.IntN(len(all))]
	}
	for i := range w.nodes {
		nd := &w.nodes[i]
		switch nd.role {
		case rPublic, rClient, rMember, rVolunteer, rDonor:
		default:
			continue
		}
		if r.IntN(10) < 6 {
			nd.emp = near(bizBy, w.byRole[rBusiness], nd.district)
		}
		if r.IntN(100) < 35 {
			nd.cong = near(congBy, w.byRole[rCongregation], nd.district)
		}
		if r.IntN(100) < 12 {
			nd.union = w.byRole[rUnion][r.IntN(len(w.byRole[rUnion]))]
		}
	}
	w.assignIDs()
	return w, nil
}

func byDistrict(w *world, ro role, nHouse int) [][]int32 {
	out := make([][]int32, nHouse)
	for _, i := range w.byRole[ro] {
		d := w.nodes[i].district
		out[d] = append(out[d], i)
	}
	return out
}

// districtName is "7A" for house district index 12 (senate district 7).
func districtName(h int32) string {
	return strconv.Itoa(int(h)/2+1) + string(rune('A'+h%2))
}

func senateDistrictName(h int32) string { return strconv.Itoa(int(h)/2 + 1) }

var execPosts = []struct{ id, title string }{
	{"governor", "Governor"}, {"lt-governor", "Lieutenant Governor"},
	{"attorney-general", "Attorney General"}, {"secretary-of-state", "Secretary of State"},
}

func (w *world) assignIDs() {
	for ro := role(0); ro < numRoles; ro++ {
		idx := w.byRole[ro]
		width := len(strconv.Itoa(len(idx)))
		for k, i := range idx {
			nd := &w.nodes[i]
			switch ro {
			case rExec:
				nd.id = "exec-" + execPosts[k].id
			case rCoalitionOurs:
				nd.id = OursCoalitionID
			case rSenator:
				nd.id = fmt.Sprintf("sen-%02d", nd.district/2+1)
			case rRep:
				nd.id = fmt.Sprintf("rep-%02d%c", nd.district/2+1, 'a'+nd.district%2)
			case rDistrict:
				if k < 2*w.nSen {
					nd.id = fmt.Sprintf("district-house-%02d%c", k/2+1, 'a'+k%2)
				} else {
					nd.id = fmt.Sprintf("district-senate-%02d", k-2*w.nSen+1)
				}
			case rBusinessLeader:
				nd.id = fmt.Sprintf("ceo-%0*d", width, k+1)
			default:
				nd.id = fmt.Sprintf("%s-%0*d", rolePrefix[ro], width, k+1)
			}
		}
	}
}

// round2 rounds to cents or hundredths.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

func between(r *rand.Rand, lo, hi float64) float64 { return round2(lo + r.Float64()*(hi-lo)) }

// pareto draws a heavy-tailed amount: most gifts are small, a few are huge.
func pareto(r *rand.Rand, xm, alpha, cap float64) float64 {
	u := 1 - r.Float64() // (0,1]
	return math.Min(math.Round(xm/math.Pow(u, 1/alpha)), cap)
}

// pickDistinct draws up to k distinct values from draw.
func pickDistinct(k int, draw func() int32) []int32 {
	out := make([]int32, 0, k)
	for tries := 0; len(out) < k && tries < 8*k; tries++ {
		x := draw()
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// popular draws from list, favouring its head: index ⌊len·u²⌋ puts about
// 30% of draws in the first tenth.
func popular(r *rand.Rand, list []int32) int32 {
	u := r.Float64()
	return list[int(float64(len(list))*u*u)]
}

func (r role) isPerson() bool { return !r.isOrg() && r != rIssue }

// sortPeople returns the people ordered by cmp, ties broken by a seeded hash
// and then by index, so the order is total and deterministic.
func (w *world) sortPeople(salt uint64, key func(nd *node) int64) []int32 {
	var people []int32
	for i := range w.nodes {
		if w.nodes[i].role.isPerson() {
			people = append(people, int32(i))
		}
	}
	type kv struct {
		k1 int64
		k2 uint64
		i  int32
	}
	ks := make([]kv, len(people))
	for j, i := range people {
		ks[j] = kv{key(&w.nodes[i]), w.hash(i, salt), i}
	}
	slices.SortFunc(ks, func(a, b kv) int {
		return cmp.Or(cmp.Compare(a.k1, b.k1), cmp.Compare(a.k2, b.k2), cmp.Compare(a.i, b.i))
	})
	for j := range ks {
		people[j] = ks[j].i
	}
	return people
}
