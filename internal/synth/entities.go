package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
)

const (
	stateName   = "Westmark"
	stateDomain = "westmark.example"
)

var parties = []string{"Harbor", "Summit"}

func (w *world) party(i int32) string {
	h := w.hash(i, 11) % 100
	switch {
	case h < 5:
		return "Independent"
	case h < 52:
		return parties[0]
	}
	return parties[1]
}

func (w *world) firstElected(i int32) int { return 2004 + int(w.hash(i, 12)%19) }

func (w *world) townOf(i int32) string { return town(int(w.nodes[i].k)) }

func (w *world) emitEntities(fn func(*graph.Entity) error) error {
	r := w.rng(2)
	// On a map small enough to have room, no two people share a full name,
	// so that the demo's review queue of likely duplicates holds real
	// suspects only. Larger maps keep their collisions, as real ones do.
	var used map[string]bool
	if len(w.nodes) <= uniqueNamesUpTo {
		used = map[string]bool{}
	}
	for i := range w.nodes {
		nd := &w.nodes[i]
		e := &graph.Entity{ID: nd.id, Kind: graph.KindPerson, Ours: nd.ours}
		if nd.district != none {
			e.District = districtName(nd.district)
		}
		switch {
		case nd.role == rIssue:
			w.describeIssue(nd, e)
		case nd.role.isOrg():
			e.Kind = graph.KindOrganization
			w.describeOrg(int32(i), e, r)
		default:
			w.describePerson(int32(i), e, r, used)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) describeIssue(nd *node, e *graph.Entity) {
	k := int(nd.k)
	b := bills[k%len(bills)]
	e.Kind, e.Name = graph.KindIssue, b.name
	session := 2025 + k/len(bills)
	if k >= len(bills) {
		e.Name += " (" + strconv.Itoa(session) + ")"
	}
	e.Props = map[string]string{"bill": b.number, "session": strconv.Itoa(session)}
	e.SourceURL = "https://legislature." + stateDomain + "/bills/" + strconv.Itoa(session) + "/" + strings.ReplaceAll(b.number, " ", "")
	switch ourStance(k) {
	case graph.Supports:
		e.Notes = "One of our campaigns."
	case graph.Opposes:
		e.Notes = "Our coalition opposes it."
	}
}

func (w *world) orgName(i int32) string {
	nd := &w.nodes[i]
	k := int(nd.k)
	switch nd.role {
	case rDepartment:
		return stateName + " Department of " + departments[k%len(departments)]
	case rCouncil:
		return town(k) + " City Council"
	case rCommitteeS:
		return "Senate Committee on " + committeeIssue(k)
	case rCommitteeH:
		return "House Committee on " + committeeIssue(k)
	}
	return nd.id
}

func committeeIssue(k int) string {
	s := issues[k%len(issues)]
	if k >= len(issues) {
		s += " " + strconv.Itoa(k/len(issues)+1)
	}
	return s
}

func (w *world) describeOrg(i int32, e *graph.Entity, r *rand.Rand) {
	nd := &w.nodes[i]
	k := int(nd.k)
	_, last, _ := personName(r)
	place := town(r.IntN(len(townPrefixes) * len(townSuffixes)))
	switch nd.role {
	case rDistrict:
		e.OrgType = "district"
		if k < 2*w.nSen {
			e.Name = stateName + " House District " + districtName(int32(k))
		} else {
			e.District = strconv.Itoa(k - 2*w.nSen + 1)
			e.Name = stateName + " Senate District " + e.District
		}
	case rCommitteeS, rCommitteeH:
		e.Name, e.OrgType = w.orgName(i), "committee"
		e.Chamber = "senate"
		if nd.role == rCommitteeH {
			e.Chamber = "house"
		}
		e.SourceURL = fmt.Sprintf("https://legislature.%s/committees/%s", stateDomain, nd.id)
	case rDepartment:
		e.Name, e.OrgType = w.orgName(i), "government"
		e.SourceURL = "https://" + stateDomain + "/" + nd.id
	case rCouncil:
		e.Name, e.OrgType = w.orgName(i), "council"
		e.Props = map[string]string{"town": town(k)}
	case rCoalitionOurs:
		e.Name, e.OrgType = stateName+" Fair Futures Coalition", "coalition"
		e.Email = "hello@fairfutures." + stateDomain
		e.Notes = "Our coalition: member agencies, congregations and unions organizing for fair housing, transit and wages."
	case rCoalitionOther:
		names := []string{"Prosperity Alliance", "Taxpayers' Lantern League", "Growth Council", "Heritage Roundtable"}
		e.Name, e.OrgType = stateName+" "+names[k%len(names)], "coalition"
		if k >= len(names) {
			e.Name += " of " + place
		}
	case rAgency:
		e.Name, e.OrgType = place+" "+serviceKinds[r.IntN(len(serviceKinds))], "agency"
		e.Props = map[string]string{"town": place}
	case rCongregation:
		f := faithNames[r.IntN(len(faithNames))]
		e.Name, e.OrgType = f.pre+place+f.post, "congregation"
	case rBusiness:
		e.Name, e.OrgType = last+" "+businessKinds[r.IntN(len(businessKinds))], "business"
		e.Props = map[string]string{"town": place, "employees": strconv.Itoa(5 + int(pareto(r, 5, 1.1, 20000)))}
	case rUnion:
		e.Name, e.OrgType = stateName+" "+trades[k%len(trades)]+" Local "+strconv.Itoa(100+k), "union"
	case rMedia:
		papers := []string{"Courier", "Ledger", "Lantern", "Tribune", "Public Radio"}
		e.Name, e.OrgType = "The "+place+" "+papers[r.IntN(len(papers))], "media"
	case rLobbyFirm:
		_, last2, _ := personName(r)
		e.Name, e.OrgType = last+" & "+last2+" Public Affairs", "lobbying firm"
	case rPAC:
		// A PAC is a donor that is an organization.
		e.Kind = graph.KindDonor
		e.Name, e.OrgType = stateName+" "+trades[k%len(trades)]+" for Progress PAC", "pac"
		if k%3 == 1 {
			e.Name = place + " Business Forward PAC"
		} else if k%3 == 2 {
			e.Name = "Friends of " + place + " PAC"
		}
		e.Props = map[string]string{"committee_id": fmt.Sprintf("WM%06d", 1000+k)}
	}
	if e.Name == "" {
		e.Name = nd.id
	}
}

// uniqueNamesUpTo is the largest map whose people get distinct names.
const uniqueNamesUpTo = 5000

func (w *world) describePerson(i int32, e *graph.Entity, r *rand.Rand, used map[string]bool) {
	nd := &w.nodes[i]
	first, last, full := personName(r)
	if used != nil {
		// Another surname, drawn from the node's hash so that the random
		// stream, and so every other entity, stays as it was.
		stem := strings.TrimSuffix(full, last)
		for k := uint64(0); used[first+" "+last] && k < 16; k++ {
			last = lastNames[w.hash(i, 40+k)%uint64(len(lastNames))]
		}
		used[first+" "+last] = true
		full = stem + last
	}
	e.Name = full
	if nick, ok := nicknames[first]; ok && r.IntN(2) == 0 {
		e.Aliases = []string{nick + " " + last}
	}
	switch nd.role {
	case rExec, rSenator, rRep, rMayor, rCouncilMember, rDirector:
		e.Kind = graph.KindOfficial
		e.Party = w.party(i)
		e.Email = emailOf(first, last, stateDomain)
		e.Phone = fmt.Sprintf("+1-555-01%02d", w.hash(i, 13)%100)
		e.Props = map[string]string{"first_elected": strconv.Itoa(w.firstElected(i))}
	}
	switch nd.role {
	case rExec:
		e.Title, e.Chamber = execPosts[nd.k].title, "executive"
		e.District = ""
		e.SourceURL = "https://" + stateDomain + "/" + execPosts[nd.k].id
	case rSenator:
		e.Title, e.Chamber = "State Senator", "senate"
		e.District = senateDistrictName(nd.district)
		e.SourceURL = "https://legislature." + stateDomain + "/senate/" + e.District
		if len(e.Aliases) == 0 && nd.k%4 == 0 {
			e.Aliases = []string{"Senator " + last}
		}
	case rRep:
		e.Title, e.Chamber = "State Representative", "house"
		e.SourceURL = "https://legislature." + stateDomain + "/house/" + e.District
	case rMayor:
		e.Title = "Mayor of " + w.townOf(nd.org)
		e.Party = ""
	case rCouncilMember:
		e.Title = "Council Member, " + w.townOf(nd.org)
		e.Party = ""
	case rDirector:
		e.Title = "Director, " + w.orgName(nd.org)
		e.Party = ""
		delete(e.Props, "first_elected")
		e.Props["appointed"] = strconv.Itoa(w.firstElected(i))
	case rLegStaff:
		e.Labels = []string{graph.LabelStaff}
		e.Title = []string{"Chief of Staff", "Scheduler", "District Director"}[nd.sub]
		e.Email = emailOf(first, last, stateDomain)
	case rDeptStaff:
		e.Title = []string{"Policy Analyst", "Program Manager", "Deputy Director", "Legislative Liaison"}[r.IntN(4)]
	case rCoalitionStaff:
		e.Labels = []string{graph.LabelStaff}
		e.Title = []string{"Organizer", "Policy Director", "Communications Director", "Executive Director"}[r.IntN(4)]
		if nd.ours {
			e.Email = emailOf(first, last, "fairfutures."+stateDomain)
		}
	case rAgencyStaff:
		e.Labels = []string{graph.LabelStaff}
		e.Title = []string{"Executive Director", "Case Manager", "Program Director"}[nd.k%3]
	case rBoard:
		e.Labels = []string{graph.LabelBoard}
		if nd.k == 0 {
			e.Title = "Board Chair"
		}
	case rClient:
		e.Labels = []string{graph.LabelClient}
		if r.IntN(4) == 0 {
			e.Labels = append(e.Labels, graph.LabelSpeaker)
		}
		e.Props = map[string]string{"language": languages[r.IntN(len(languages))]}
	case rMember:
		e.Labels = []string{"member"}
		if r.IntN(10) == 0 {
			e.Labels = append(e.Labels, graph.LabelSpeaker)
		}
	case rVolunteer:
		e.Labels = []string{"volunteer"}
	case rClergy:
		e.Labels = []string{"clergy"}
		e.Title = []string{"Pastor", "Rabbi", "Imam", "Reverend", "Clerk of Meeting"}[r.IntN(5)]
	case rBusinessLeader:
		e.Labels = []string{"business"}
		e.Title = []string{"Owner", "President", "Chief Executive"}[r.IntN(3)]
	case rUnionLeader:
		e.Labels = []string{"labor"}
		e.Title = "President"
	case rJournalist:
		e.Labels = []string{"journalist"}
		e.Title = []string{"Statehouse Reporter", "Editor", "Columnist"}[r.IntN(3)]
	case rLobbyist:
		e.Labels = []string{"lobbyist"}
		e.Title = "Lobbyist"
	case rAdviser:
		e.Labels = []string{"consultant"}
		e.Title = "Political Consultant"
	case rDonor:
		e.Kind = graph.KindDonor
		e.Props = map[string]string{"occupation": occupations[r.IntN(len(occupations))]}
		if nd.emp != none {
			e.Props["employer_id"] = w.nodes[nd.emp].id
		}
	case rPublic:
		if r.IntN(200) == 0 {
			e.Notes = "Met at the " + town(r.IntN(40)) + " town hall."
		}
	}
}
